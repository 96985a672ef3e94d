"""The desk's reviews: read afresh for every request. A page's state is a function of its subject digest and its
statements (one read of the ledgers and one batched git log), so there is nothing to remember between requests."""

from __future__ import annotations

from pathlib import Path

from ..repository import PageReview, Repository

__all__ = ["ReviewCache", "requester_email"]


class ReviewCache:
    """Kept under its old name for the desk's callers; it caches nothing."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.recomputed = 0

    def repository(self) -> Repository:
        self.recomputed += 1
        return Repository(self.root)


def requester_email(repo: Repository, review: PageReview) -> str:
    """The e-mail of the reviewer whose signed request for changes (or withdrawal) is the page's last ("" if none)."""
    line = review.last_request
    if line is None or line.statement is None:
        return ""
    member = repo.declarations.reviewer_set.members.get(line.statement.reviewer)
    return member.email.lower() if member else ""
