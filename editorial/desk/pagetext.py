"""A page's text as an editor's form: front matter fields (title, audience, references) and the Markdown body.

Saving with the fields unchanged keeps the front matter byte for byte, so opening and saving a page never changes
what an approval is bound to; changing a field rewrites the front matter as YAML, keeping every other key.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import yaml

from ..errors import EditorialError
from ..front_matter import parse_front_matter

__all__ = ["AUDIENCES", "REFERENCE_FIELDS", "Fields", "compose", "parse"]

AUDIENCES = ("clinician", "patient")  # igm_site.audience_block.AUDIENCES
REFERENCE_FIELDS = ("id", "citation", "pmid", "doi")
PMID = re.compile(r"^[1-9][0-9]{0,8}$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")


@dataclasses.dataclass
class Fields:
    title: str
    audience: list[str]
    references: list[dict[str, str]]


def parse(text: str) -> tuple[str, dict[str, Any], str]:
    """(front matter text, its data, body), split by MkDocs' own parser (editorial.front_matter), as the site is."""
    try:
        front = parse_front_matter(text, "page")
    except EditorialError as exc:
        raise EditorialError(str(exc).removeprefix("page: ")) from None
    head = text[: len(text) - len(front.body)] if front.data else ""
    return head, front.data, front.body if front.data else text


def fields_of(meta: dict[str, Any]) -> Fields:
    references = []
    for ref in meta.get("references") or []:
        if isinstance(ref, dict):
            references.append({key: "" if ref.get(key) is None else str(ref.get(key)) for key in REFERENCE_FIELDS})
    audience = meta.get("audience") or []
    return Fields(str(meta.get("title") or ""), [str(a) for a in audience], references)


def check(fields: Fields) -> list[str]:
    """What is wrong with the fields, each naming the field."""
    problems = []
    if not fields.title.strip():
        problems.append("Title: a page needs a title.")
    for audience in fields.audience:
        if audience not in AUDIENCES:
            problems.append(f"Audience: {audience!r} is not one of {', '.join(AUDIENCES)}.")
    seen = set()
    for number, ref in enumerate(fields.references, start=1):
        where = f"Reference {number}"
        if not ref["id"]:
            problems.append(f"{where}: needs an id (cite it in the text as [@id]).")
        elif ref["id"] in seen:
            problems.append(f"{where}: id {ref['id']!r} is used twice.")
        seen.add(ref["id"])
        if not ref["citation"]:
            problems.append(f"{where}: needs the citation (authors, title, journal, year).")
        if ref["pmid"] and not PMID.match(ref["pmid"]):
            problems.append(f"{where}: PMID {ref['pmid']!r} must be digits only, as PubMed shows it.")
        if ref["doi"] and not DOI.match(ref["doi"]):
            problems.append(f"{where}: DOI {ref['doi']!r} must look like 10.1234/abc (without https://doi.org/).")
        if not ref["pmid"] and not ref["doi"]:
            problems.append(f"{where}: give its PMID or DOI, so a reviewer can check it against the source.")
    return problems


def compose(original: str, fields: Fields, body: str) -> str:
    """The page's new text: the original front matter kept when the fields did not change."""
    body = body.replace("\r\n", "\n")
    front, meta, _ = parse(original)
    if front and fields_of(meta) == fields:
        return front + body
    meta = dict(meta)
    meta["title"] = fields.title.strip()
    meta["audience"] = list(fields.audience)
    references = []
    old = {str(r.get("id")): r for r in meta.get("references") or [] if isinstance(r, dict)}
    for ref in fields.references:
        kept = dict(old.get(ref["id"], {}))  # other keys of a reference (verification, ...) survive
        for key in REFERENCE_FIELDS:
            if ref[key]:
                kept[key] = ref[key]
            else:
                kept.pop(key, None)
        references.append(kept)
    if references or "references" in meta:
        meta["references"] = references
    dumped = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)
    return f"---\n{dumped}---\n{body if body.startswith(chr(10)) else chr(10) + body}"
