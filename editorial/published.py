"""What a reader is shown for a page whose approval is not for its current content (the `stale` policy).

`last-approved` (the default), as Wikipedia's pending changes: readers see the last approved version, rebuilt from
the approved bytes found in git, with "a revision of this page is under review". `under-review`: readers see the
current text as Under Review, with the caution and "last reviewed DATE (an earlier version)". When the approved
version cannot be rebuilt (no commit holds those bytes, or what it embeds, e.g. a calculator's code, has changed
since: the site ships only the current code), the page falls back to `under-review`.
"""

from __future__ import annotations

import dataclasses

from .repository import PageReview, Repository
from .versions import Version, find_version

__all__ = ["Shown", "shown", "shown_all"]


@dataclasses.dataclass(frozen=True)
class Shown:
    status: str | None  # the status the built page claims
    content_hash: str  # the content it is built from (its stamp)
    version: Version | None  # the approved version it is built from, when not the current one
    revision_under_review: bool  # an approved page with a newer revision (or a new review) in progress
    reason: str = ""  # why the last approved version is not shown, when it could have been


def shown(repo: Repository, review: PageReview) -> Shown:
    if not review.earlier_approval or review.status == "draft":
        return Shown(review.status, review.current_hash, None, False)
    if review.stale_policy != "last-approved":
        return Shown(review.status, review.current_hash, None, False, "the stale policy is under-review")
    approved = review.approval_hash or ""
    if not review.changed_since_approval:
        return Shown("approved", approved, None, True)  # a new review of the same bytes is in progress
    version = None
    if repo.git:
        # The commit that recorded the approval usually holds the approved bytes: try it first.
        commits = repo.history(review.ledger).commits
        lines = [e.line for e in review.ledger_state.approvals]
        hint = [commits[n - 1] for n in lines if n - 1 < len(commits)]
        version = find_version(repo.root, review.page, approved, hint)
    if version is None:
        return Shown(review.status, review.current_hash, None, False, "no commit holds the approved version")
    others_then = {p: h for p, h in version.content.parts if p != review.page}
    others_now = {p: h for p, h in review.content.parts if p != review.page}
    if others_then != others_now:
        changed = sorted(p for p in set(others_then) | set(others_now) if others_then.get(p) != others_now.get(p))
        why = f"what it embeds changed since ({', '.join(changed[:3])}{'…' if len(changed) > 3 else ''})"
        return Shown(review.status, review.current_hash, None, False, why)
    return Shown("approved", approved, version, True)


def shown_all(repo: Repository) -> dict[str, Shown]:
    """`shown` for every page `repo.reviews()` could review, each remembered with its review (`review_cache`)."""
    from .review_cache import remembered_pages

    reviews = {page: review for page, review in repo.reviews().items() if isinstance(review, PageReview)}
    return remembered_pages(repo, "shown", list(reviews), lambda page: shown(repo, reviews[page]))
