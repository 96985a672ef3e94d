"""Front matter reaches the theme's templates, which print it unescaped (Material's `<title>`, header and
`<meta name="description">`; MkDocs' Jinja has no autoescape). Escaping once, at the source, covers every template
that prints it, ours and the theme's, without copying the theme's templates.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from markupsafe import Markup, escape

__all__ = ["escape_front_matter"]


def escape_front_matter(meta: MutableMapping[str, Any]) -> None:
    """Replace every top-level text value by its HTML-escaped `Markup`.

    `Markup` prints as is, and Jinja's `| e` leaves it alone, so nothing is escaped twice. Call it after the
    plugin has used the plain values (the JSON-LD, citations).
    """
    for key, value in meta.items():
        if isinstance(value, str) and not isinstance(value, Markup):
            meta[key] = escape(value)
