"""What a reader of a built page sees of its review marks: the status box and its label, the caution, the disclaimer,
and whether search engines are told `noindex`.

The page is read by an HTML5 parser (Lexbor, through selectolax), so the tree is the one a browser builds: an
unclosed `<select>` or `<canvas>` encloses what follows here exactly as in Chromium. A mark counts, with its text,
only when neither it nor an ancestor conceals it, and every ancestor is one of the few containers the template puts
it in: an element of any other kind, or one carrying a theme class (`md-search__overlay`), conceals.
"""

from __future__ import annotations

import dataclasses
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["Mark", "ReaderView"]

MARK_CLASSES = ("igm-review", "igm-review__title", "igm-caution", "igm-disclaimer")
# What may hold a mark: the template's containers, and the theme's classes on the way to the article.
_CONTAINERS = frozenset(
    ["html", "body", "div", "main", "article", "section", "aside", "p", "span", "strong", "em", "a", "time", "h1", "h2"]
)
_THEME_CLASSES = frozenset(
    ["md-container", "md-main", "md-main__inner", "md-grid", "md-content", "md-content__inner", "md-typeset"]
)
_HIDING_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*(hidden|collapse)|opacity|font-size\s*:\s*0|height\s*:\s*0|clip|transform"
    r"|position|text-indent",
    re.IGNORECASE,
)


@dataclasses.dataclass
class Mark:
    css_class: str
    visible: bool
    attrs: dict[str, str]
    text: str = ""


def _conceals(node: LexborNode) -> bool:
    attrs = {name: value or "" for name, value in node.attributes.items()}
    classes = attrs.get("class", "").split()
    return (
        node.tag not in _CONTAINERS
        or any(c.startswith("md-") and c not in _THEME_CLASSES for c in classes)
        or "hidden" in attrs
        or "inert" in attrs
        or attrs.get("aria-hidden", "").strip().lower() == "true"
        or bool(_HIDING_STYLE.search(attrs.get("style", "")))
    )


def _visible(node: LexborNode) -> bool:
    while node is not None and node.tag not in ("html", "-undef"):
        if _conceals(node):
            return False
        node = node.parent
    return True


def _text(node: LexborNode) -> str:
    parts = []
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            parts.append(child.text_content or "")
        elif not _conceals(child):
            parts.append(_text(child))
    return "".join(parts)


class ReaderView:
    def __init__(self, html: str) -> None:
        self.tree = LexborHTMLParser(html)
        self.marks = [
            Mark(name, _visible(node), {k: v or "" for k, v in node.attributes.items()}, _text(node))
            for node in self.tree.css(", ".join(f".{c}" for c in MARK_CLASSES))
            for name in MARK_CLASSES
            if name in (node.attributes.get("class") or "").split()
        ]
        self.robots = [(m.attributes.get("content") or "").lower() for m in self.tree.css('meta[name="robots" i]')]

    def visible(self, css_class: str) -> list[Mark]:
        return [m for m in self.marks if m.css_class == css_class and m.visible]

    def all(self, css_class: str) -> list[Mark]:
        return [m for m in self.marks if m.css_class == css_class]

    @property
    def noindex(self) -> bool:
        return any("noindex" in content for content in self.robots)
