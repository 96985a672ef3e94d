"""What changed since the last approval: the Markdown diff, a rendered diff block by block, changed calculator files."""

from __future__ import annotations

import dataclasses
import difflib
import html
import re

import markdown as md

from igm_site.sanitize import sanitize

from ..errors import EditorialError
from ..front_matter import parse_front_matter
from .diffsafe import hiding_reasons

__all__ = ["Baseline", "flagged_diff", "markdown_diff", "rendered_diff"]

# The site's own Markdown extensions (mkdocs.yml) that need no MkDocs: enough to read a paragraph, a table, a note.
EXTENSIONS = ["tables", "admonition", "attr_list", "md_in_html", "pymdownx.details", "pymdownx.superfences"]


@dataclasses.dataclass(frozen=True)
class Baseline:
    """The version a diff starts from: its label, the commit it was read from, and its text."""

    label: str
    commit: str
    text: str
    changed_files: tuple[str, ...]  # embedded files (calculators/, images) changed since that commit


def markdown_diff(old: str, new: str, old_label: str, new_label: str) -> list[tuple[str, str]]:
    """Unified diff lines as (kind, text), kind one of: head, hunk, add, del, same."""
    out = []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), old_label, new_label, lineterm="", n=3):
        if line.startswith(("---", "+++")):
            kind = "head"
        elif line.startswith("@@"):
            kind = "hunk"
        else:
            kind = {"+": "add", "-": "del"}.get(line[:1], "same")
        out.append((kind, line))
    return out


def _blocks(text: str) -> list[str]:
    try:
        body = parse_front_matter(text, "page").body  # MkDocs' own split, as the site builds it
    except EditorialError:
        body = text
    return [block.strip("\n") for block in re.split(r"\n\s*\n", body) if block.strip()]


def _render(block: str) -> tuple[str, list[str]]:
    """What readers would see, through the site's allow-list, so a class or style cannot hide a change from the
    reviewer (D11); and why readers might not see it as shown (`diffsafe`)."""
    raw = md.markdown(block, extensions=EXTENSIONS, output_format="html")
    return sanitize(raw), hiding_reasons(raw)


def flagged_diff(old: str, new: str) -> list[tuple[str, str, list[str]]]:
    """The body as readers read it, block by block: (kind, html, why readers might not see it) with kind same, add,
    del or fold. Front matter is left out (the Markdown diff shows it); unchanged runs longer than a few blocks are
    folded."""
    old_blocks, new_blocks = _blocks(old), _blocks(new)
    out: list[tuple[str, str, list[str]]] = []
    matcher = difflib.SequenceMatcher(a=old_blocks, b=new_blocks, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            same = new_blocks[j1:j2]
            if len(same) > 4:
                out += [("same", *_render(b)) for b in same[:1]]
                out.append(("fold", f"{len(same) - 2} unchanged blocks", []))
                out += [("same", *_render(b)) for b in same[-1:]]
            else:
                out += [("same", *_render(b)) for b in same]
            continue
        out += [("del", *_render(b)) for b in old_blocks[i1:i2]]
        out += [("add", *_render(b)) for b in new_blocks[j1:j2]]
    return out


def rendered_diff(old: str, new: str) -> list[tuple[str, str]]:
    """`flagged_diff` without the reasons: (kind, html)."""
    return [(kind, shown) for kind, shown, _ in flagged_diff(old, new)]


def escape(text: str) -> str:
    return html.escape(text)
