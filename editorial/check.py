"""`editorial check`: every way a page's review record can be wrong, each as one message naming page, file and field.

Stale approvals, overdue reviews and uncommitted ledger lines are warnings while editing and errors in production,
where they would publish a status nobody vouches for.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from .errors import EditorialError
from .repository import PageReview, Repository
from .source_check import page_source_problems

__all__ = ["Violation", "check_repository"]


@dataclasses.dataclass(frozen=True)
class Violation:
    page: str
    message: str
    error: bool = True

    def __str__(self) -> str:
        return f"{'error' if self.error else 'warning'}: {self.page}: {self.message}"


def _page_violations(repo: Repository, review: PageReview, production: bool) -> Iterator[Violation]:
    page, rel = review.page, review.ledger
    for problem in review.problems:
        yield Violation(page, f"malformed ledger: {problem}")
    state = review.ledger_state
    for entry, reason in state.ignored if state else ():
        yield Violation(page, f"{rel}:{entry.line}: field 'reviewer': approval does not count: {reason}.")
    if review.changed_since_approval:
        yield Violation(
            page,
            f"approval hash stale: {rel} field 'content_hash' approved {review.approval_hash}, but the page and what "
            f"it embeds now hash to {review.current_hash} (changed since approval; shown as Under Review).",
            error=production,
        )
    if review.overdue:
        yield Violation(
            page,
            f"overdue review: last reviewed {review.last_reviewed}, next review was due {review.next_review_due} "
            f"(front matter field 'review_interval_months' or editorial.yml: {review.interval_months} months).",
            error=production,
        )
    if review.uncommitted:
        yield Violation(
            page,
            f"{rel}: {review.uncommitted} ledger line(s) not committed; production uses only committed review records.",
            error=production,
        )


def check_repository(repo: Repository, production: bool = False) -> list[Violation]:
    """All violations, errors and warnings, in page order."""
    violations: list[Violation] = []
    if production and not repo.git:
        violations.append(Violation(str(repo.root), "not a git repository: approvals cannot be verified."))
    for page in repo.tracked_pages():
        if not (repo.root / page).is_file():
            violations.append(
                Violation(
                    page, "a ledger exists for a page that does not (rename or delete the ledger in the same commit)."
                )
            )
            continue
        try:
            review = repo.review(page)
        except EditorialError as exc:
            violations.append(Violation(page, str(exc)))
            continue
        violations.extend(_page_violations(repo, review, production))
    violations.extend(_source_violations(repo))
    return violations


def _source_violations(repo: Repository) -> list[Violation]:
    """Raw HTML and vestigial keys, in every page of docs/, with or without a ledger."""
    docs = repo.root / repo.docs_dir
    pages = sorted(p.relative_to(repo.root).as_posix() for p in docs.rglob("*.md")) if docs.is_dir() else []
    return [
        Violation(page if line is None else f"{page}:{line}", problem)
        for page in pages
        for line, problem in page_source_problems(repo.root, page)
    ]
