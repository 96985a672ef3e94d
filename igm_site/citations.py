"""Numbered citations: `[@morel2009]` or `[@a; @b]` in Markdown, references in the front matter.

Numbers follow the order of first citation. A citation without a reference, or a reference never
cited, is an error that names the page and the key (the build fails on it).

A citation carries its reference as its `title` (Material's tooltip on hover; cite-preview.js on a long press
or keyboard focus), its first occurrence is the target of the reference's back-link ("↩"), and the reference
a citation jumps to is highlighted (igm-reader.css, `:target`).
"""

from __future__ import annotations

import html
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


def _back_link(key: str, n: int) -> etree.Element:
    return E(
        "a",
        {"href": f"#cite-{key}", "class": "igm-backlink", "aria-label": f"Back to where reference {n} is first cited"},
        "↩",
    )


def _reference_list(order: list[str], by_id: Mapping[str, Mapping[str, Any]]) -> str:
    items = [
        E(
            "li",
            {"id": f"ref-{key}"},
            str(by_id[key]["citation"]),
            *reference_links(by_id[key]),
            " ",
            _back_link(key, n),
        )
        for n, key in enumerate(order, start=1)
    ]
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
            first = key not in cited.order
            if first:
                cited.order.append(key)
            n = cited.order.index(key) + 1
            preview = html.escape(str(by_id[key]["citation"]), quote=True)
            anchor = f' id="cite-{key}"' if first else ""
            links.append(
                f'<a href="#ref-{key}" class="igm-cite" aria-label="Reference {n}" title="{preview}"{anchor}>{n}</a>'
            )
        return f"<sup>[{', '.join(links)}]</sup>"

    body = CITATION.sub(number, markdown)
    uncited = [key for key in by_id if key not in cited.order]
    if uncited:
        raise CitationError(f"{page}: references {', '.join(uncited)} are listed but never cited.")
    if cited.order:
        # Folded: each citation previews its reference where it stands, and opens the list when followed
        # (cite-preview.js; a browser also opens it for a link to an entry); the list prints open.
        count = len(cited.order)
        fold = (
            f'<details class="igm-references-fold"><summary>All {count} reference{"s" if count != 1 else ""}, '
            "with PubMed and DOI links</summary>"
        )
        body = body.rstrip() + "\n\n## References\n\n" + fold + _reference_list(cited.order, by_id) + "</details>\n"
    cited.markdown = body
    return cited
