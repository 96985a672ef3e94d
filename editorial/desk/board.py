"""The board: who you are, what awaits you, and every page with its state, from the review cache."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from ..declarations import Reviewer
from ..errors import EditorialError
from ..gitrepo import git_identity
from ..ledger import read_ledger
from ..repository import PageReview, Repository
from .history import History, ReviewCache

__all__ = ["DUE_SOON_DAYS", "Board", "Identity", "Row", "build_board", "identity"]

DUE_SOON_DAYS = 90
STATE_LABELS = {
    "draft": "Draft",
    "submitted": "Submitted",
    "under_review": "Under review",
    "changes_requested": "Changes requested",
    "approved": "Approved",
    None: "No ledger",
}


@dataclasses.dataclass(frozen=True)
class Identity:
    name: str
    email: str
    reviewer: Reviewer | None

    @property
    def role(self) -> str:
        if self.reviewer is None:
            return "author or editor (not a declared reviewer: you cannot approve)"
        return f"declared {self.reviewer.role} reviewer ({self.reviewer.name}, {self.reviewer.credentials})"

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


def identity(repo: Repository) -> Identity:
    name, email = git_identity(repo.root)
    return Identity(name, email, repo.declarations.reviewer_by_email(email))


@dataclasses.dataclass(frozen=True)
class Row:
    page: str
    title: str
    state: str  # the ledger's state, or "none" for a page with no ledger
    label: str
    status: str | None  # what readers see
    kind: str
    changed_since_approval: bool
    next_review_due: dt.date | None
    overdue: bool
    last_note: str  # the note of the last "changes requested", while changes are requested
    mine: bool
    awaiting_me: bool
    problems: tuple[str, ...]

    @property
    def due_label(self) -> str:
        if self.next_review_due is None:
            return ""
        return ("overdue since " if self.overdue else "due ") + self.next_review_due.isoformat()


@dataclasses.dataclass(frozen=True)
class Board:
    me: Identity
    rows: list[Row]
    broken: list[str]  # pages the board could not read, with why
    head: str

    def column(self, name: str) -> list[Row]:
        return [row for row in self.rows if _in_column(row, name, self)]


def _in_column(row: Row, name: str, board: Board) -> bool:
    if name == "awaiting":
        return row.awaiting_me
    if name == "mine":
        return row.mine and row.state in ("draft", "changes_requested", "none")
    if name == "changed":
        return row.changed_since_approval
    if name == "due":
        soon = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=DUE_SOON_DAYS)
        return row.next_review_due is not None and row.next_review_due <= soon
    return True


def _row(review: PageReview, me: Identity, history: History, repo: Repository) -> Row:
    state = review.ledger_status or "none"
    authors = history.authors(review.page) | set(review.ledger_state.submitted_by if review.ledger_state else ())
    named = {str(a).strip().lower() for a in review.meta.get("authors") or []}
    mine = me.email.lower() in authors or me.name.lower() in named
    last_note = ""
    if state == "changes_requested":
        entries = read_ledger(repo.root, review.page, repo.docs_dir) or []
        last_note = next((e.note for e in reversed(entries) if e.event == "changes_requested"), "")
    awaiting = False
    if me.reviewer is not None and state in ("submitted", "under_review") and not review.problems:
        pending = review.ledger_state.pending if review.ledger_state else ()
        already = any(p.email == me.email.lower() and p.content_hash == review.current_hash for p in pending)
        awaiting = me.reviewer.role in review.required_roles and not mine and not already
    return Row(
        page=review.page,
        title=str(review.meta.get("title") or review.page),
        state=state,
        label=STATE_LABELS.get(review.ledger_status, state),
        status=review.status,
        kind=review.kind,
        changed_since_approval=review.changed_since_approval,
        next_review_due=review.next_review_due,
        overdue=review.overdue,
        last_note=last_note,
        mine=mine,
        awaiting_me=awaiting,
        problems=review.problems,
    )


def build_board(root: Path, cache: ReviewCache) -> Board:
    repo = Repository(root)
    me = identity(repo)
    history, reviews = cache.reviews(repo)
    rows, broken = [], []
    for review in reviews:
        if isinstance(review, PageReview):
            rows.append(_row(review, me, history, repo))
        else:
            broken.append(str(review) if isinstance(review, EditorialError) else f"{type(review).__name__}: {review}")
    return Board(me, rows, broken, history.head)
