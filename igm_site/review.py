"""The review status a page shows, derived from the editorial ledger (the `editorial` package), never from a claim.

A page may show "Approved" only when the ledger records approvals by declared reviewers of exactly its current
content; a page whose content changed since shows Under Review. A front matter `review_status: approved` with no
such record fails the build. This module turns the editorial package's findings into what the template shows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from editorial import (
    EditorialError,
    PageReview,
    Repository,
    advisory_board_markdown,
    editorial_policy_markdown,
    stamp,
)

__all__ = [
    "GENERATED_PAGES",
    "STEPS",
    "EditorialSite",
    "ReviewError",
    "no_recorded_approvals",
    "prune_nav",
    "review_context",
]

STEPS = (("submitted", "Submitted"), ("under_review", "Under Review"), ("approved", "Approved"))
POLICY_PAGE, BOARD_PAGE = "about/editorial-policy.md", "about/advisory-board.md"
GENERATED_PAGES = (POLICY_PAGE, BOARD_PAGE)


class ReviewError(ValueError):
    pass


def no_recorded_approvals(page: str) -> Mapping[str, Any] | None:
    """No ledger at all: nothing is recorded for any page."""
    return None


def _date(value: Any, page: str, key: str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ReviewError(f"{page}: front matter '{key}' must be a date (YYYY-MM-DD), not {value!r}.") from None


def _record(review: PageReview) -> dict[str, Any]:
    """A page's ledger findings, as plain data for the template."""
    return {
        "status": review.status,
        "changed_since_approval": review.changed_since_approval,
        "approval_hash": review.approval_hash,
        "current_hash": review.current_hash,
        "reviewers": [r.to_dict() for r in review.reviewers] if review.status == "approved" else [],
        "last_reviewed": review.last_reviewed.isoformat() if review.last_reviewed else None,
        "next_review_due": review.next_review_due.isoformat() if review.next_review_due else None,
        "overdue": review.overdue,
        "page": review.page,
    }


def _json_ld(meta: Mapping[str, Any], context: Mapping[str, Any]) -> str:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": str(meta.get("title") or ""),
        "dateModified": context["last_updated"],
        "creativeWorkStatus": context["label"],
        "author": [{"@type": "Organization", "name": str(a)} for a in context["authors"]],
    }
    if context["approved"]:
        data["lastReviewed"] = context["last_reviewed"]
        data["reviewedBy"] = [
            {
                "@type": "Person",
                "name": r["name"],
                "honorificSuffix": r["credentials"],
                **({"affiliation": {"@type": "Organization", "name": r["affiliation"]}} if r["affiliation"] else {}),
            }
            for r in context["reviewers"]
        ]
    text = json.dumps(data, ensure_ascii=False, indent=None)
    # Inside <script> a "</script" or "<!--" in a title would end the block; JSON allows \u escapes instead.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def review_context(
    meta: Mapping[str, Any],
    page: str,
    disclaimer: str,
    find_approval: Callable[[str], Mapping[str, Any] | None] = no_recorded_approvals,
) -> dict[str, Any]:
    """What the template shows: the steps with the current one, caution, dates, reviewers, JSON-LD, the stamp.

    `find_approval(page)` returns the ledger's findings for the page (see `EditorialSite.find_approval`), or None
    when the page has no ledger; then its front matter `review_status` is shown, and may not say approved.
    """
    ids = [step for step, _ in STEPS]
    record = find_approval(page)
    claim = meta.get("review_status")
    if claim is not None and claim not in ids:
        raise ReviewError(f"{page}: front matter 'review_status' must be one of {', '.join(ids)}, not {claim!r}.")
    if record is None:
        if claim is None:
            raise ReviewError(f"{page}: front matter 'review_status' is missing and the page has no ledger.")
        status = claim
        recorded_approval = False
    else:
        status = record["status"]
        recorded_approval = status == "approved" or bool(record.get("changed_since_approval"))
    if claim == "approved" and not recorded_approval:
        raise ReviewError(
            f"{page}: front matter 'review_status' says approved, but no approval by a declared reviewer is recorded."
        )
    if status not in ids:
        raise ReviewError(f"{page}: its status {status!r} is never published.")
    if "last_updated" not in meta:
        raise ReviewError(f"{page}: front matter 'last_updated' is required on a reviewed page.")
    record = dict(record or {})
    current = ids.index(status)
    context = {
        "status": status,
        "label": dict(STEPS)[status],
        "approved": status == "approved",
        "steps": [
            {"id": step, "label": label, "state": "done" if i < current else "current" if i == current else "todo"}
            for i, (step, label) in enumerate(STEPS)
        ],
        "last_updated": _date(meta["last_updated"], page, "last_updated"),
        "authors": [str(a) for a in meta.get("authors") or []],
        "reviewers": record.get("reviewers", []),
        "audience": list(meta.get("audience") or []),
        "disclaimer": meta.get("disclaimer") or disclaimer,
        "approval": record or None,
        "changed_since_approval": bool(record.get("changed_since_approval")),
        "last_reviewed": record.get("last_reviewed"),
        "next_review_due": record.get("next_review_due"),
        "overdue": bool(record.get("overdue")),
        "stamp": stamp(status, record.get("current_hash") or "none", record.get("page") or page),
    }
    context["json_ld"] = _json_ld(meta, context)
    return context


