"""The Content-Security-Policy of the built site, as a `<meta>` tag in every page and a `_headers` file.

No `'unsafe-inline'` and no `'unsafe-eval'`: the inline scripts Material writes into each page are
allowed by their sha256 hashes; `'wasm-unsafe-eval'` is what Pyodide needs to compile its WebAssembly.
Only scripts the build itself emits are hashed: their bodies must match one of the theme's own inline scripts,
read from Material's templates (`THEME_SCRIPTS`). Any other inline script (one that came in with a page's
content or front matter) fails the build instead of being allowed. The same policy goes to static hosts that read `_headers` (Netlify,
Cloudflare Pages) and to the local server (`igm_site.serve`), which reads that file too.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import material
from selectolax.lexbor import LexborHTMLParser

__all__ = [
    "THEME_SCRIPTS",
    "HeaderRules",
    "UnknownInlineScript",
    "add_policy_meta",
    "headers_file",
    "inline_script_hashes",
    "policy",
]

HEADERS_FILE = "_headers"
# Directives every response gets. frame-ancestors and report-to do nothing in a <meta> policy
# (browsers ignore them there and log a warning), so only the header carries them.
_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("worker-src", "'self'"),  # the calculators' worker and the service worker (sw.js), both our own files
    ("manifest-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
_HEADER_ONLY = (("frame-ancestors", "'none'"),)
# Data blocks are never executed, so CSP does not govern them and they need no hash.
_DATA_TYPES = {"application/json", "application/ld+json"}
# Material's inline scripts live in these partials; a `{{ ... }}` in them is a URL (the site's base).
THEME_SCRIPTS = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
_TEMPLATE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}")
_URL_VALUE = r"[\w./:%?#=&-]*"
_HEAD = re.compile(r"<head\b[^>]*>\s*(<meta\s+charset=[^>]*>)?", re.IGNORECASE)
# Files whose name changes with their content: safe to cache for a year.
_IMMUTABLE_DIRS = ("assets/pyodide/",)
_HASHED_NAME = re.compile(r"\.[0-9a-f]{8,}(\.min)?\.(js|css|zip|json|bin)$")
SECURITY_HEADERS = (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"))
IMMUTABLE = "public, max-age=31536000, immutable"


@cache
def _known_scripts() -> tuple[re.Pattern[str], ...]:
    patterns = []
    for template in sorted(THEME_SCRIPTS.glob("*.html")):
        for body in _TEMPLATE_SCRIPT.findall(template.read_text(encoding="utf-8")):
            parts = _PLACEHOLDER.split(body)
            patterns.append(re.compile(_URL_VALUE.join(re.escape(part) for part in parts), re.DOTALL))
    if not patterns:
        raise ValueError(f"no inline scripts found in {THEME_SCRIPTS}; has the theme moved them?")
    return tuple(patterns)


class UnknownInlineScript(ValueError):
    """An inline script the build did not emit: it came with a page's content, so it is refused, not hashed."""


_SCRIPT_OPEN = re.compile(r"<script(?=[\s>/])(?P<attrs>[^>]*)>", re.IGNORECASE)
_SRC_OR_DATA = re.compile(r"""\bsrc\s*=|\btype\s*=\s*["']?\s*application/(ld\+)?json\b""", re.IGNORECASE)


def _quick_bodies(page_html: str) -> list[str]:
    """Inline script bodies by a fast scan; exact for the pages we build, checked by the parser when in doubt."""
    bodies = []
    for match in _SCRIPT_OPEN.finditer(page_html):
        if _SRC_OR_DATA.search(match["attrs"]):
            continue
        end = page_html.find("</script", match.end())  # any other spelling falls to the parser below
        bodies.append(page_html[match.end() : end if end >= 0 else len(page_html)])
    return bodies


def _parsed_bodies(page_html: str) -> list[str]:
    """Executable inline script bodies as a browser reads them (Lexbor, an HTML5 parser): `<script>` inside an
    attribute or a `<textarea>` is text; a body is the script's raw text."""
    bodies = []
    for node in LexborHTMLParser(page_html).css("script"):
        attrs = node.attributes
        if "src" not in attrs and (attrs.get("type") or "").strip().lower() not in _DATA_TYPES:
            bodies.append(node.text(deep=True))
    return bodies


