"""The review model: states, the transitions between them, and the state a ledger arrives at.

    draft → submitted → under_review → approved
                            ↓    ↑
                     changes_requested (back to the author, who submits again)

An approved page goes back through `submitted` for its next review. An approval counts only for the exact content
it names; a page needs an approval from every required role (clinical; a calculator's own page also technical) for
the same content before it is approved. What readers see is derived from that and from the current content.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from .errors import EditorialError
from .ledger import Entry

__all__ = ["DISPLAYED", "STATES", "TRANSITIONS", "LedgerState", "derive", "state_rank"]

STATES = ("draft", "submitted", "under_review", "changes_requested", "approved")
# The three steps readers see; `changes_requested` is still under review for them, and drafts are never shown.
DISPLAYED = ("submitted", "under_review", "approved")
# event → (states it may follow, None meaning a page new to the ledger)
TRANSITIONS: dict[str, tuple[tuple[str | None, ...], str]] = {
    "created": ((None,), "draft"),
    "submitted": ((None, "draft", "changes_requested", "approved"), "submitted"),
    "review_started": (("submitted",), "under_review"),
    "changes_requested": (("under_review",), "changes_requested"),
    "approved": (("under_review",), "under_review"),  # becomes approved once every required role has approved
}
_RANK = {"draft": 0, "submitted": 1, "under_review": 2, "changes_requested": 2, "approved": 3}


def state_rank(state: str) -> int:
    return _RANK[state]


@dataclasses.dataclass(frozen=True)
class LedgerState:
    """Where a page's ledger stands.

    `approvals` are those of the last completed approval, kept after a re-submission for "last reviewed"; they are
    in effect only while `state` is approved.
    """

    state: str | None
    approvals: tuple[Entry, ...] = ()
    pending: tuple[Entry, ...] = ()  # approvals recorded in the current review, not yet complete
    ignored: tuple[tuple[Entry, str], ...] = ()  # approvals that do not count, and why
    submitted_by: tuple[str, ...] = ()

    @property
    def approval_hash(self) -> str | None:
        return self.approvals[0].content_hash if self.approvals else None

    @property
    def approved_at(self) -> str | None:
        return max(entry.at for entry in self.approvals) if self.approvals else None


def check_transition(state: str | None, event: str, where: str) -> None:
    allowed, _ = TRANSITIONS[event]
    if state not in allowed:
        named = ", ".join("(no ledger)" if s is None else s for s in allowed)
        raise EditorialError(
            f"{where} event {event!r} is not allowed from {state or '(no ledger)'}; allowed from: {named}."
        )


def derive(
    entries: Sequence[Entry],
    required_roles: Sequence[str],
    reject: Callable[[Entry, tuple[str, ...]], str | None] = lambda entry, submitted_by: None,
    source: str = "ledger",
) -> LedgerState:
    """Replay `entries`. `reject(entry, submitted_by)` gives why an approval must not count (unknown reviewer, ...)."""
    state: str | None = None
    in_effect: tuple[Entry, ...] = ()
    cycle: dict[str, Entry] = {}
    ignored: list[tuple[Entry, str]] = []
    submitted_by: list[str] = []
    for entry in entries:
        check_transition(state, entry.event, f"{source}:{entry.line}: field 'event':")
        _, state = TRANSITIONS[entry.event]
        if entry.event == "submitted":
            cycle, submitted_by = {}, [entry.email]
        elif entry.event in ("created",):
            submitted_by.append(entry.email)
        elif entry.event == "changes_requested":
            cycle = {}
        elif entry.event == "approved":
            reason = reject(entry, tuple(submitted_by))
            if reason:
                ignored.append((entry, reason))
                continue
            if any(other.content_hash != entry.content_hash for other in cycle.values()):
                cycle = {}  # the content changed during review: earlier approvals were for other bytes
            cycle[entry.role or ""] = entry
            if all(role in cycle for role in required_roles):
                state, in_effect = "approved", tuple(cycle[role] for role in required_roles)
                cycle = {}
    return LedgerState(state, in_effect, tuple(cycle.values()), tuple(ignored), tuple(submitted_by))
