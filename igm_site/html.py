"""A tiny element builder over ElementTree: escaping is automatic, markup stays well formed."""

from __future__ import annotations

import xml.etree.ElementTree as etree

__all__ = ["E", "link"]


def E(tag: str, attrs: dict[str, str | None] | None = None, *children: etree.Element | str | None) -> etree.Element:
    """`E("p", {"class": "x"}, "text", E("a", {...}, "link"))`. Attributes set to None are dropped."""
    el = etree.Element(tag, {k: v for k, v in (attrs or {}).items() if v is not None})
    last: etree.Element | None = None
    for child in children:
        if child is None:
            continue
        if isinstance(child, str):
            if last is None:
                el.text = (el.text or "") + child
            else:
                last.tail = (last.tail or "") + child
        else:
            el.append(child)
            last = child
    return el


def link(href: str, text: str) -> etree.Element:
    return E("a", {"href": href}, text)
