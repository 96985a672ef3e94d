"""Numbered citations: `[@morel2009]` or `[@a; @b]` in Markdown, references in the front matter.

Numbers follow the order of first citation. A citation without a reference, or a reference never
cited, is an error that names the page and the key (the build fails on it).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .html import E
from .references import reference_links

__all__ = ["CITATION", "CitationError", "Cited", "apply_citations"]

CITATION = re.compile(r"\[(@[\w.-]+(?:\s*;\s*@[\w.-]+)*)\]")
REQUIRED_KEYS = ("id", "citation")


class CitationError(ValueError):
    pass


@dataclass
class Cited:
    markdown: str
    order: list[str] = field(default_factory=list)


def _check_references(references: Any, page: str) -> dict[str, Mapping[str, Any]]:
    if not isinstance(references, Sequence) or isinstance(references, str):
        raise CitationError(f"{page}: front matter 'references' must be a list of {{id, citation, pmid, doi}}.")
    by_id: dict[str, Mapping[str, Any]] = {}
    for n, ref in enumerate(references, start=1):
        missing = [k for k in REQUIRED_KEYS if not (isinstance(ref, Mapping) and ref.get(k))]
        if missing:
            raise CitationError(f"{page}: references[{n}] lacks {', '.join(missing)}.")
        if ref["id"] in by_id:
            raise CitationError(f"{page}: references[{n}] repeats the id {ref['id']!r}.")
        by_id[str(ref["id"])] = ref
    return by_id


def _reference_list(order: list[str], by_id: Mapping[str, Mapping[str, Any]]) -> str:
    items = [E("li", {"id": f"ref-{key}"}, str(by_id[key]["citation"]), *reference_links(by_id[key])) for key in order]
    return etree.tostring(E("ol", {"class": "igm-references"}, *items), encoding="unicode", method="html")


def apply_citations(markdown: str, references: Any, page: str) -> Cited:
    """Replace citation keys by numbered links and append the reference list under "References"."""
    by_id = _check_references(references or [], page)
    cited = Cited(markdown)

    def number(match: re.Match[str]) -> str:
        links = []
        for key in (k.strip().lstrip("@") for k in match.group(1).split(";")):
            if key not in by_id:
                raise CitationError(f"{page}: citation [@{key}] has no entry in the front matter 'references'.")
            if key not in cited.order:
                cited.order.append(key)
            n = cited.order.index(key) + 1
            links.append(f'<a href="#ref-{key}" class="igm-cite" aria-label="Reference {n}">{n}</a>')
        return f"<sup>[{', '.join(links)}]</sup>"

    body = CITATION.sub(number, markdown)
    uncited = [key for key in by_id if key not in cited.order]
    if uncited:
        raise CitationError(f"{page}: references {', '.join(uncited)} are listed but never cited.")
    if cited.order:
        body = body.rstrip() + "\n\n## References\n\n" + _reference_list(cited.order, by_id) + "\n"
    cited.markdown = body
    return cited
