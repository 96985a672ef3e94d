"""Reading and writing pages from the desk: what changed since approval, a new page, a saved edit, a comment.

Each goes through the editorial service (the command line's own functions) where one exists, and is committed as
the editor under the desk's lock.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .. import service
from ..errors import EditorialError
from ..gitrepo import read_blob
from ..ledger import ledger_path
from ..repository import Repository
from .actions import Done, commit_paths, record_and_commit, repository_lock, restored_on_failure, signing_setup
from .comments import add_comment, comments_path
from .diffs import Baseline

__all__ = ["baseline", "create_page", "nav_sections", "record_comment", "save_page"]


def baseline(repo: Repository, page: str, since: str = "approval") -> Baseline | None:
    """The page as last approved (or as when changes were last requested), from `editorial diff`; None if none."""
    try:
        found = service.diff(repo, page, since=since)
    except EditorialError:
        return None
    if found.base_commit is None:
        return None
    source = read_blob(repo.root, found.base_commit)
    if source is None:
        return None
    label = {"approval": "last approved", "request": "when changes were last requested"}.get(since, since)
    files = tuple(p for p in found.changed_files if p != page)
    return Baseline(label, found.base_commit, source.decode("utf-8", errors="replace"), files)


def nav_sections(root: Path) -> list[str]:
    """The top-level sections of mkdocs.yml's nav that hold pages (where a new article can go)."""
    config = root / "mkdocs.yml"
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=loader) if config.is_file() else {}
    sections = []
    for item in (data or {}).get("nav") or []:
        if isinstance(item, dict):
            sections += [key for key, value in item.items() if isinstance(value, list)]
    return sections


def create_page(root: Path, page: str, title: str, section: str) -> Done:
    """`editorial new PAGE --title T --nav SECTION`, committed with its ledger and mkdocs.yml."""
    docs_dir = Repository(root).docs_dir
    return record_and_commit(
        root,
        lambda repo: service.new_page(repo, page, title, nav=section or None),
        [page, ledger_path(page, docs_dir), "mkdocs.yml"],
    )


def save_page(root: Path, page: str, text: str) -> str:
    """Write the page and commit it as the editor (signed when a key is set)."""
    path = root / page
    if path.read_text(encoding="utf-8") == text:
        return f"{page}: no change to save."
    with repository_lock(root):
        repo = Repository(root)
        sign, _ = signing_setup(repo)
        before = path.read_bytes()
        path.write_text(text, encoding="utf-8")
        try:
            commit = commit_paths(root, [page], f"{page}: edited in the editorial desk", sign)
        except EditorialError:
            path.write_bytes(before)
            raise
    after = Repository(root).review(page)
    name, email = service.identity(repo)
    note = (
        " It was approved: it now shows as changed since approval until it is submitted and approved again."
        if after.changed_since_approval
        else ""
    )
    return f"{page}: saved. Recorded as {name} <{email}> in commit {commit[:12]}.{note}"


def record_comment(root: Path, page: str, line: int, text: str) -> None:
    with repository_lock(root):
        repo = Repository(root)
        name, email = service.identity(repo)
        current = repo.review(page).current_hash
        rel = comments_path(page, repo.docs_dir)
        with restored_on_failure(root, [rel]):
            add_comment(root, page, repo.docs_dir, line=line, text=text, by=f"{name} <{email}>", content_hash=current)
            sign, _ = signing_setup(repo)
            commit_paths(root, [rel], f"{page}: comment on line {line}", sign)
