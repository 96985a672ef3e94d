"""A repository under editorial control: its pages, their ledgers, and what each page's review status is."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .content import Content, page_content
from .declarations import Declarations, Reviewer, load_declarations
from .errors import EditorialError
from .front_matter import read_front_matter
from .gitrepo import author_email, commit_time, is_git_repo, page_authors, page_authors_upto
from .ledger import LEDGER_DIR, Entry, ledger_path, read_ledger
from .ledger_history import ledger_history
from .trust import Trust
from .workflow import LedgerState, derive

STALE_POLICIES = ("last-approved", "under-review")
# How far an event's recorded time may be from its commit's: a day's work committed in the evening is fine.
CLOCK_SLACK = dt.timedelta(hours=12)

__all__ = ["PageReview", "Repository", "find_root"]


def find_root(start: Path) -> Path:
    """The nearest directory at or above `start` holding editorial.yml."""
    for candidate in (start, *start.parents):
        if (candidate / "editorial.yml").is_file():
            return candidate
    raise EditorialError(f"editorial.yml: not found in {start} or any parent; run from the repository.")


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name tags; the editorial tools only need plain keys."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def front_matter(path: Path, page: str) -> dict[str, Any]:
    """The page's front matter as MkDocs reads it (see `front_matter.parse_front_matter`)."""
    return read_front_matter(path, page).data


@dataclasses.dataclass(frozen=True)
class PageReview:
    """Everything known about one page's review. `status` is what readers see."""

    page: str
    ledger: str
    meta: Mapping[str, Any]
    content: Content
    kind: str  # article or calculator
    required_roles: tuple[str, ...]
    ledger_state: LedgerState | None
    status: str | None  # draft, submitted, under_review, approved; None when the page has no ledger
    changed_since_approval: bool
    reviewers: tuple[Reviewer, ...]
    last_reviewed: dt.date | None
    next_review_due: dt.date | None
    overdue: bool
    interval_months: int
    problems: tuple[str, ...]  # why the ledger could not be read, or was rewritten
    uncommitted: int  # ledger lines not yet committed
    deleted_in: str | None = None  # the commit that deleted this page's ledger (no ledger now, but history)
    notes: tuple[str, ...] = ()  # warnings: e.g. an interval longer than the policy's, capped
    stale_policy: str = "last-approved"

    @property
    def earlier_approval(self) -> bool:
        """A counted approval of other bytes, or a review in progress after one, and not withdrawn."""
        state = self.ledger_state
        if state is None or not state.approvals or state.withdrawn:
            return False
        return self.changed_since_approval or state.state != "approved"

    @property
    def malformed(self) -> bool:
        return bool(self.problems)

    @property
    def approval_hash(self) -> str | None:
        return self.ledger_state.approval_hash if self.ledger_state else None

    @property
    def current_hash(self) -> str:
        return self.content.approval_hash

    @property
    def ledger_status(self) -> str | None:
        return self.ledger_state.state if self.ledger_state else None


def _snapshot(entry: Entry, declared: Reviewer | None) -> Reviewer:
    """The reviewer as they were displayed when they approved; renaming them in editorial.yml relabels nothing."""
    return Reviewer(
        id=entry.reviewer or "",
        name=entry.name or (declared.name if declared else entry.by.partition(" <")[0]),
        credentials=entry.credentials or (declared.credentials if declared else ""),
        role=entry.role or "",
        email=entry.email,
        affiliation=declared.affiliation if declared else "",
    )


