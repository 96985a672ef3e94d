"""Refuse HTML in a page that could run code, load another document, or hide the review status and the disclaimer.

Python-Markdown passes raw HTML through, and front matter reaches templates; a page is trusted with neither. The
few tags an article needs (`<sup class="…">`) stay allowed; what is refused here has no use on a clinical page:

- elements that run code, embed or frame another document, or make what follows inert or invisible
  (`<script>`, `<iframe>`, `<template>`, `<noscript>`, `<plaintext>`, ...);
- event-handler attributes (`onerror=`) and the attributes that hide an element (`hidden`, `inert`, `style`), because
  an unclosed `<div hidden>` in the body would hide the disclaimer the template puts after it;
- `javascript:`, `vbscript:` and `data:` link targets;
- an HTML comment that is never closed (it would swallow the rest of the page).

The scan works on the page source (so it names the line) and also on the parsed front matter values (so YAML
escapes such as "\\x3cscript>" cannot slip past it).
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterator
from typing import Any

from .front_matter import FrontMatter

__all__ = ["RawHtmlFinding", "refuse_raw_html", "scan_text"]

REFUSED_TAGS = (
    "script|iframe|frame|frameset|object|embed|applet|portal|template|noscript|noembed|noframes|plaintext|xmp"
    "|textarea|title|style|base|meta|link|form|svg|math|slot|dialog"
)
_REFUSED_TAG = re.compile(rf"<\s*/?\s*(?P<tag>{REFUSED_TAGS})(?=[\s/>]|$)", re.IGNORECASE)
# A start tag, possibly spread over several lines; attribute values may hold ">" only inside quotes.
_TAG = re.compile(r"""<[a-zA-Z][\w:-]*(?:\s+(?:[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?|/))*\s*/?>""")
# What a browser still reads as a tag when a value breaks the rules (an unquoted value holding a quote:
# `<img src=x onerror=alert('X')>`): up to the next ">", after a tag name and white space.
_LOOSE_TAG = re.compile(r"<[a-zA-Z][\w:-]*\s[^>]*>")
_ATTR_NAME = re.compile(
    r"""[\s"'/](?P<name>on[a-z]+|hidden|inert|style|srcdoc|formaction)(?=\s*(?:=|[\s/>]|$))""", re.I
)
_SCHEMES = r"(?:java\s*script|vb\s*script|data)\s*:"
_BAD_URL = re.compile(
    rf"""(?:\]\(\s*<?\s*{_SCHEMES}"""  # [text](javascript:...)
    rf"""|^\s*\[[^\]]+\]:\s*<?\s*{_SCHEMES}"""  # [ref]: javascript:...
    rf"""|<\s*{_SCHEMES}"""  # <javascript:...>
    rf"""|=\s*["']?\s*{_SCHEMES})""",  # href="javascript:..."
    re.IGNORECASE | re.MULTILINE,
)


@dataclasses.dataclass(frozen=True)
class RawHtmlFinding:
    page: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.what}"


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _scan(source: str) -> Iterator[tuple[int, str]]:
    for match in _REFUSED_TAG.finditer(source):
        yield match.start(), f"raw <{match['tag'].lower()}> element"
    for match in [*_TAG.finditer(source), *_LOOSE_TAG.finditer(source)]:
        for attr in _ATTR_NAME.finditer(match.group(0)):
            name = attr["name"].lower()
            kind = "event-handler" if name.startswith("on") else "concealing or framing"
            yield match.start(), f"{kind} attribute '{name}' in <{_tag_name(match)}>"
    for match in _BAD_URL.finditer(source):
        yield match.start(), "a javascript:, vbscript: or data: link target"
    for match in re.finditer(r"<!--", source):
        if "-->" not in source[match.end() :]:
            yield match.start(), "an HTML comment that is never closed"


def scan_text(text: str) -> list[tuple[int, str]]:
    """(offset, what) for every refused construct in `text`, raw or written with character references."""
    found = set(_scan(text))
    if "&" in text:
        # Character references are decoded by the browser inside attributes: `java&#115;cript:`.
        offset = 0
        for line in text.splitlines(keepends=True):
            decoded = html.unescape(line)
            if decoded != line:
                found.update((offset, what) for _, what in _scan(decoded))
            offset += len(line)
    return sorted(found)


def _tag_name(match: re.Match[str]) -> str:
    return re.match(r"<([\w:-]+)", match.group(0))[1].lower()  # type: ignore[index]


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, path) if isinstance(key, str) else ()
            yield from _strings(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def refuse_raw_html(page: str, source: str, front: FrontMatter) -> list[RawHtmlFinding]:
    """Every refused construct in a page, with the line of the file it is on."""
    findings = {RawHtmlFinding(page, _line_of(source, offset), what) for offset, what in scan_text(source)}
    for key_path, text in _strings(front.data, ""):
        line = front.key_line(key_path.split(".")[0].split("[")[0])
        for _offset, what in scan_text(text):
            # Written plainly in the source, it is already named at its own line.
            if not any(f.what == what and line <= f.line < front.body_line for f in findings):
                findings.add(RawHtmlFinding(page, line, f"front matter field '{key_path}': {what}"))
    return sorted(findings, key=lambda f: (f.line, f.what))