@cache  # the theme's few scripts repeat on every page
def _known(body: str) -> bool:
    return any(known.fullmatch(body) for known in _known_scripts())


def inline_script_hashes(page_html: str) -> list[str]:
    """CSP source expressions (`'sha256-…'`) for the theme's inline scripts of a page, in page order.

    Raises UnknownInlineScript for any other inline script. The fast scan decides when every script it finds is
    the theme's; otherwise an HTML5 parser reads the page as a browser would (text in an attribute is not a script).
    """
    bodies = _quick_bodies(page_html)
    if not all(_known(body) for body in bodies):
        bodies = _parsed_bodies(page_html)
    hashes = []
    for body in bodies:
        if not _known(body):
            raise UnknownInlineScript(
                f"an inline <script> the build does not emit ({body.strip()[:80]!r}); pages may not carry scripts"
            )
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def policy(script_hashes: Iterable[str] = (), *, header: bool = False) -> str:
    """The policy text; `header=True` adds the directives only a response header can carry."""
    directives = [*_DIRECTIVES, *(_HEADER_ONLY if header else ())]
    hashes = " ".join(sorted(set(script_hashes)))
    return "; ".join(
        f"{name} {value} {hashes}" if name == "script-src" and hashes else f"{name} {value}"
        for name, value in directives
    )


def add_policy_meta(page_html: str) -> tuple[str, list[str]]:
    """The page with its policy as the first element of <head> (after the charset), and its script hashes."""
    hashes = inline_script_hashes(page_html)
    content = html.escape(policy(hashes), quote=False).replace('"', "&quot;")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    match = _HEAD.search(page_html)
    if not match:
        raise ValueError("the page has no <head>; its Content-Security-Policy cannot be added")
    return f"{page_html[: match.end()]}{meta}{page_html[match.end() :]}", hashes


def immutable_paths(site_dir: Path) -> list[str]:
    """Site paths (with a leading slash) a host may cache as immutable."""
    paths = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        if not rel.startswith(_IMMUTABLE_DIRS) and _HASHED_NAME.search(rel):
            paths.append(f"/{rel}")
    return paths


def headers_file(script_hashes: Iterable[str], site_dir: Path) -> str:
    """`_headers` in the format Netlify and Cloudflare Pages read: a path, then indented headers."""
    lines = [
        "# Generated by the igm-guide MkDocs plugin. Read by Netlify, Cloudflare Pages and `python -m igm_site.serve`.",
        "/*",
        f"  Content-Security-Policy: {policy(script_hashes, header=True)}",
        *(f"  {name}: {value}" for name, value in SECURITY_HEADERS),
    ]
    for directory in _IMMUTABLE_DIRS:
        lines += [f"/{directory}*", f"  Cache-Control: {IMMUTABLE}"]
    for path in immutable_paths(site_dir):
        lines += [path, f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


@dataclass
class HeaderRules:
    """The rules of a `_headers` file; `*` matches any run of characters, slashes included."""

    rules: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> HeaderRules:
        rules: list[tuple[str, list[tuple[str, str]]]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not line[0].isspace():
                rules.append((line.strip(), []))
            elif rules and ":" in line:
                name, value = line.split(":", 1)
                rules[-1][1].append((name.strip(), value.strip()))
            else:
                raise ValueError(f"{HEADERS_FILE} line {number}: expected a path or an indented 'Name: value'")
        return cls(rules)

    @classmethod
    def read(cls, site_dir: Path) -> HeaderRules:
        path = site_dir / HEADERS_FILE
        return cls.parse(path.read_text(encoding="utf-8")) if path.is_file() else cls()

    def for_path(self, path: str) -> dict[str, str]:
        """Headers for a URL path; a later matching rule overrides an earlier one's header of the same name."""
        headers: dict[str, str] = {}
        for pattern, values in self.rules:
            if fnmatch.fnmatchcase(path, pattern.replace("[", "[[]")):
                headers.update(values)
        return headers
