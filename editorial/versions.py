"""Earlier versions of a page: what an approval hash was computed from, found again in git.

The ledger records the SHA-256 of what each reviewer saw; this module maps such a hash back to a commit whose tree
hashes to it, so that `editorial diff` can show what changed since, and a production build can show readers the
last approved version of a page while a revision waits for review. Only `git ls-tree`, `git cat-file --batch` and
`git log`.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Iterable
from pathlib import Path

from . import gitrepo
from .content import CALCULATOR_BLOCK, CALCULATORS_DIR, IMAGE, SNIPPET, Content, _local, _sha256
from .history_cache import cat_file, memo_git

__all__ = ["Tree", "Version", "content_at", "find_version"]


class Tree:
    """The files of one commit, read through a single `git cat-file --batch`."""

    def __init__(self, root: Path, commit: str) -> None:
        self.root, self.commit = root, commit
        # a commit's tree never changes: remembered across runs when `commit` is a commit id (history_cache)
        done = memo_git(root, ("ls-tree", "-r", "-z", commit), text=False)
        self.blobs: dict[str, str] = {}
        for record in done.stdout.split(b"\0"):
            if not record:
                continue
            meta, _, path = record.partition(b"\t")
            parts = meta.split()
            if len(parts) == 3 and parts[1] == b"blob":
                self.blobs[path.decode("utf-8", "surrogateescape")] = parts[2].decode()
        self._cache: dict[str, bytes] = {}

    def read_many(self, paths: Iterable[str]) -> None:
        wanted = [p for p in paths if p in self.blobs and p not in self._cache]
        if not wanted:
            return
        found = cat_file(self.root, [self.blobs[p] for p in wanted])  # one process, kept for the run
        for path in wanted:
            self._cache[path] = found[self.blobs[path]][1]

    def read(self, path: str) -> bytes | None:
        if path not in self.blobs:
            return None
        self.read_many([path])
        return self._cache[path]

    def under(self, directory: str) -> list[str]:
        prefix = directory.rstrip("/") + "/"
        return sorted(
            p
            for p in self.blobs
            if p.startswith(prefix) and "__pycache__" not in p.split("/") and not p.endswith((".pyc", ".pyo"))
        )


def content_at(tree: Tree, page: str) -> Content | None:
    """What `page_content` would give for `page` in this commit (None: the page is not in it)."""
    source = tree.read(page)
    if source is None:
        return None
    text = source.decode("utf-8", errors="replace")
    parts: dict[str, str] = {page: _sha256(source)}
    calcs = tuple(sorted(set(CALCULATOR_BLOCK.findall(text))))
    embedded: list[str] = []
    if calcs:
        embedded += tree.under(CALCULATORS_DIR)
    embedded += [posixpath.normpath(m) for m in SNIPPET.findall(text)]
    base = posixpath.dirname(page)
    embedded += [posixpath.normpath(posixpath.join(base, m)) for m in IMAGE.findall(text) if _local(m)]
    tree.read_many(embedded)
    for path in embedded:
        data = tree.read(path)
        parts[path] = _sha256(data) if data is not None else "missing"
    return Content(page=page, calculators=calcs, parts=tuple(sorted(parts.items())))


@dataclasses.dataclass(frozen=True)
class Version:
    commit: str
    content: Content
    source: bytes  # the page's own bytes in that commit


def find_version(root: Path, page: str, content_hash: str, hint: Iterable[str | None] = ()) -> Version | None:
    """The newest commit whose `page` (with what it embeds) hashes to `content_hash`; `hint`: commits to try first."""
    # through gitrepo, so the history cache replays it from its one pass over the history
    done = gitrepo._git(root, "log", "--format=%H", "--", page, CALCULATORS_DIR, check=False)
    seen: set[str] = set()
    for commit in [*(c for c in hint if c), *done.stdout.split()]:
        if commit in seen:
            continue
        seen.add(commit)
        tree = Tree(root, commit)
        content = content_at(tree, page)
        if content is not None and content.approval_hash == content_hash:
            return Version(commit, content, tree.read(page) or b"")
    return None
