"""The little the editorial tools ask git: who this clone is, and one batched log of who changed which page.

Validity never depends on history: the one log call answers "nobody approves what they wrote" (every author of each
page) and the "last updated" date readers see. Objects are read by id (`git cat-file`), which is no history walk.
"""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

from .errors import EditorialError

__all__ = ["PageLog", "blob_id", "git_identity", "page_log", "read_blob"]


def _git(root: Path, *args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, input=input)


def git_identity(root: Path) -> tuple[str, str]:
    name = _git(root, "config", "user.name").stdout.decode().strip()
    email = _git(root, "config", "user.email").stdout.decode().strip()
    if not name or not email:
        raise EditorialError("this clone has no git identity: set `git config user.name` and `user.email` first.")
    return name, email.lower()


@dataclasses.dataclass(frozen=True)
class PageLog:
    authors: dict[str, frozenset[str]]  # path → e-mails (lower case) and names (lower case) of its commits' authors
    changed: dict[str, str]  # path → date (YYYY-MM-DD) of its last commit


def page_log(root: Path, under: str) -> PageLog:
    """One `git log --name-only` over `under`: each path's authors and last change."""
    done = _git(root, "log", "--no-renames", "--format=%x00%ae%x00%an%x00%as", "--name-only", "--", under)
    authors: dict[str, set[str]] = {}
    changed: dict[str, str] = {}
    if done.returncode != 0:
        return PageLog({}, {})
    who: tuple[str, str] = ("", "")
    date = ""
    for line in done.stdout.decode("utf-8", errors="replace").splitlines():
        if line.startswith("\0"):
            _, email, name, date = line.split("\0")
            who = (email.strip().lower(), name.strip().lower())
        elif line:
            authors.setdefault(line, set()).update(who)
            changed.setdefault(line, date)
    return PageLog({p: frozenset(a) for p, a in authors.items()}, changed)


def blob_id(root: Path, path: str) -> str:
    """git's object id of the file's current bytes (written to the object store, so it can be read back later)."""
    done = _git(root, "hash-object", "-w", "--", path)
    return done.stdout.decode().strip() if done.returncode == 0 else ""


def read_blob(root: Path, blob: str) -> bytes | None:
    if not blob or not all(c in "0123456789abcdef" for c in blob):
        return None
    done = _git(root, "cat-file", "blob", blob)
    return done.stdout if done.returncode == 0 else None
