"""The review status a page shows, derived from the editorial ledger (the `editorial` package), never from a claim.

A page may show "Approved" only when the ledger records approvals by declared reviewers of exactly its current
content; a page whose content changed since shows Under Review. Nothing about the review is read from front matter
(editorial refuses `review_status`, `reviewers` and `last_updated` there): "Last updated" is the date of the page's
last commit. This module turns the editorial package's findings into what the template shows.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from editorial import EditorialError, PageReview, Repository, stamp
from editorial.published import Shown, shown, shown_all

from .policy_pages import advisory_board_markdown, editorial_policy_markdown

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


def _record(review: PageReview, last_updated: dt.date | None = None) -> dict[str, Any]:
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
        "held": review.held,  # why its approval is not shown: the site chrome is not approved
        "last_updated": last_updated.isoformat() if last_updated else None,
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
    when the page has no readable ledger, which is an error: only a page under review gets a review box.
    """
    ids = [step for step, _ in STEPS]
    record = find_approval(page)
    if record is None:
        raise ReviewError(f"{page}: no readable ledger, so no review status can be shown.")
    status = record["status"]
    if status not in ids:
        raise ReviewError(f"{page}: its status {status!r} is never published.")
    record = dict(record)
    # A draft (built only in a preview) has reached no step yet: none is shown as current or done.
    current = -1 if record.get("draft") else ids.index(status)
    context = {
        "status": status,
        "label": dict(STEPS)[status],
        "approved": status == "approved",
        "steps": [
            {"id": step, "label": label, "state": "done" if i < current else "current" if i == current else "todo"}
            for i, (step, label) in enumerate(STEPS)
        ],
        # git's date of the page's last change; a page git does not know yet (a preview) changed today
        "last_updated": record.get("last_updated") or dt.datetime.now(dt.UTC).date().isoformat(),
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
            self.repo = Repository.of(root)
            self.reviews = {}
            for page, review in self.repo.reviews().items():
                if isinstance(review, EditorialError):
                    raise review
                self.reviews[page] = review
        except EditorialError as exc:
            raise ReviewError(str(exc)) from None
        # A page whose ledger is broken shows as Under Review (its approvals count for nothing); only the production
        # gate (`editorial check --production`) refuses it, so one broken ledger never stops a preview of the site.
        self.publish = tuple(publish)
        prefix = self.repo.docs_dir + "/"
        self.by_src = {page.removeprefix(prefix): review for page, review in self.reviews.items()}
        # git's date of each page's last change, from the one batched log the authorship rule reads; a page changed
        # since its last commit changed today
        self.changed = {p: dt.date.fromisoformat(d) for p, d in self.repo.log.changed.items() if p in self.reviews}
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "-z", "--", self.repo.docs_dir], capture_output=True
        )
        for entry in dirty.stdout.decode("utf-8", errors="replace").split("\0"):
            self.changed.pop(entry[3:], None)
        self._shown: dict[str, Shown] | None = None

    def shown(self, review: PageReview) -> Shown:
        """What readers are shown of a reviewed page (the `stale` policy), for every page at once and remembered."""
        if self._shown is None:
            self._shown = shown_all(self.repo)
        return self._shown.get(review.page) or shown(self.repo, review)

    def find_approval(self, src_uri: str) -> Mapping[str, Any] | None:
        review = self.by_src.get(src_uri)
        if review is None or review.ledger_status is None:
            return None
        return self.record(review)

    def record(self, review: PageReview) -> dict[str, Any]:
        """The template's record of a page's review, with the date its text last changed."""
        return _record(review, self.changed.get(review.page, self.repo.today))

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
        return review.status in self.publish

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
