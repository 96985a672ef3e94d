"""Who may record a reviewer's step, and which recorded steps were taken by someone who may not.

Starting a review and requesting changes are a reviewer's acts: only a declared, current (not retired) reviewer who
is not an author of the page may record them, authorship judged as for an approval (`workflow.authorship`).
Withdrawing an approval is a reviewer's act too: a declared, current reviewer, author or not (taking an approval
down is the cautious direction, so a reviewer who co-wrote a page may pull it when they find an error in it).
Submitting is an author's act (the same authorship), or a declared, current reviewer's on an author's behalf:
whoever submits counts as an author of the page from then on, so it gives them no power over its approval. Nobody
else may put someone's draft before readers.

Steps already in a ledger are never voided (the ledger is append-only, and the real repository's first steps were
recorded before any reviewer was declared): `editorial check` names each one taken by someone who may not, as a
warning.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import yaml

from . import gitrepo
from .declarations import Reviewer, _reviewer
from .errors import EditorialError
from .gitrepo import page_authors, page_authors_upto
from .ledger import Entry, read_ledger
from .repository import PageReview, Repository
from .workflow import CHANGED_IT, NAMED, REVIEWER_STEPS, authorship, reviewer_steps

__all__ = ["COMMANDS", "QuestionedStep", "questioned_steps", "refusal"]

COMMANDS = {
    "submitted": "submit",
    "review_started": "start-review",
    "changes_requested": "request-changes",
    "approval_withdrawn": "withdraw",
}
ACTS = {
    "review_started": "start a review",
    "changes_requested": "request changes",
    "approval_withdrawn": "withdraw an approval",
}
RULE = "only a declared, current reviewer who is not an author of the page may start its review or request changes"


def named_authors(review: PageReview) -> frozenset[str]:
    """The front matter's `authors`, lower case: as approval reads them."""
    return frozenset(str(a).strip().lower() for a in review.meta.get("authors") or [])


def _how(how: str, reviewer: Reviewer) -> str:
    if how == CHANGED_IT:
        return "their commits changed it"
    if how == NAMED:
        return f"its front matter names {reviewer.name} under 'authors'"
    return "they created or submitted it (ledger)"


def _others(repo: Repository, email: str) -> str:
    """Who else could do it: the current reviewers other than `email`."""
    current = [r for r in repo.declarations.reviewers.values() if not r.retired and r.email.lower() != email.lower()]
    if not current:
        return "declare another reviewer with `editorial reviewer add` (a signed commit by an allowed signer)"
    names = ", ".join(f"{r.name} <{r.email}>" for r in current)
    return f"ask a declared reviewer who is not an author of the page ({names}) to run it"


def refusal(repo: Repository, review: PageReview, event: str, name: str, email: str) -> str | None:
    """Why this clone's git identity may not record `event` on the page now (None: it may)."""
    if event not in COMMANDS:
        return None
    command = COMMANDS[event]
    head = f"{review.page}: {command} refused: you are recorded as {name} <{email}>"
    state = review.ledger_state
    if event == "submitted":
        return _submit_refusal(repo, review, head, name, email)
    add = (
        "`editorial reviewer add --id … --name … --credentials … --role clinical --email … --key …` "
        "(a signed commit by an allowed signer)"
    )
    if not repo.declarations.reviewers:
        return (
            f"{head}, and no reviewer is declared in editorial.yml yet, so nobody may {ACTS[event]}. Fix: a "
            f"reviewer must first be declared with {add}; that reviewer then runs `editorial {command} "
            f"{review.page}`."
        )
    reviewer = repo.declarations.reviewer_by_email(email)
    if reviewer is None:
        return (
            f"{head}, who is not a declared reviewer (editorial.yml field 'reviewers' has no entry with this "
            f"'email'); {RULE if event in REVIEWER_STEPS else 'only a declared reviewer may withdraw an approval'}. "
            f"Fix: {_others(repo, email)}; or, if you are to review, be declared first with {add}."
        )
    if reviewer.retired:
        return (
            f"{head}, who as reviewer {reviewer.id!r} retired on {reviewer.retired} (editorial.yml field 'retired') "
            f"and reviews no more. Fix: {_others(repo, email)}."
        )
    if event == "approval_withdrawn":
        return None
    how = authorship(
        reviewer.email,
        reviewer.name,
        page_authors(repo.root, [review.page]),
        named_authors(review),
        state.submitted_by if state else (),
    )
    if how:
        return (
            f"{head}, reviewer {reviewer.id!r}, who is an author of this page ({_how(how, reviewer)}); nobody "
            f"reviews their own page. Fix: {_others(repo, email)}."
        )
    return None


