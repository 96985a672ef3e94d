"""The review model: states, the transitions between them, and the state a ledger arrives at.

    draft → submitted → under_review → approved
                            ↓    ↑         ↓ approval_withdrawn
                     changes_requested ←───┘ (back to the author, who submits again)

An approved page goes back through `submitted` for its next review. An approval counts only for the exact content
it names; a page needs an approval from every required role (clinical; a calculator's own page also technical) for
the same content before it is approved. What readers see is derived from that and from the current content.

Two things are kept apart: the *steps* recorded (the state machine, which decides which event may come next) and
whether the approvals recorded *count* (declared reviewer, right identity, signature...). An approval that does not
count leaves the page unapproved but never makes the next recorded step illegal, so one void approval cannot stop
every later step of the page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence, Set

from .errors import EditorialError
from .ledger import Entry

__all__ = [
    "DISPLAYED",
    "REVIEWER_STEPS",
    "STATES",
    "TRANSITIONS",
    "LedgerState",
    "authorship",
    "derive",
    "reviewer_steps",
    "state_rank",
]

STATES = ("draft", "submitted", "under_review", "changes_requested", "approved")
# The three steps readers see; `changes_requested` is still under review for them, and drafts are never shown.
DISPLAYED = ("submitted", "under_review", "approved")
ANY = (None, *STATES)
# event → (states it may follow, None meaning a page new to the ledger; the state it leads to, None: unchanged)
TRANSITIONS: dict[str, tuple[tuple[str | None, ...], str | None]] = {
    "created": ((None,), "draft"),
    "submitted": ((None, "draft", "changes_requested", "approved"), "submitted"),
    "review_started": (("submitted",), "under_review"),
    "changes_requested": (("under_review",), "changes_requested"),
    "approved": (("under_review",), "under_review"),  # becomes approved once every required role has approved
    "approval_withdrawn": (("approved",), "changes_requested"),
    "renamed": (ANY, None),
    "repaired": (ANY, None),
}
# Steps only a declared, current reviewer who is not an author of the page may record (besides `approved`).
REVIEWER_STEPS = ("review_started", "changes_requested")
_RANK = {"draft": 0, "submitted": 1, "under_review": 2, "changes_requested": 2, "approved": 3}


def state_rank(state: str) -> int:
    return _RANK[state]


@dataclasses.dataclass(frozen=True)
class LedgerState:
    """Where a page's ledger stands.

    `state` is the state readers may be told: approved only when the approvals completing the last review count.
    `steps` is the state the recorded steps arrived at, which decides what may be recorded next.
    `approvals` are those of the last completed approval that counts, kept after a re-submission for "last
    reviewed"; they are in effect only while `state` is approved. `withdrawn`: a reviewer took them back.
    """

    state: str | None
    approvals: tuple[Entry, ...] = ()
    pending: tuple[Entry, ...] = ()  # approvals recorded in the current review, not yet complete
    ignored: tuple[tuple[Entry, str], ...] = ()  # approvals that do not count, and why
    submitted_by: tuple[str, ...] = ()
    steps: str | None = None
    withdrawn: bool = False
    last_request: Entry | None = None  # the last changes_requested or approval_withdrawn, with its note

    @property
    def approval_hash(self) -> str | None:
        return self.approvals[0].content_hash if self.approvals else None

    @property
    def approved_at(self) -> str | None:
        return max(entry.at for entry in self.approvals) if self.approvals else None

    @property
    def machine(self) -> str | None:
        return self.steps if self.steps is not None else self.state


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
    steps: str | None = None
    counted = False  # the last completed approval counts
    in_effect: tuple[Entry, ...] = ()
    cycle: dict[str, Entry] = {}  # every approval of the current review, counted or not
    good: dict[str, Entry] = {}  # those that count
    ignored: list[tuple[Entry, str]] = []
    submitted_by: list[str] = []
    withdrawn = False
    last_request: Entry | None = None
    for entry in entries:
        check_transition(steps, entry.event, f"{source}:{entry.line}: field 'event':")
        steps = TRANSITIONS[entry.event][1] or steps
        submitted_by = _submitters(submitted_by, entry, entries)
        if entry.event == "submitted":
            cycle, good = {}, {}
        elif entry.event in ("changes_requested", "approval_withdrawn"):
            cycle, good, last_request = {}, {}, entry
            if entry.event == "approval_withdrawn":
                withdrawn, counted = True, False
        elif entry.event == "renamed" and entry.from_hash:
            # The same bytes under a new path: an approval of them still covers them.
            if in_effect and in_effect[0].content_hash == entry.from_hash:
                in_effect = tuple(dataclasses.replace(e, content_hash=entry.content_hash) for e in in_effect)
        elif entry.event == "approved":
            if any(other.content_hash != entry.content_hash for other in cycle.values()):
                cycle, good = {}, {}  # the content changed during review: earlier approvals were for other bytes
            cycle[entry.role or ""] = entry
            reason = reject(entry, tuple(submitted_by))
            if reason:
                ignored.append((entry, reason))
            else:
                good[entry.role or ""] = entry
            if all(role in cycle for role in required_roles):
                steps = "approved"
                if all(role in good for role in required_roles):
                    in_effect, counted, withdrawn = tuple(good[role] for role in required_roles), True, False
                else:
                    counted = False
                cycle, good = {}, {}
    state = steps
    if steps == "approved" and not counted:
        state = "under_review"  # the steps were recorded, but the approval completing them does not count
    pending = tuple(good.values())
    return LedgerState(state, in_effect, pending, tuple(ignored), tuple(submitted_by), steps, withdrawn, last_request)


def _submitters(submitted_by: list[str], entry: Entry, entries: Sequence[Entry]) -> list[str]:
    """Who submitted or created the page, after `entry`: the ledger's half of who is an author of it."""
    if entry.event == "submitted":
        # The creator of a page is one of its authors for good: a later submission by someone else keeps them.
        return [*[e for e in submitted_by if e in _creators(entries, entry.line)], entry.email]
    if entry.event == "created":
        return [*submitted_by, entry.email]
    return submitted_by


