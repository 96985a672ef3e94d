"""`editorial check`: every way a page's review record can be wrong, each as one message naming page, file and field.

A start-review or request-changes recorded by someone who is not a declared, current, non-author reviewer is a
warning, never an error: such steps in a ledger are history (the real repository's first ones came before any
reviewer was declared), and the command line refuses new ones.

Integrity violations (a rewritten or forged ledger, an approval that does not count, a broken chain of trust, a page
under no review) are errors. A page changed since its approval is never an error: the site shows readers its last
approved version, or the new text with the caution (mkdocs.yml, igm-guide `stale`). Overdue reviews and uncommitted
ledger lines are warnings while editing and errors in production, where they would publish a status nobody vouches
for.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping

from .docs_tree import docs_tree
from .errors import EditorialError
from .ledger import ledger_path
from .navigation import nav_pages
from .published import Shown, shown, shown_all
from .repository import PageReview, Repository
from .review_cache import remembered, remembered_pages
from .source_check import page_source_problems
from .who_may_act import QuestionedStep, questioned_steps

__all__ = ["Violation", "check_repository"]


@dataclasses.dataclass(frozen=True)
class Violation:
    page: str
    message: str
    error: bool = True

    def __str__(self) -> str:
        return f"{'error' if self.error else 'warning'}: {self.page}: {self.message}"


def _page_violations(
    repo: Repository,
    review: PageReview,
    production: bool,
    views: Mapping[str, Shown],
    questioned: Mapping[str, list[QuestionedStep]] | None = None,
) -> Iterator[Violation]:
    page, rel = review.page, review.ledger
    for problem in review.problems:
        yield Violation(page, f"malformed ledger: {problem}")
    state = review.ledger_state
    for entry, reason in state.ignored if state else ():
        yield Violation(
            page,
            f"{rel}:{entry.line}: field 'reviewer': approval does not count: {reason}. Fix: revert the commit that "
            "recorded it; a declared reviewer approves in their own signed commit.",
        )
    for entry in state.approvals if state else ():
        declared = repo.declarations.reviewers.get(entry.reviewer or "")
        if declared and entry.name and (entry.name, entry.credentials) != (declared.name, declared.credentials):
            yield Violation(
                page,
                f"{rel}:{entry.line}: approved by {entry.name}, {entry.credentials}; editorial.yml now says "
                f"{declared.name}, {declared.credentials}. Readers see the name as it was when they approved.",
                error=False,
            )
    for reviewer in repo.removed_reviewers(review):
        yield Violation(
            page,
            f"approved by {reviewer!r}, who is no longer declared in editorial.yml; the approval stays valid until due. "
            f"Keep them listed with `retired: DATE` (`editorial reviewer retire {reviewer}`).",
            error=False,
        )
    steps = questioned[page] if questioned is not None and page in questioned else questioned_steps(repo, review)
    for step in steps:
        # Never an error, in production either: history recorded before the rule, not forgery.
        yield Violation(page, step.message(rel), error=False)
    if review.deleted_in:
        pass  # named in review.problems ("commit X deleted the ledger")
    for note in review.notes:
        yield Violation(page, note, error=False)
    if review.changed_since_approval:
        view = views.get(page) or shown(repo, review)
        seen = (
            "readers see the last approved version with 'a revision is under review'"
            if view.version is not None
            else f"readers see the new text as Under Review, with the caution ({view.reason})"
        )
        yield Violation(
            page,
            f"approval hash stale: {rel} field 'content_hash' approved {review.approval_hash}, but the page and what "
            f"it embeds now hash to {review.current_hash} (changed since approval; {seen}). "
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
    if review.uncommitted:
        yield Violation(
            page,
            f"{rel}: {review.uncommitted} ledger line(s) not committed; production uses only committed review records.",
            error=production,
        )


def _nav_violations(repo: Repository, reviews: list[PageReview]) -> Iterator[Violation]:
    nav = repo._mkdocs.get("nav")
    if not nav:
        return
    listed = set(nav_pages(nav))
    prefix = repo.docs_dir + "/"
    for review in reviews:
        src = review.page.removeprefix(prefix)
        if review.status in ("submitted", "under_review", "approved") and src not in listed:
            yield Violation(
                review.page,
                "published but not in the nav of mkdocs.yml: no menu links to it "
                "(`editorial new --nav SECTION` adds new pages; add this one to nav by hand).",
                error=False,
            )


def check_repository(repo: Repository, production: bool = False) -> list[Violation]:
    """All violations, errors and warnings, in page order."""
    violations: list[Violation] = []
    if production and not repo.git:
        violations.append(Violation(str(repo.root), "not a git repository: approvals cannot be verified."))
    if repo.git and repo.signatures_checked:
        # the chain of trust is a function of the history and the declarations, as the reviews are (review_cache)
        problems = remembered(repo, ("trust-problems",), lambda: list(repo.trust.problems()), shared=True)
        violations += [Violation("editorial.yml", problem) for problem in problems]
    for page in repo.uncontrolled_pages():
        rel = ledger_path(page, repo.docs_dir)
        gone = repo.history(rel) if repo.git else None
        if gone is not None and gone.deleted_in:
            violations.append(
                Violation(
                    page,
                    f"malformed ledger: {rel} was deleted in commit {gone.deleted_in[:12]} ({len(gone.lines)} line(s) of "
                    f"review history). Fix: restore it (git revert {gone.deleted_in[:12]}).",
                )
            )
            continue
        violations.append(
            Violation(
                page,
                f"under no review: no ledger ({rel}), so readers would see no status, caution or disclaimer. "
                f"Fix: `editorial submit {page}`, or list it under 'exempt:' in editorial.yml.",
            )
        )
    reviews: list[PageReview] = []
    reviewed = repo.reviews()
    views = shown_all(repo)
    # who took each review step is a function of what the page's review is made from: remembered as it is
    ready = {page: review for page, review in reviewed.items() if isinstance(review, PageReview)}
    questioned = remembered_pages(
        repo, "questioned-steps", list(ready), lambda page: questioned_steps(repo, ready[page])
    )
    for page in repo.tracked_pages():
        if not (repo.root / page).is_file():
            violations.append(
                Violation(
                    page, "a ledger exists for a page that does not (rename or delete the ledger in the same commit)."
                )
            )
            continue
        review = reviewed[page]
        if isinstance(review, EditorialError):
            violations.append(Violation(page, str(review)))
            continue
        reviews.append(review)
        violations.extend(_page_violations(repo, review, production, views, questioned))
    violations.extend(_nav_violations(repo, reviews))
    violations.extend(_source_violations(repo))
    violations.extend(Violation(path, problem) for path, problem in docs_tree(repo.root, repo.docs_dir)[1])
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
