"""What a reader of a built page actually sees of its review marks: the status box and its label, the caution, the
disclaimer, and whether search engines are told `noindex`.

A mark present in the HTML is not enough: a `<template>` left open in the header, an unclosed comment, or a `hidden`
wrapper hides everything after it (reliability review 2026-11, §3). So the parser keeps the stack of open elements and
counts a mark, and its text, only when no ancestor conceals it. It reads HTML the way a lenient parser does, not with
the full HTML5 tree builder: an element the page never closes keeps concealing what follows, which is what a browser
does for `<template>` and is the safe reading for the rest.
"""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

__all__ = ["Mark", "ReaderView", "read_page"]

_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"]
)
# Elements whose content a reader does not see as page text.
_CONCEALING_TAGS = frozenset(
    [
        "head",
        "template",
        "noscript",
        "script",
        "style",
        "title",
        "textarea",
        "select",
        "object",
        "iframe",
        "noembed",
        "noframes",
        "xmp",
        "plaintext",
    ]
)
_HIDING_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(hidden|collapse)|opacity\s*:\s*0*(\.0*)?\s*(;|$)|font-size\s*:\s*0"
    r"|(max-)?height\s*:\s*0|clip|transform|position\s*:\s*(absolute|fixed)|text-indent",
    re.IGNORECASE,
)
MARK_CLASSES = ("igm-review", "igm-review__title", "igm-caution", "igm-disclaimer")


@dataclasses.dataclass
class Mark:
    css_class: str
    visible: bool
    attrs: dict[str, str]
    text: str = ""


def _conceals(tag: str, attrs: dict[str, str]) -> bool:
    if tag in _CONCEALING_TAGS:
        return True
    if tag in ("details", "dialog") and "open" not in attrs:
        return True  # closed: only a <details>' summary shows, and we never mark a summary
    if "hidden" in attrs or "inert" in attrs or attrs.get("aria-hidden", "").strip().lower() == "true":
        return True
    return bool(_HIDING_STYLE.search(attrs.get("style", "")))


class ReaderView(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[Mark] = []
        self.robots: list[str] = []
        self._stack: list[tuple[str, bool, list[Mark]]] = []  # tag, conceals, marks it opened
        self._concealing = 0  # how many elements on the stack conceal (kept, not recounted: pages are large)
        self._open_marks: list[Mark] = []

    @property
    def _concealed(self) -> bool:
        return self._concealing > 0

    def _push(self, tag: str, conceals: bool, opened: list[Mark]) -> None:
        self._stack.append((tag, conceals, opened))
        self._concealing += conceals
        self._open_marks += opened

    def _pop_to(self, depth: int) -> None:
        for _, conceals, opened in self._stack[depth:]:
            self._concealing -= conceals
            for mark in opened:
                self._open_marks.remove(mark)
        del self._stack[depth:]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and values.get("name", "").lower() == "robots":
            self.robots.append(values.get("content", "").lower())
        if tag in _VOID:
            return
        conceals = _conceals(tag, values)
        visible = not self._concealed and not conceals
        classes = values.get("class", "").split()
        opened = [Mark(c, visible, values) for c in MARK_CLASSES if c in classes]
        self.marks += opened
        self._push(tag, conceals, opened)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self._stack and self._stack[-1][0] == tag:
            self._pop_to(len(self._stack) - 1)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                self._pop_to(depth)
                return
            if self._stack[depth][0] == "template":
                return  # as in a browser: an end tag inside a template never closes what is outside it

    def handle_data(self, data: str) -> None:
        if self._concealing:
            return
        for mark in self._open_marks:
            mark.text += data

    def visible(self, css_class: str) -> list[Mark]:
        return [m for m in self.marks if m.css_class == css_class and m.visible]

    def all(self, css_class: str) -> list[Mark]:
        return [m for m in self.marks if m.css_class == css_class]

    @property
    def noindex(self) -> bool:
        return any("noindex" in content for content in self.robots)


def read_page(html: str) -> ReaderView:
    view = ReaderView()
    view.feed(html)
    view.close()
    return view
