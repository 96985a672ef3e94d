"""The review status a page shows, derived from its front matter and the recorded approvals.

A page may say `approved` only when an approval was recorded for it; otherwise the build fails.
Nothing else can produce the word "Approved" on a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["STEPS", "ReviewError", "no_recorded_approvals", "review_context"]

STEPS = (("submitted", "Submitted"), ("under_review", "Under Review"), ("approved", "Approved"))


class ReviewError(ValueError):
    pass


def no_recorded_approvals(page: str) -> Mapping[str, Any] | None:
    """No approval has been recorded by any reviewer yet, so none can be found."""
    return None


def _date(value: Any, page: str, key: str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ReviewError(f"{page}: front matter '{key}' must be a date (YYYY-MM-DD), not {value!r}.") from None


def review_context(
    meta: Mapping[str, Any],
    page: str,
    disclaimer: str,
    find_approval: Callable[[str], Mapping[str, Any] | None] = no_recorded_approvals,
) -> dict[str, Any]:
    """What the template shows: the three steps with the current one, caution, dates, people."""
    status = meta.get("review_status")
    ids = [step for step, _ in STEPS]
    if status not in ids:
        raise ReviewError(f"{page}: front matter 'review_status' must be one of {', '.join(ids)}, not {status!r}.")
    approval = find_approval(page)
    if status == "approved" and approval is None:
        raise ReviewError(
            f"{page}: front matter 'review_status' says approved, but no approval by a declared reviewer is recorded."
        )
    if "last_updated" not in meta:
        raise ReviewError(f"{page}: front matter 'last_updated' is required on a reviewed page.")
    current = ids.index(status)
    return {
        "status": status,
        "label": dict(STEPS)[status],
        "approved": status == "approved",
        "steps": [
            {"id": step, "label": label, "state": "done" if i < current else "current" if i == current else "todo"}
            for i, (step, label) in enumerate(STEPS)
        ],
        "last_updated": _date(meta["last_updated"], page, "last_updated"),
        "authors": list(meta.get("authors") or []),
        "reviewers": list(meta.get("reviewers") or []),
        "audience": list(meta.get("audience") or []),
        "disclaimer": meta.get("disclaimer") or disclaimer,
        "approval": approval,
    }
