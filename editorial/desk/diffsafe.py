"""A block of the rendered diff, made safe to show in the desk and honest about what readers would not see.

The page's own HTML reaches the rendered diff, and the desk must neither run it nor let it dress as the desk, nor let
it hide a change from the reviewer (D11: an added `<span class="visually-hidden">` was 0 px high in the diff, through
the desk's own CSS class). So each block is parsed as a browser parses it (the standard library's HTML tokenizer)
and rebuilt from an allowlist of tags and attributes: no class, id, style, hidden or aria attribute survives, so
nothing in the diff is hidden or styled by anyone's CSS. Whatever was dropped that could hide or move text on the
site is returned as a reason, and the desk flags the block with it.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

__all__ = ["clean_block"]

TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
    "em", "strong", "b", "i", "u", "code", "pre", "a", "blockquote", "div", "span", "sup", "sub", "br", "hr", "img",
    "details", "summary", "dl", "dt", "dd", "abbr", "del", "ins", "mark", "small", "caption", "figure", "figcaption",
}  # fmt: skip
VOID = {"br", "hr", "img"}
DROP_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "embed", "svg", "math", "noscript", "textarea"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"alt", "title"}, "abbr": {"title"}, "th": {"colspan", "rowspan"},
              "td": {"colspan", "rowspan"}, "ol": {"start"}}  # fmt: skip
# A link keeps its target only with no scheme at all (relative) or http(s)/mailto; browsers drop C0 controls and
# white space inside a scheme, so those are removed before looking.
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
SAFE_SCHEMES = {"http", "https", "mailto"}
HIDING_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0|(?:height|font-size|width)\s*:\s*0|clip|position",
    re.IGNORECASE,
)


def _safe_url(value: str) -> bool:
    bare = re.sub(r"[\x00-\x20\x7f]", "", value)
    scheme = SCHEME.match(bare)
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.text: list[str] = []
        self.reasons: list[str] = []
        self.dropping = 0

    def _note(self, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)

    def handle_starttag(self, tag, attrs):
        if tag in DROP_WITH_CONTENT:
            self.dropping += tag not in VOID
            self._note(f"a <{tag}> element, which the site refuses or does not show")
            return
        for name, value in attrs:
            value = value or ""
            if name == "class":
                self._note(f'the class "{value}", which the site\'s styles may use to hide or move it')
            elif name == "style":
                hides = " (it can hide the text)" if HIDING_STYLE.search(value) else ""
                self._note(f'an inline style "{value}"{hides}')
            elif name in ("hidden", "inert") or (name == "aria-hidden" and value.lower() != "false"):
                self._note(f"the attribute {name}, which hides it from readers or screen readers")
        if self.dropping or tag not in TAGS:
            return
        kept = []
        for name, value in attrs:
            if name in ATTRIBUTES.get(tag, ()) and value is not None:
                if name == "href" and not _safe_url(value):
                    continue
                kept.append(f' {name}="{html.escape(value, quote=True)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and tag in TAGS and not self.dropping:
            self.out.append(f"</{tag}>")

    def handle_endtag(self, tag):
        if tag in DROP_WITH_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping or tag not in TAGS or tag in VOID:
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))
            self.text.append(data)

    def handle_comment(self, data):
        if data.strip():
            self._note("an HTML comment, which readers never see")


def clean_block(rendered: str) -> tuple[str, list[str]]:
    """(the block rebuilt from the allowlist, why readers might not see what the reviewer sees here)."""
    cleaner = _Cleaner()
    cleaner.feed(rendered)
    cleaner.close()
    if not "".join(cleaner.text).strip() and "<img" not in rendered:
        cleaner._note("no visible text at all")
    return "".join(cleaner.out), cleaner.reasons
