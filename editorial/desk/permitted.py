"""Which actions the desk shows a person on a page, and which view of the changes a return visit opens.

A button someone may not press is a trap: an author shown Start review is refused, and a reviewer shown Submit after
requesting changes becomes an author by pressing it, so nobody can review the page on a one-reviewer board (B8).
So the desk asks the record's own rule (`service.refusal`, the command line's) for each step the page's state
allows, shows only those it permits, and says in one line why each other is not open. The service still checks
every step when it is taken.
"""

from __future__ import annotations

import dataclasses

from ..repository import PageReview, Repository
from ..service import refusal
from .board import Identity

__all__ = ["Permitted", "default_since", "permitted_actions", "state_actions"]

LABEL = {
    "submit": "Submit for review",
    "start-review": "Start review",
    "request-changes": "Request changes",
    "approve": "Approve",
    "withdraw": "Withdraw approval",
}


@dataclasses.dataclass(frozen=True)
class Permitted:
    actions: list[str]  # what this person may do now, in the order shown
    closed: list[tuple[str, str]]  # (label, why not) for the steps the state allows but this person may not take


def state_actions(review: PageReview, me: Identity) -> list[str]:
    """The steps the page's state allows next (who may take them is `permitted_actions`)."""
    state = review.ledger_status
    actions = []
    if state in (None, "draft", "changes_requested") or (state == "approved" and review.changed_since_approval):
        actions.append("submit")
    if state == "submitted":
        actions.append("start-review")
    if state == "under_review":
        actions.append("request-changes")
        if me.reviewer is not None and me.reviewer.role in review.required_roles:
            actions.append("approve")
    if state == "approved" and me.reviewer is not None:
        actions.append("withdraw")
    return actions


def permitted_actions(repo: Repository, review: PageReview, me: Identity) -> Permitted:
    shown, closed = [], []
    for action in state_actions(review, me):
        why = refusal(repo, review, action, me.name, me.email)
        # A reviewer may submit on an author's behalf, and then counts as an author: not from this button (B8).
        if (
            why is None
            and action == "submit"
            and me.reviewer is not None
            and refusal(repo, review, "request-changes", me.name, me.email) is None
        ):
            why = (
                "you review this page; submitting it would make you one of its authors, and then you could not "
                "review it. Its author submits it (`editorial submit` on the command line if you must do it for them)."
            )
        if why is None:
            shown.append(action)
        else:
            closed.append((LABEL[action], why.split(" refused: ", 1)[-1]))
    return Permitted(shown, closed)


def default_since(review: PageReview) -> str:
    """A return visit after a request for changes opens what changed since that request; else since approval."""
    request = review.last_request
    if request is None:
        return "approval"
    approvals = [v.line.date for v in review.verdicts if v.valid and v.line.kind == "approve"]
    if approvals and max(approvals) > request.date:
        return "approval"
    return "request"
