"""The board: who you are, the editorial inbox (the same function as `editorial inbox`), and every page's state."""

from __future__ import annotations

import dataclasses
import datetime as dt

from .. import service
from ..declarations import Reviewer
from ..errors import EditorialError
from ..ledger import CHROME
from ..repository import PageReview, Repository
from .reviews import ReviewCache, requester_email

__all__ = ["NEEDS_LABELS", "Board", "Identity", "Row", "build_board", "identity", "needs_of"]

STATE_LABELS = {
    "draft": "Draft",
    "submitted": "Submitted",
    "under_review": "Under review",
    "changes_requested": "Changes requested",
    "approved": "Approved",
    "none": "No ledger: submit it",
    None: "Not published",
}
COLUMNS = (
    ("awaiting", "Awaiting my review", "Nothing awaits your review."),
    ("mine", "My pages", "No page of yours is a draft or has changes requested."),
    ("changed", "Changed since approval", "No approved page has changed."),
    ("due", "Due within 90 days or overdue", "No review falls due within 90 days."),
)


# Why a page is in "What needs you", in the order the list is sorted.
NEEDS_LABELS = {
    "came-back": "Came back after your request",
    "review": "Awaiting your review",
    "changes": "Changes requested of you",
    "draft": "Your draft",
    "due": "Review due",
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
    name, email = service.identity(repo)
    return Identity(name, email, repo.declarations.reviewer_by_email(email))


@dataclasses.dataclass(frozen=True)
class Row:
    page: str
    title: str
    state: str  # the ledger's state (what may be recorded next), or "none" for a page with no ledger
    status: str | None  # what readers see
    changed_since_approval: bool
    next_review_due: dt.date | None
    overdue: bool
    detail: str = ""  # the inbox's detail: the note of a request for changes, the due date
    held: str = ""  # why readers do not see its approval (the site chrome is not approved)

    @property
    def label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def due_label(self) -> str:
        if self.next_review_due is None:
            return ""
        return ("overdue since " if self.overdue else "due ") + self.next_review_due.isoformat()


@dataclasses.dataclass(frozen=True)
class Board:
    me: Identity
    columns: dict[str, list[Row]]
    rows: list[Row]
    broken: list[str]  # pages, or the inbox, the board could not read, with why
    head: str
    needs: list[tuple[Row, str]] = dataclasses.field(default_factory=list)  # (row, key of NEEDS_LABELS)
    chrome: PageReview | None = None  # the site chrome's review: no page is shown Approved while it is not approved
    chrome_changes: tuple[str, ...] = ()  # the parts of the chrome changed since its last approval


def _row(review: PageReview, detail: str = "") -> Row:
    state = review.ledger_status
    return Row(
        page=review.page,
        title=str(review.meta.get("title") or review.page),
        state=state or "none",
        status=review.status,
        changed_since_approval=review.changed_since_approval,
        next_review_due=review.next_review_due,
        overdue=review.overdue,
        detail=detail,
        held=review.held,
    )


def build_board(cache: ReviewCache) -> Board:
    repo = cache.repository()
    me = identity(repo)
    rows, broken, by_page = [], [], {}
    # Pages under review, then those under none (no ledger, not exempt): production refuses them until submitted.
    for page in [*repo.tracked_pages(), *repo.uncontrolled_pages()]:
        if not (repo.root / page).is_file():
            continue
        try:
            review = repo.review(page)
        except EditorialError as exc:
            broken.append(str(exc))
            continue
        by_page[page] = review
        rows.append(_row(review))
    columns: dict[str, list[Row]] = {key: [] for key, _, _ in COLUMNS}
    try:
        box = service.inbox(repo, (me.name, me.email))
    except EditorialError as exc:
        broken.append(f"The inbox could not be read: {exc}")
    else:
        notes = {item.page: item.detail for item in box.changes_requested}
        mine = [i for i in box.my_pages if i.ledger_status in ("draft", "changes_requested", None)]
        for key, items in (
            ("awaiting", box.awaiting_my_review),
            ("mine", mine),
            ("changed", box.changed_since_approval),
            ("due", box.due_soon),
        ):
            for item in items:
                if item.page in by_page:
                    detail = notes.get(item.page, "") if key == "mine" else item.detail
                    columns[key].append(_row(by_page[item.page], detail))
        return Board(me, columns, rows, broken, "", needs_of(repo, box, by_page, me), repo.chrome, _changes(repo))
    return Board(me, columns, rows, broken, "", chrome=repo.chrome, chrome_changes=_changes(repo))


def _changes(repo: Repository) -> tuple[str, ...]:
    return service.diff(repo, CHROME).changed_files if repo.chrome.approval_hash else ()


def needs_of(
    repo: Repository, box: service.Inbox, reviews: dict[str, PageReview], me: Identity
) -> list[tuple[Row, str]]:
    """What needs this person, most pressing first: pages that came back after their request, pages awaiting their
    review, their pages with changes requested, their drafts, then reviews due within 90 days."""
    found: list[tuple[int, str, Row, str]] = []
    seen: set[str] = set()

    def add(page: str, why: str, detail: str = "", order: str = "") -> None:
        if page in reviews and page not in seen:
            seen.add(page)
            found.append((list(NEEDS_LABELS).index(why), order, _row(reviews[page], detail), why))

    for item in box.awaiting_my_review:
        review = reviews.get(item.page)
        if review is not None and requester_email(repo, review) == me.email.lower():
            request = review.last_request
            add(item.page, "came-back", f"You asked on {request.date[:10]}: {request.note}", request.date)
    for item in box.awaiting_my_review:
        add(item.page, "review")
    for item in box.changes_requested:
        add(item.page, "changes", item.detail)
    for item in box.my_pages:
        if item.ledger_status == "draft":
            add(item.page, "draft")
    for item in box.due_soon:
        add(item.page, "due", "", item.detail)
    return [(row, why) for _, _, row, why in sorted(found, key=lambda f: (f[0], f[1]))]