def reviewer_steps(entries: Sequence[Entry]) -> list[tuple[Entry, tuple[str, ...]]]:
    """Each start-review or request-changes step, with who had submitted or created the page when it was recorded."""
    steps: list[tuple[Entry, tuple[str, ...]]] = []
    submitted_by: list[str] = []
    for entry in entries:
        if entry.event in REVIEWER_STEPS:
            steps.append((entry, tuple(submitted_by)))
        submitted_by = _submitters(submitted_by, entry, entries)
    return steps


# How someone is an author of a page, from `authorship` (None: they are not).
CHANGED_IT, NAMED, SUBMITTED_IT = "changed it", "named", "submitted it"


def authorship(
    email: str, name: str, git_authors: Set[str], named_authors: Set[str], submitted_by: Sequence[str]
) -> str | None:
    """Whether a person is an author of a page, and how: the one definition that approval and a reviewer's other
    steps share. An author is anyone whose commits changed the page (`git_authors`: e-mails, judged up to the step
    for an approval, so a reviewer may later fix a typo), anyone the front matter's `authors` names (`named_authors`:
    lower-case names, matched against a reviewer's declared name, or for a submission the git name), and whoever created or submitted it in the
    ledger (`submitted_by`: e-mails)."""
    email, name = email.strip().lower(), name.strip().lower()
    if email in git_authors:
        return CHANGED_IT
    if name in named_authors:
        return NAMED
    if email in submitted_by:
        return SUBMITTED_IT
    return None


def _creators(entries: Sequence[Entry], before: int) -> set[str]:
    return {e.email for e in entries if e.event == "created" and e.line < before}