class Repository:
    """`strict` (production and the built-site check): only committed, verified approvals count."""

    def __init__(self, root: Path, *, strict: bool = False, today: dt.date | None = None) -> None:
        self.root = root.resolve()
        self.strict = strict
        self.today = today or dt.datetime.now(dt.UTC).date()
        self.declarations: Declarations = load_declarations(self.root)
        self.docs_dir = self._docs_dir()
        self.git = is_git_repo(self.root)

    @cached_property
    def _mkdocs(self) -> dict[str, Any]:
        config = self.root / "mkdocs.yml"
        if config.is_file():
            data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader) or {}
            return data if isinstance(data, dict) else {}
        return {}

    def _docs_dir(self) -> str:
        return str(self._mkdocs.get("docs_dir") or "docs").strip("/")

    @cached_property
    def plugin_config(self) -> dict[str, Any]:
        for plugin in self._mkdocs.get("plugins") or []:
            if isinstance(plugin, dict) and isinstance(plugin.get("igm-guide"), dict):
                return plugin["igm-guide"]
        return {}

    @cached_property
    def stale_policy(self) -> str:
        """What readers see of a page changed since its approval (mkdocs.yml, igm-guide `stale`)."""
        policy = self.plugin_config.get("stale", "last-approved")
        if policy not in STALE_POLICIES:
            raise EditorialError(f"mkdocs.yml: igm-guide field 'stale' must be one of {', '.join(STALE_POLICIES)}.")
        return policy

    @cached_property
    def trust(self) -> Trust:
        return Trust(self.root, self.declarations)

    @property
    def signatures_checked(self) -> bool:
        return self.declarations.signatures_required or self.declarations.allowed_signers is not None

    def verify_repair(self, commit: str) -> str | None:
        """Why a repair recorded in `commit` cannot be accepted (None: it can)."""
        if not self.signatures_checked:
            return None
        signature = self.trust.verify_at(commit)
        return None if signature.good else f"commit {commit[:12]} has no good SSH signature: {signature.detail}"

    def history(self, rel: str):
        return ledger_history(
            self.root, rel, self.verify_repair, ledger_of=lambda page: ledger_path(page, self.docs_dir)
        )

    def exempt(self, page: str) -> bool:
        return page.removeprefix(self.docs_dir + "/") in self.declarations.exempt

    def uncontrolled_pages(self) -> list[str]:
        """docs/**.md with no ledger and not listed under `exempt:` in editorial.yml."""
        tracked = set(self.tracked_pages())
        return [p for p in self._pages if (self.root / p).is_file() and p not in tracked and not self.exempt(p)]

    def page_path(self, name: str) -> str:
        """Accept docs/articles/x.md, articles/x.md or an absolute path; return docs/articles/x.md."""
        path = Path(name)
        if path.is_absolute():
            path = path.resolve().relative_to(self.root)
        rel = path.as_posix()
        if not rel.startswith(self.docs_dir + "/"):
            rel = f"{self.docs_dir}/{rel}"
        return rel

    @cached_property
    def _pages(self) -> list[str]:
        docs = self.root / self.docs_dir
        pages = {p.relative_to(self.root).as_posix() for p in docs.rglob("*.md")} if docs.is_dir() else set()
        ledgers = self.root / LEDGER_DIR
        for ledger in ledgers.rglob("*.jsonl") if ledgers.is_dir() else ():
            pages.add(f"{self.docs_dir}/{ledger.relative_to(ledgers).with_suffix('.md').as_posix()}")
        return sorted(pages)

    def tracked_pages(self) -> list[str]:
        """Pages under review control: those with a ledger."""
        return [page for page in self._pages if (self.root / ledger_path(page, self.docs_dir)).is_file()]

    def _reject(self, page: str, meta: Mapping[str, Any], origins: list[str | None], entries: list[Entry]):
        named_authors = {str(a).strip().lower() for a in meta.get("authors") or []}
        previous_at = {e.line: entries[i - 1].when for i, e in enumerate(entries) if i}

        @functools.cache
        def authors(commit: str | None) -> frozenset[str]:
            # Authorship up to the approval: a reviewer who later fixes a comma did not write what they approved.
            if commit is None:
                return frozenset(page_authors(self.root, [page]))
            return frozenset(page_authors_upto(self.root, [page], commit))

        def reject(entry: Entry, submitted_by: tuple[str, ...] = ()) -> str | None:
            commit = origins[entry.line - 1] if entry.line - 1 < len(origins) else None
            reviewer = self.declarations.reviewers.get(entry.reviewer or "")
            if reviewer is None and commit is not None:
                # Removed from the board since: an approval given while they were declared stays valid until due.
                reviewer = self._declared_at(commit, entry.reviewer or "")
            if reviewer is None:
                return f"approver {entry.reviewer!r} is not a declared reviewer (editorial.yml) — unknown reviewer"
            if entry.role != reviewer.role:
                return f"approver {reviewer.id!r} is declared as a {reviewer.role} reviewer, not {entry.role}"
            if entry.email != reviewer.email.lower():
                return f"recorded by {entry.by}, not by {reviewer.id}'s git identity <{reviewer.email}>"
            if reviewer.retired and entry.at[:10] > reviewer.retired:
                return f"approver {reviewer.id!r} retired on {reviewer.retired}, before this approval"
            if entry.line in previous_at and entry.when < previous_at[entry.line]:
                return f"its time {entry.at} is earlier than the line before it: ledger times never go backwards"
            if reviewer.email.lower() in authors(commit) or reviewer.name.lower() in named_authors:
                return f"approver {reviewer.id!r} is an author of this page; nobody approves their own change"
            if reviewer.email.lower() in submitted_by:
                return f"approver {reviewer.id!r} submitted or created this page; nobody approves their own change"
            if commit is None:
                return "the approval is not committed yet" if self.strict else None
            committer = author_email(self.root, commit)
            if committer != reviewer.email.lower():
                return (
                    f"recorded in commit {commit[:12]} by <{committer}>, not by {reviewer.id} <{reviewer.email}> "
                    "(a squash or rebase merge re-records approvals under the merger's name: merge with a merge "
                    "commit, never squash or rebase)"
                )
            committed = dt.datetime.fromisoformat(commit_time(self.root, commit))
            if abs(committed - entry.when) > CLOCK_SLACK:
                return (
                    f"its time {entry.at} is more than {CLOCK_SLACK.seconds // 3600} hours from its commit "
                    f"{commit[:12]} ({committed.isoformat()})"
                )
            if self.signatures_checked:
                signature = self.trust.verify_at(commit)
                if not signature.good:
                    return f"commit {commit[:12]} has no good SSH signature from an allowed signer: {signature.detail}"
                if signature.signer != reviewer.email.lower():
                    return f"commit {commit[:12]} is signed by {signature.signer}, not by {reviewer.email}"
            return None

        return reject

    @functools.cache  # noqa: B019 - one Repository per run; commits never change
    def _declared_at(self, commit: str, reviewer_id: str) -> Reviewer | None:
        """The reviewer as editorial.yml declared them at `commit` (None: not declared then)."""
        import subprocess

        from .declarations import _reviewer

        if self.signatures_checked and not self.trust.trusted_at(commit):
            return None  # a declaration nobody trusted vouches for no one
        done = subprocess.run(
            ["git", "-C", str(self.root), "show", f"{commit}:editorial.yml"], capture_output=True, text=True
        )
        try:
            data = yaml.safe_load(done.stdout) or {} if done.returncode == 0 else {}
            for index, raw in enumerate(data.get("reviewers") or []):
                if isinstance(raw, dict) and raw.get("id") == reviewer_id:
                    return _reviewer(raw, index, "editorial.yml")
        except (yaml.YAMLError, EditorialError, AttributeError):
            return None
        return None

    def removed_reviewers(self, review: PageReview) -> list[str]:
        """Reviewers whose approval is in effect but who are no longer declared (retire them instead)."""
        state = review.ledger_state
        return [
            e.reviewer or ""
            for e in (state.approvals if state else ())
            if e.reviewer not in self.declarations.reviewers
        ]

    def _as_displayed(self, entry: Entry) -> Reviewer:
        return _snapshot(entry, self.declarations.reviewers.get(entry.reviewer or ""))

    def reviews(self) -> dict[str, PageReview | EditorialError]:
        """Every tracked page that exists: its review, or why it could not be made; remembered across runs while
        nothing it is made from changes (`review_cache`)."""
        from .review_cache import remembered_pages

        def review(page: str) -> PageReview | EditorialError:
            try:
                return self.review(page)
            except EditorialError as exc:
                return exc

        pages = [page for page in self.tracked_pages() if (self.root / page).is_file()]
        return remembered_pages(self, "review", pages, review)

    def review(self, name: str) -> PageReview:
        page = self.page_path(name)
        path = self.root / page
        if not path.is_file():
            raise EditorialError(f"{page}: no such page (its ledger is {ledger_path(page, self.docs_dir)}).")
        meta = front_matter(path, page)
        content = page_content(self.root, page)
        kind = "calculator" if content.calculators else "article"
        own_calculator_page = kind == "calculator" and page.startswith(f"{self.docs_dir}/calculators/")
        required = ("clinical", "technical") if own_calculator_page else ("clinical",)
        policy = self.declarations.review_interval_months[kind]
        interval = meta.get("review_interval_months", policy)
        if not isinstance(interval, int) or isinstance(interval, bool) or interval < 1:
            raise EditorialError(f"{page}: front matter 'review_interval_months' must be a whole number of months.")
        notes: list[str] = []
        if interval > policy:
            notes.append(
                f"front matter field 'review_interval_months' is {interval}, longer than editorial.yml's {policy} "
                f"for a {kind}; a page may only shorten it, so {policy} applies."
            )
            interval = policy
        rel = ledger_path(page, self.docs_dir)
        problems: list[str] = []
        state: LedgerState | None = None
        uncommitted = 0
        deleted_in = None
        try:
            entries = read_ledger(self.root, page, self.docs_dir)
        except EditorialError as exc:
            entries, problems = None, [str(exc)]
        if entries is None and self.git:
            # A deleted ledger with history, or an unreadable one: say which commit did it, and how to undo it.
            gone = self.history(rel)
            if gone.rewrites:
                problems += [f"{rel}: {rewrite}" for rewrite in gone.rewrites]
                deleted_in = gone.deleted_in
        if entries is not None:
            origins = self.history(rel) if self.git else None
            commits = origins.commits if origins else []
            uncommitted = sum(1 for commit in commits if commit is None) if origins else len(entries)
            problems += [f"{rel}: {rewrite}" for rewrite in (origins.rewrites if origins else [])]
            for before, after in itertools.pairwise(entries):
                if after.when < before.when:
                    notes.append(
                        f"{rel}:{after.line}: field 'at' is {after.at}, earlier than line {before.line} ({before.at}): "
                        "ledger times never go backwards (an approval with such a time does not count)."
                    )
            reject = self._reject(page, meta, commits, entries)
            try:
                state = derive(entries, required, reject, source=rel)
            except EditorialError as exc:
                problems.append(str(exc))
            if state is not None and problems:
                # A ledger that was rewritten, or does not replay, cannot vouch for any approval.
                status = "under_review" if state.state == "approved" else state.state
                state = dataclasses.replace(state, state=status, approvals=())
        review = self._summarise(page, rel, meta, content, kind, required, state, problems, interval, uncommitted)
        return dataclasses.replace(review, deleted_in=deleted_in, notes=tuple(notes), stale_policy=self.stale_policy)

    def _summarise(
        self, page, rel, meta, content, kind, required, state, problems, interval, uncommitted
    ) -> PageReview:
        status: str | None = None
        changed = False
        if state is not None:
            status = {"changes_requested": "under_review"}.get(state.state or "", state.state)
            if state.state == "approved" and state.approval_hash != content.approval_hash:
                status, changed = "under_review", True
        elif problems:
            status = "under_review"
        reviewers = tuple(self._as_displayed(e) for e in state.approvals) if state else ()
        last = dt.date.fromisoformat(state.approved_at[:10]) if state and state.approved_at else None
        due = _add_months(last, interval) if last else None
        return PageReview(
            page=page,
            ledger=rel,
            meta=meta,
            content=content,
            kind=kind,
            required_roles=required,
            ledger_state=state,
            status=status,
            changed_since_approval=changed,
            reviewers=reviewers,
            last_reviewed=last,
            next_review_due=due,
            overdue=bool(due and status == "approved" and self.today > due),
            interval_months=interval,
            problems=tuple(problems),
            uncommitted=uncommitted,
        )
