"""The allow-list every page's rendered content passes through before it reaches the template (Ammonia, via `nh3`).

What a page may carry is listed here, not what it may not: the tags Markdown and our blocks emit, a few attributes,
the classes of admonitions and of our own blocks. Nothing else survives: no `style`, `hidden`, `on*`, no Material
layout class (`md-consent__inner`), no element that hides or swallows what follows (`canvas`, `video`, `select`), no
id the template uses (`review-status`), no link that is not http(s), mailto or relative, no image from another host.
`removals` names what `sanitize` takes out, for `editorial check` to report with file and line.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from collections.abc import Collection

import nh3
from selectolax.lexbor import LexborHTMLParser

__all__ = ["Removal", "removals", "sanitize"]

# fmt: off
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
})
# fmt: on
_COMMON = {"id", "class", "title", "lang"}
ATTRIBUTES = {
    "a": {"href", "aria-label"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
    "time": {"datetime"},
    "details": {"open", "data-audience"},
    "div": {"data-audience", "data-igm-deferred"},
    "table": {"data-categories-table", "data-criteria-table"},
}
# Admonitions (Material's types, less "success", "check" and "done": nothing on a page looks like an approval).
# fmt: off
_ADMONITIONS = {
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "question", "help", "faq",
    "warning", "caution", "attention", "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite",
}
# fmt: on
CLASSES = {
    "a": {"headerlink", "igm-cite", "igm-backlink"},
    "div": {
        "admonition",
        "igm-audience",
        "igm-calculator",
        "igm-calculator--embedded",
        "igm-calc__population",
        "igm-calc__statements",
    }
    | _ADMONITIONS,
    "details": {"igm-audience", "igm-references-fold", *_ADMONITIONS},
    "p": {"admonition-title", "igm-audience__label", "igm-calc__purpose", "igm-calc__version"},
    "summary": {"igm-audience__label"},
    "sup": {"igm-citation-needed"},
    "ol": {"igm-references"},
    "span": {"igm-unverified"},
    "table": {"igm-table"},
}
# Ids the theme and our templates give their own elements: a page may not take them (a heading `{#review-status}`
# would capture the "Full review status" link).
# Material's are "__drawer", "__search", "__toc", "__palette_0", ...: all start with "__".
RESERVED_IDS = frozenset({"review-status", "disclaimer"})
_RESERVED_ID = re.compile(r"^__")
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_END_TAG = re.compile(r"</([a-zA-Z][\w-]*)")
DEFERRED = re.compile(r"^(form|all):([\w-]+)$")


@dataclasses.dataclass(frozen=True)
class Removal:
    what: str  # "element", "attribute", "class", "id", "link", "comment"
    tag: str
    name: str  # the element, attribute, class or id taken out, or the link's scheme

    def __str__(self) -> str:
        if self.what == "element":
            return f"raw <{self.tag}> element"
        if self.what == "comment":
            return "an HTML comment that is never closed (it swallows the rest of the page)"
        if self.what == "link":
            return f"a {self.name}: link target in <{self.tag}>"
        kind = "event-handler attribute" if self.name.startswith("on") and self.what == "attribute" else self.what
        return f"{kind} '{self.name}' in <{self.tag}>"


def _url_scheme(value: str) -> str | None:
    """The scheme a browser reads (it drops tabs and newlines, and leading or trailing C0 controls and spaces)."""
    cleaned = re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21))))
    match = _SCHEME.match(cleaned)
    return match[1].lower() if match else None


def _attribute_problem(tag: str, name: str, value: str, deferred: Collection[str]) -> Removal | None:
    if name == "id":
        if value in RESERVED_IDS or _RESERVED_ID.match(value):
            return Removal("id", tag, value)
        return None
    if name not in _COMMON and name not in ATTRIBUTES.get(tag, ()):
        return Removal("attribute", tag, name)
    if name in ("href", "src"):
        scheme = _url_scheme(value)
        if (scheme and scheme not in URL_SCHEMES) or (tag == "img" and (scheme or value.strip().startswith("//"))):
            return Removal("link", tag, scheme or "another host's")
    if name == "data-igm-deferred":
        match = DEFERRED.match(value)
        if not match or match[2] not in deferred:
            return Removal("attribute", tag, name)
    return None


def _filter(deferred: Collection[str]):
    def attribute_filter(tag: str, name: str, value: str) -> str | None:
        return None if _attribute_problem(tag, name, value, deferred) else value

    return attribute_filter


def sanitize(html: str, calculators: Collection[str] = (), trusted: Collection[str] = ()) -> str:
    """`html` (a page's rendered content) with only what the allow-list names; `calculators` are the ids whose
    deferred form the page may hold (the plugin's own placeholders); each `trusted` fragment found in `html` (HTML the
    build made, e.g. a calculator's tables) passes as is, behind a token no page can guess."""
    nonce, kept = secrets.token_hex(8), {}
    for fragment in sorted(trusted, key=len, reverse=True):
        if fragment and fragment in html:
            token = f'<div data-igm-trusted="{nonce}-{len(kept)}"></div>'
            kept[token] = fragment
            html = html.replace(fragment, token)
    tokens = {token.split('"')[1] for token in kept}
    allowed = _filter(calculators)

    def attribute_filter(tag: str, name: str, value: str) -> str | None:
        if name == "data-igm-trusted":
            return value if value in tokens else None
        return allowed(tag, name, value)

    clean = nh3.clean(
        html,
        tags=set(TAGS),
        attributes={"*": _COMMON - {"class"}, **ATTRIBUTES, "div": {*ATTRIBUTES["div"], "data-igm-trusted"}},
        allowed_classes=CLASSES,
        url_schemes=set(URL_SCHEMES),
        attribute_filter=attribute_filter,
        link_rel=None,
        strip_comments=True,
    )
    for token, fragment in kept.items():
        clean = clean.replace(token, fragment)
    return clean


def removals(html: str, calculators: Collection[str] = ()) -> list[Removal]:
    """What `sanitize` takes out of `html`, in document order, read by an HTML5 parser as a browser reads it."""
    found: list[Removal] = []
    body = LexborHTMLParser(f"<!DOCTYPE html><html><body>{html}</body></html>").body
    for node in body.traverse(include_text=False) if body else ():
        tag = node.tag
        if tag == "body" or tag.startswith("_") or tag.startswith("-"):
            continue
        if tag not in TAGS:
            found.append(Removal("element", tag, tag))
            continue
        for name, value in node.attributes.items():
            if name == "class":
                found += [Removal("class", tag, c) for c in (value or "").split() if c not in CLASSES.get(tag, ())]
            elif problem := _attribute_problem(tag, name, value or "", calculators):
                found.append(problem)
    # An end tag with no element (`</title>` in a title) does nothing in a browser, but it is written to break out.
    named = {r.tag for r in found if r.what == "element"}
    for tag in sorted({t.lower() for t in _END_TAG.findall(html)} - TAGS - named):
        found.append(Removal("element", tag, tag))
    start = html.rfind("<!--")
    if start >= 0 and "-->" not in html[start + 4 :]:
        found.append(Removal("comment", "!--", "<!--"))
    return found
