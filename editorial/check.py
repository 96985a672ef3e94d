"""`editorial check`: every way a page's review record can be wrong, each as one message naming page, file and line.

An unusable line (malformed, unsigned, forged, future-dated, by someone not on the board, by an author) is a warning
on its own page: it never counts, and it never stops the other pages or the build. Errors are what would publish
something nobody vouches for: a page under no review, a reviewer set that does not verify from the pinned root, an
overdue review in production, unsafe page source.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from .docs_tree import docs_tree
from .errors import EditorialError
from .ledger import ledger_path
from .navigation import nav_pages
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
    page = review.page
    for verdict in review.verdicts:
        elsewhere = verdict.line.file != review.ledger or (verdict.line.statement and "author" in verdict.reason)
        if not verdict.valid and elsewhere:
            yield Violation(page, f"{verdict.line.where}: {verdict.reason}; it does not count", error=False)
    for note in review.notes:
        yield Violation(page, note, error=False)
    if review.changed_since_approval:
        yield Violation(
            page,
            f"changed since approval: approved {review.approval_hash}, now {review.current_hash}; readers see the "
            f"{'last approved version' if review.stale_policy == 'last-approved' else 'new text as Under Review'}. "
            f"`editorial diff {page}` shows the change; submit it for review.",
            error=False,
        )
    if review.overdue:
        yield Violation(
            page,
            f"overdue review: last reviewed {review.last_reviewed}, next review was due {review.next_review_due} "
            f"(front matter field 'review_interval_months' or editorial.yml: {review.interval_months} months).",
            error=production,
        )


def _nav_violations(repo: Repository, reviews: list[PageReview]) -> Iterator[Violation]:
    nav = repo._mkdocs.get("nav")
    if not nav:
        return
    listed = set(nav_pages(nav))
    prefix = repo.docs_dir + "/"
    for review in reviews:
        if (
            review.status in ("submitted", "under_review", "approved")
            and review.page.removeprefix(prefix) not in listed
        ):
            yield Violation(
                review.page,
                "published but not in the nav of mkdocs.yml: no menu links to it "
                "(`editorial new --nav SECTION` adds new pages; add this one to nav by hand).",
                error=False,
            )


def check_repository(repo: Repository, production: bool = False) -> list[Violation]:
    """All violations, errors and warnings, in page order."""
    chain = repo.declarations.reviewer_set
    # A version that does not verify is not in force (the chain stops before it); it stops no build.
    violations = [Violation("reviewers/", problem, error=False) for problem in chain.problems]
    violations += [Violation("reviewers/", problem, error=False) for problem in chain.pending]
    for page in repo.uncontrolled_pages():
        violations.append(
            Violation(
                page,
                f"under no review: no ledger ({ledger_path(page, repo.docs_dir)}) and no statement or step names its "
                f"content, so readers would see no status. Fix: `editorial submit {page}`, or list it under 'exempt:' "
                "in editorial.yml.",
            )
        )
    for page, problem in repo.problems():
        violations.append(Violation(page, problem, error=False))
    for rel in repo.orphan_ledgers():
        violations.append(
            Violation(
                rel,
                "a ledger whose page is not here (moved or deleted): kept; its statements still apply to "
                "the same content wherever it is.",
                error=False,
            )
        )
    reviews: list[PageReview] = []
    for page, review in repo.reviews().items():
        if isinstance(review, EditorialError):
            violations.append(Violation(page, str(review)))
            continue
        reviews.append(review)
        violations.extend(_page_violations(repo, review, production))
    violations.extend(_nav_violations(repo, reviews))
    violations += [Violation(r.page, f"shown as {r.status}: {r.held}", error=False) for r in reviews if r.held]
    violations.extend(_source_violations(repo))
    violations.extend(Violation(path, problem) for path, problem in docs_tree(repo.root, repo.docs_dir)[1])
    return violations


def _source_violations(repo: Repository) -> list[Violation]:
    """Raw HTML and vestigial keys, in every page of docs/, with or without a ledger. The bytes that pass are kept
    on the Repository: the plugin of the same build (`editorial build`) does not render them again."""
    docs = repo.root / repo.docs_dir
    violations = []
    for path in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        page, data = path.relative_to(repo.root).as_posix(), path.read_bytes()
        problems = page_source_problems(repo.root, page, data)
        if not problems:
            repo.checked_sources[page] = data
        violations += [Violation(page if line is None else f"{page}:{line}", why) for line, why in problems]
    return violations
