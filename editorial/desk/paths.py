"""Which files the desk may read or write: Markdown pages under the docs folder, nothing else."""

from __future__ import annotations

from pathlib import PurePosixPath

from ..errors import EditorialError
from ..repository import Repository

__all__ = ["confine"]


def confine(repo: Repository, raw: str | None) -> str:
    """`docs/…/x.md` for a page name from a request, or EditorialError; never a path outside docs/."""
    if not raw or "\0" in raw or "\\" in raw:
        raise EditorialError("No page named.")
    path = PurePosixPath(raw)
    if path.is_absolute() or ".." in path.parts or any(part.startswith(".") for part in path.parts):
        raise EditorialError(f"{raw!r}: pages are named relative to the repository, inside {repo.docs_dir}/.")
    page = repo.page_path(path.as_posix())
    if not page.endswith(".md"):
        raise EditorialError(f"{page}: a page is a Markdown file ending in .md.")
    docs = (repo.root / repo.docs_dir).resolve()
    full = (repo.root / page).resolve()
    if not full.is_relative_to(docs):
        raise EditorialError(f"{page}: outside {repo.docs_dir}/.")
    return page
