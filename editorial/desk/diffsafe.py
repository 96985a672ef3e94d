"""Why readers might not see a block of the rendered diff as the reviewer sees it there.

The desk shows each block through the site's own allow-list (`igm_site.sanitize`, in `diffs`), so nothing in the
diff is hidden or styled by anyone's CSS (D11: an added `<span class="visually-hidden">` was 0 px high in the diff).
But the site may still hide or move that text for readers, so the block as the page's Markdown renders it is parsed
as a browser parses it (the standard library's HTML tokenizer) and whatever could hide or move text is returned as a
reason; the desk flags the block with it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["hiding_reasons"]

HIDING_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0|(?:height|font-size|width)\s*:\s*0|clip|position",
    re.IGNORECASE,
)
UNSEEN = {"script", "style", "template", "noscript"}  # their content never reaches a reader's eye


class _Reasons(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.reasons: list[str] = []
        self.text: list[str] = []
        self.unseen = 0

    def _note(self, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)

    def handle_starttag(self, tag, attrs):
        self.unseen += tag in UNSEEN
        for name, value in attrs:
            value = value or ""
            if name == "class":
                self._note(f'the class "{value}", which the site\'s styles may use to hide or move it')
            elif name == "style":
                hides = " (it can hide the text)" if HIDING_STYLE.search(value) else ""
                self._note(f'an inline style "{value}"{hides}')
            elif name in ("hidden", "inert") or (name == "aria-hidden" and value.lower() != "false"):
                self._note(f"the attribute {name}, which hides it from readers or screen readers")

    def handle_endtag(self, tag):
        self.unseen = max(0, self.unseen - (tag in UNSEEN))

    def handle_data(self, data):
        if not self.unseen:
            self.text.append(data)

    def handle_comment(self, data):
        if data.strip():
            self._note("an HTML comment, which readers never see")


def hiding_reasons(rendered: str) -> list[str]:
    """What in `rendered` (a block as the page's Markdown renders it) could keep readers from seeing it."""
    parser = _Reasons()
    parser.feed(rendered)
    parser.close()
    if not "".join(parser.text).strip() and "<img" not in rendered:
        parser._note("no visible text at all")
    return parser.reasons
