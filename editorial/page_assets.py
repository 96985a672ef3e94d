"""`page_assets(root, page)`: the files under docs/ a page references, read from the page as built.

One function for every check that must know them: the docs/ tree (`docs_tree`: only pages and what they reference
are published) and the digest an approval binds (an image swapped after approval is a changed page). It reads the
rendered HTML with an HTML5 parser, so inline and reference-style Markdown images, raw `<img>` and links to files are
all found, and an attribute list or a character reference cannot hide one.
"""

from __future__ import annotations

import functools
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from igm_site.rendered import render_body, rules_digest

from .errors import EditorialError
from .front_matter import parse_front_matter

__all__ = ["page_assets"]

_REFERENCES = (("img", "src"), ("a", "href"), ("source", "src"), ("video", "src"), ("audio", "src"), ("link", "href"))


def _target(url: str, page_dir: str, docs_dir: str) -> str | None:
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    joined = posixpath.normpath(
        posixpath.join(docs_dir, path.lstrip("/")) if path.startswith("/") else posixpath.join(page_dir, path)
    )
    return joined if joined.startswith(docs_dir + "/") else None


def _assets(root: Path, page: str, data: bytes, docs_dir: str) -> list[str]:
    front = parse_front_matter(data.decode("utf-8", errors="replace"), page)
    tree = LexborHTMLParser(f"<body>{render_body(root, front.body)}</body>")
    page_dir = posixpath.dirname(page)
    found = set()
    for tag, attribute in _REFERENCES:
        for node in tree.css(f"{tag}[{attribute}]"):
            target = _target(node.attributes.get(attribute) or "", page_dir, docs_dir)
            if target and not target.endswith(".md") and (root / target).is_file():
                found.add(target)
    return sorted(found)


def page_assets(root: Path, page: str, docs_dir: str = "docs") -> list[str]:
    """Repository paths of the files under `docs_dir` that `page` (a repository path, docs/articles/x.md) references
    and that exist; pages it links to are not assets. A page that cannot be parsed references nothing."""
    try:
        return list(_remembered(root, page, (root / page).read_bytes(), rules_digest(root), docs_dir))
    except EditorialError:  # its front matter does not parse: the source check says so
        return []


@functools.lru_cache(maxsize=1024)  # within one process: the same bytes and rules give the same answer
def _remembered(root: Path, page: str, data: bytes, rules: str, docs_dir: str) -> tuple[str, ...]:
    return tuple(_assets(root, page, data, docs_dir))
