"""Pages whose approval is not for their current text, and drafts in a preview: what the build shows instead.

The editorial package decides (`editorial.published.shown`); this module swaps in the approved version's Markdown and
front matter, and gives the template the record of what is shown. Drafts are built only in a preview
(`IGM_PREVIEW=1`, set by `make serve`), under a DRAFT banner, never in production.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from mkdocs.utils.meta import get_data

from editorial.published import Shown

__all__ = ["StaleView", "preview_enabled"]


def preview_enabled() -> bool:
    return os.environ.get("IGM_PREVIEW", "") == "1"


class StaleView:
    """Reads the plugin's `editorial` view each time: the desk's preview replaces it after on_config, and then the
    desk decides what is shown (the editor's current text, never a swapped-in approved version)."""

    def __init__(self, plugin) -> None:
        self.plugin = plugin
        self.preview = preview_enabled()
        self.records: dict[str, dict[str, Any]] = {}
        self.shown: dict[str, Shown] = {}

    @property
    def editorial(self):
        return self.plugin.editorial

    @property
    def replaced(self) -> bool:
        from .review import EditorialSite

        return not isinstance(self.editorial, EditorialSite)

    def prepare(self, src: str, markdown: str, page) -> str:
        """The Markdown to build for `src`: the last approved version's when that is what readers see."""
        if self.replaced:
            return markdown
        review = self.editorial.by_src.get(src)
        if review is None:
            return markdown
        if review.status == "draft":
            record = self.editorial.record(review)
            record.update(status="submitted", draft=True, reviewers=[], last_reviewed=None, next_review_due=None)
            self.records[src] = record
            return markdown
        view = self.editorial.shown(review)
        self.shown[src] = view
        record = self.editorial.record(review)
        earlier = review.earlier_approval and not review.held  # held: the same text, its approval not shown
        record["earlier_reviewed"] = review.last_reviewed.isoformat() if earlier and review.last_reviewed else None
        if view.status == "approved" and view.revision_under_review:
            due = review.next_review_due
            record.update(
                overdue=bool(due and self.editorial.repo.today > due),
                status="approved",
                changed_since_approval=False,
                current_hash=view.content_hash,
                reviewers=[r.to_dict() for r in review.reviewers],
                revision_under_review=True,
                earlier_reviewed=None,
            )
            if view.version is not None:
                text = view.version.source.decode("utf-8", errors="replace")
                markdown, meta = get_data(text)
                kept = {k: v for k, v in page.meta.items() if k.startswith("igm_")}
                page.meta.clear()
                page.meta.update(meta, **kept)
        self.records[src] = record
        return markdown

    def find_approval(self, src: str) -> Mapping[str, Any] | None:
        if self.replaced:
            return self.editorial.find_approval(src)
        if src in self.records:
            return self.records[src]
        if src in self.uncontrolled:
            # No ledger and not exempt: production refuses it (`editorial check`); a preview shows the caution.
            page = f"{self.editorial.repo.docs_dir}/{src}"
            return {
                "status": "under_review",
                "changed_since_approval": False,
                "approval_hash": None,
                "current_hash": "none",
                "reviewers": [],
                "last_reviewed": None,
                "next_review_due": None,
                "overdue": False,
                "page": page,
                "uncontrolled": True,
            }
        return self.editorial.find_approval(src)

    @property
    def uncontrolled(self) -> set[str]:
        if not hasattr(self, "_uncontrolled"):
            prefix = self.editorial.repo.docs_dir + "/"
            self._uncontrolled = {p.removeprefix(prefix) for p in self.editorial.repo.uncontrolled_pages()}
        return self._uncontrolled

    def tracked(self, src: str) -> bool:
        if self.replaced:
            return self.editorial.tracked(src)
        return self.editorial.tracked(src) or src in self.uncontrolled

    def excluded(self) -> set[str]:
        """What the publishing policy leaves out; a preview keeps the drafts."""
        excluded = self.editorial.excluded()
        if self.preview and not self.replaced:
            excluded -= {src for src, r in self.editorial.by_src.items() if r.status == "draft"}
        return excluded
