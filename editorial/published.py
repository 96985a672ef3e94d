"""What a reader is shown for a page whose approval is not for its current content (the `stale` policy).

`last-approved` (the default), as Wikipedia's pending changes: readers see the last approved version with "a
revision of this page is under review". Its bytes come from git's object store by the blob id its approval line
carries (an object read, not a history walk), and are used only when they, with what the page embeds now, give
exactly the approved digest; otherwise (object missing, or an embedded image or calculator changed since: the site
ships only current files) the page falls back to `under-review`: the current text, Under Review, with the caution.
"""

from __future__ import annotations

import dataclasses

from .content import Content, subject_of
from .gitrepo import read_blob
from .repository import PageReview, Repository

__all__ = ["Shown", "Version", "shown", "shown_all"]


@dataclasses.dataclass(frozen=True)
class Version:
    source: bytes
    content: Content


@dataclasses.dataclass(frozen=True)
class Shown:
    status: str | None  # the status the built page claims
    content_hash: str  # the content it is built from (its stamp)
    version: Version | None  # the approved version it is built from, when not the current one
    revision_under_review: bool  # an approved page with a newer revision (or a new review) in progress
    reason: str = ""  # why the last approved version is not shown, when it could have been


def shown(repo: Repository, review: PageReview) -> Shown:
    if review.held:  # no approved version, current or earlier, while the site chrome is not approved
        return Shown(review.status, review.current_hash, None, False, review.held)
    if not review.earlier_approval or review.status == "draft":
        return Shown(review.status, review.current_hash, None, False)
    if review.stale_policy != "last-approved":
        return Shown(review.status, review.current_hash, None, False, "the stale policy is under-review")
    approved = review.approval_hash or ""
    if not review.changed_since_approval:
        return Shown("approved", approved, None, True)  # a new review of the same bytes is in progress
    source = read_blob(repo.root, review.approval_blob)
    if source is None:
        return Shown(review.status, review.current_hash, None, False, "the approved text is not in git's objects")
    content = subject_of(repo.root, review.page, source)
    if content.approval_hash != approved:
        return Shown(review.status, review.current_hash, None, False, "what it embeds changed since its approval")
    return Shown("approved", approved, Version(source, content), True)


def shown_all(repo: Repository) -> dict[str, Shown]:
    """`shown` for every page, once per Repository (the plugin and the site check of one build ask alike)."""
    if repo.shown is None:
        repo.shown = {page: shown(repo, r) for page, r in repo.reviews().items() if isinstance(r, PageReview)}
    return repo.shown