def _submit_refusal(repo: Repository, review: PageReview, head: str, name: str, email: str) -> str | None:
    """An author submits their page; a declared, current reviewer may submit it for them (and counts as one of its
    authors from then on, so cannot approve it)."""
    reviewer = repo.declarations.reviewer_by_email(email)
    if reviewer is not None and not reviewer.retired:
        return None
    state = review.ledger_state
    git_authors = page_authors(repo.root, [review.page])
    if repo.git and gitrepo._git(repo.root, "status", "--porcelain", "--", review.page, check=False).stdout.strip():
        # The page has changes this clone has not committed: the commit the hint prints makes them yours.
        git_authors = {*git_authors, email.strip().lower()}
    if authorship(email, name, git_authors, named_authors(review), state.submitted_by if state else ()):
        return None
    named = ", ".join(str(a) for a in review.meta.get("authors") or []) or "nobody"
    return (
        f"{head}, who is neither an author of this page (no commit of theirs changed it, its front matter's "
        f"'authors' names {named}, and the ledger records no creation or submission by them) nor a declared "
        "reviewer. Fix: an author of the page submits it; if you wrote part of it, submit with your change to the "
        "page (commit it with the ledger line) or add your name under 'authors'."
    )


@dataclasses.dataclass(frozen=True)
class QuestionedStep:
    """A start-review or request-changes already in a ledger, recorded by someone who may not record it now."""

    entry: Entry
    commit: str | None
    reason: str

    def message(self, ledger: str) -> str:
        where = f"in commit {self.commit[:12]}" if self.commit else "not committed yet"
        return (
            f"{ledger}:{self.entry.line}: {COMMANDS[self.entry.event]} recorded by {self.entry.by} ({where}), who "
            f"{self.reason}; {RULE}, and the command line now refuses such a step. It stands (the ledger is "
            "append-only) and the status readers see is unaffected: a declared reviewer who is not an author takes "
            "the review on from here."
        )


@functools.cache
def _declared_then(root: Path, commit: str) -> tuple[Reviewer, ...]:
    """The reviewers editorial.yml declared at `commit` (its ledger step came first; they may have left since)."""
    # Through gitrepo._git, so that the history cache answers it when enabled.
    done = gitrepo._git(root, "show", f"{commit}:editorial.yml", check=False)
    try:
        data = yaml.safe_load(done.stdout) if done.returncode == 0 else None
        raw = data.get("reviewers") if isinstance(data, dict) else None
        return tuple(_reviewer(entry, index, "editorial.yml") for index, entry in enumerate(raw or []))
    except (yaml.YAMLError, EditorialError, AttributeError):  # an unreadable declaration declares no one
        return ()


def questioned_steps(repo: Repository, review: PageReview) -> list[QuestionedStep]:
    """Every start-review and request-changes in the page's ledger recorded by an undeclared person, a retired
    reviewer, or an author of the page (authorship up to that step's commit, as for an approval)."""
    try:
        entries = read_ledger(repo.root, review.page, repo.docs_dir) or []
    except EditorialError:  # a malformed ledger: the check reports it as such already
        return []
    steps = reviewer_steps(entries)
    if not steps:
        return []
    named = named_authors(review)
    ever = page_authors(repo.root, [review.page]) if repo.git else set()
    origins: list[str | None] | None = None

    def commit_of(entry: Entry) -> str | None:
        # The ledger's history is replayed only for a step worth naming: in a healthy ledger, none is.
        nonlocal origins
        if origins is None:
            origins = repo.history(review.ledger).commits if repo.git else []
        return origins[entry.line - 1] if entry.line - 1 < len(origins) else None

    found = []
    for entry, submitted_by in steps:
        reviewer = repo.declarations.reviewer_by_email(entry.email)
        if reviewer and not reviewer.retired and not authorship(entry.email, reviewer.name, ever, named, submitted_by):
            continue  # no author even counting every commit to the page since: nothing to look up
        commit = commit_of(entry)
        if reviewer is None and commit and (not repo.signatures_checked or repo.trust.trusted_at(commit)):
            # Declared when they acted and removed since (a declaration nobody trusted vouches for no one).
            reviewer = next((r for r in _declared_then(repo.root, commit) if r.email.lower() == entry.email), None)
        if reviewer is None:
            reason = "was not a declared reviewer"
        elif reviewer.retired and entry.at[:10] > reviewer.retired:
            reason = f"as reviewer {reviewer.id!r} had retired on {reviewer.retired}"
        else:
            git_authors = page_authors_upto(repo.root, [review.page], commit) if commit else ever
            how = authorship(reviewer.email, reviewer.name, git_authors, named, submitted_by)
            if not how:
                continue
            reason = f"as reviewer {reviewer.id!r} is an author of this page ({_how(how, reviewer)})"
        found.append(QuestionedStep(entry, commit, reason))
    return found
