"""The desk's reviews: read afresh for every request. A page's state is a function of its subject digest and its
statements (one read of the ledgers and one batched git log), so there is nothing to remember between requests."""

from __future__ import annotations

from pathlib import Path

from ..repository import Repository

__all__ = ["ReviewCache"]


class ReviewCache:
    """Kept under its old name for the desk's callers; it caches nothing."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.recomputed = 0

    def repository(self) -> Repository:
        self.recomputed += 1
        return Repository(self.root)