class EditorialSite:
    """The editorial state of the repository holding mkdocs.yml, read once per build."""

    def __init__(self, root: Path, publish: Sequence[str]) -> None:
        try:
            self.repo = Repository(root)
            pages = [p for p in self.repo.tracked_pages() if (self.repo.root / p).is_file()]
            self.reviews = {p: self.repo.review(p) for p in pages}
        except EditorialError as exc:
            raise ReviewError(str(exc)) from None
        # A page whose ledger is broken shows as Under Review (its approvals count for nothing); only the production
        # gate (`editorial check --production`) refuses it, so one broken ledger never stops a preview of the site.
        self.publish = tuple(publish)
        prefix = self.repo.docs_dir + "/"
        self.by_src = {page.removeprefix(prefix): review for page, review in self.reviews.items()}

    def find_approval(self, src_uri: str) -> Mapping[str, Any] | None:
        review = self.by_src.get(src_uri)
        return _record(review) if review and review.ledger_state else None

    def watched_paths(self) -> list[Path]:
        """Files besides docs/ that change what a page shows: the declarations, the ledger, embedded code."""
        root = self.repo.root
        return [path for path in (root / "editorial.yml", root / "ledger", root / "calculators") if path.exists()]

    def tracked(self, src_uri: str) -> bool:
        return src_uri in self.by_src

    def excluded(self) -> set[str]:
        """Pages (relative to docs/) left out: drafts always, other states as the publishing policy says."""
        return {src for src, review in self.by_src.items() if not self._published(review)}

    def _published(self, review: PageReview) -> bool:
        if review.status is not None:
            return review.status in self.publish
        # A page without a ledger goes by its front matter; one claiming approval is kept so the build fails on it.
        claim = review.meta.get("review_status")
        return claim in self.publish or claim == "approved"

    def generated_pages(self) -> dict[str, str]:
        declarations = self.repo.declarations
        return {
            POLICY_PAGE: editorial_policy_markdown(declarations, self.publish, self.repo.stale_policy),
            BOARD_PAGE: advisory_board_markdown(declarations),
        }


def prune_nav(nav: Any, excluded: set[str]) -> Any:
    """The nav of mkdocs.yml without the pages the publishing policy leaves out."""
    if isinstance(nav, list):
        kept = [prune_nav(item, excluded) for item in nav]
        return [item for item in kept if item not in (None, [], {})]
    if isinstance(nav, dict):
        kept = {key: prune_nav(value, excluded) for key, value in nav.items()}
        return {key: value for key, value in kept.items() if value not in (None, [], {})} or None
    return None if isinstance(nav, str) and nav in excluded else nav
