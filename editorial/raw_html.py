"""What the allow-list sanitiser (`igm_site.sanitize`) takes out of a page, named at the line of the file it came from.

The site never trusts a page's HTML: the plugin sanitises every rendered page. This module only tells the author, at
`editorial check`, what will not reach readers: the body is rendered as the site renders it (so attribute lists,
`md_in_html` and character references are judged as built) and each removal is traced back to its source line. Front
matter values reach templates escaped; markup in them is refused all the same, by the same allow-list.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from igm_site.rendered import render_body
from igm_site.sanitize import Removal, removals

from .content import CALCULATOR_BLOCK
from .front_matter import FrontMatter

__all__ = ["refuse_raw_html"]

_CONTROLS = re.compile("[\t\n\r\x00-\x1f]")


def _needle(removal: Removal) -> re.Pattern[str]:
    if removal.what == "element":
        return re.compile(rf"<\s*/?\s*{re.escape(removal.tag)}(?![\w-])", re.I)
    if removal.what == "link":
        return re.compile(rf"{re.escape(removal.name)}:" if removal.name.isalpha() else r"//", re.I)
    return re.compile(rf"(?<![\w-]){re.escape(removal.name)}(?![\w-])", re.I)


def _line(source: str, first: int, removal: Removal, seen: dict[str, int]) -> int:
    """The source line of the next occurrence of what was removed, read raw or as a browser decodes it."""
    needle = _needle(removal)
    position = seen.get(needle.pattern, first)
    if match := needle.search(source, position):
        seen[needle.pattern] = match.end()
        offset = match.start()
        if removal.what != "element" and source.rfind("<", first, offset) > source.rfind(">", first, offset):
            offset = source.rfind("<", first, offset)  # an attribute of a tag spread over lines: where it starts
        return source.count("\n", 0, offset) + 1
    line_start = source.rfind("\n", 0, position) + 1
    for line in source[line_start:].splitlines(keepends=True):
        if needle.search(_CONTROLS.sub("", html.unescape(line))):
            seen[needle.pattern] = line_start + len(line)
            return source.count("\n", 0, line_start) + 1
        line_start += len(line)
    return source.count("\n", 0, first) + 1


def refuse_raw_html(root: Path, source: str, front: FrontMatter) -> list[tuple[int, str]]:
    """Every removal from the page, as (the line of the file it is on, what)."""
    first = len("".join(source.splitlines(keepends=True)[: front.body_line - 1]))
    calculators = CALCULATOR_BLOCK.findall(front.body)
    findings: set[tuple[int, str]] = set()
    seen: dict[str, int] = {}
    for removal in removals(render_body(root, front.body), calculators):
        findings.add((_line(source, first, removal, seen), str(removal)))
    for number, line in enumerate(front.head_lines, start=1):
        findings.update((number, str(r)) for r in removals(line))
    for key, value in front.data.items():
        for text in _strings(value):
            for removal in removals(text):
                if not any(what == str(removal) and line < front.body_line for line, what in findings):
                    findings.add((front.key_line(key), f"front matter field '{key}': {removal}"))
    return sorted(findings)


def _strings(value):
    """Every string in a front matter value (aliases are refused before this, so the walk is linear)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
