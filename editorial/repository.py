"""A repository under editorial control: a page's state is a function of its subject digest and the valid statements.

Public API (what the CLI, the site plugin and the desk call)::

    repo = Repository(root, strict=False, today=None)
    repo.review(page) -> PageReview        # state of one page: .status (draft, submitted, under_review, approved),
                                           # .ledger_status (also changes_requested), .current_hash (its subject
                                           # digest), .approval_hash, .reviewers, .last_reviewed, .next_review_due,
                                           # .changed_since_approval, .last_request (the Line of the last request
                                           # for changes or withdrawal, with .note), .verdicts (below)
    repo.reviews() -> {page: PageReview | EditorialError}   # every page under review
    PageReview.verdicts -> tuple[Verdict]  # every statement and step that bears on the page, each with
                                           # .line (ledger.Line: .where, .kind, .statement, .note, .by, .date),
                                           # .valid, .reason (why not), .counts (in effect for the current digest)
    repo.problems() -> [(page, "file:line: why")]   # unusable lines, reported on their own page only
    repo.valid_statements() -> [dict]      # what the production build publishes as reviews.json

The acts (approve, withdraw, request-changes: signed statements; submit, start-review: steps) are in `service`.

A page is Approved only with a valid approval of its current digest by a clinical reviewer (and a technical one for a
calculator's own page), each by a reviewer in force on the statement's date who is not an author of the page, and no
valid withdrawal of that digest. A statement is valid when it parses, its signature verifies with a key of the
reviewer it names (the reviewer set's chain, `reviewer_set`), its role is theirs, its date is within their time on the
board and not in the future (beyond `CLOCK_SLACK`). Statements are found by digest in every ledger, so a page moved
with the same bytes keeps its approvals. Submitted and Under Review come from the steps. Nothing here reads git
history except the one batched log of page authors (`gitrepo.page_log`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .chrome import chrome_review, held
from .content import CALCULATORS_DIR, Content, declaration_index, page_content
from .declarations import Declarations, Reviewer, load_declarations
from .errors import EditorialError
from .front_matter import read_front_matter
from .gitrepo import PageLog, page_log
from .ledger import CHROME, CHROME_LEDGER, LEDGER_DIR, Line, ledger_path, page_of_ledger, read_lines, when
from .signatures import REVIEW_NAMESPACE, verify

__all__ = ["CLOCK_SLACK", "PageReview", "Repository", "Verdict", "find_root"]

STALE_POLICIES = ("last-approved", "under-review")
CLOCK_SLACK = dt.timedelta(minutes=10)  # a statement dated further ahead than this is refused
LEDGER_STATUS = {
    "created": "draft", "submitted": "submitted", "review_started": "under_review", "approve": "under_review",
    "request-changes": "changes_requested", "withdraw": "changes_requested",
}  # fmt: skip


_BUILDING: dict[Path, Repository] = {}


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


@dataclasses.dataclass(frozen=True)
class Verdict:
    line: Line
    valid: bool
    reason: str = ""
    counts: bool = False


@dataclasses.dataclass(frozen=True)
class PageReview:
    """Everything known about one page's review. `status` is what readers see."""

    page: str
    ledger: str
    meta: Mapping[str, Any]
    content: Content
    kind: str  # article or calculator
    required_roles: tuple[str, ...]
    ledger_status: str | None  # draft, submitted, under_review, changes_requested, approved; None: no record
    status: str | None
    changed_since_approval: bool
    reviewers: tuple[Reviewer, ...]
    last_reviewed: dt.date | None
    next_review_due: dt.date | None
    overdue: bool
    interval_months: int
    approval_hash: str | None = None  # the digest of the approval in effect or the last one (earlier version)
    approval_blob: str = ""  # git blob id of the approved page bytes (a hint, checked before use)
    verdicts: tuple[Verdict, ...] = ()
    last_request: Line | None = None
    notes: tuple[str, ...] = ()
    stale_policy: str = "last-approved"
    held: str = ""  # why its approval is not shown (the site chrome is not approved: `chrome.held`)

    @property
    def earlier_approval(self) -> bool:
        """A valid approval of other bytes (or a new review after one), not withdrawn."""
        return self.approval_hash is not None and (self.changed_since_approval or self.status != "approved")

    @property
    def current_hash(self) -> str:
        return self.content.approval_hash

    @property
    def invalid(self) -> list[Verdict]:
        return [v for v in self.verdicts if not v.valid]


class Repository:
    """`strict`: the production view (the same state; kept for callers that say which they are)."""

    def __init__(self, root: Path, *, strict: bool = False, today: dt.date | None = None) -> None:
        self.root = root.resolve()
        self.strict = strict
        self.now = dt.datetime.now(dt.UTC)
        self.today = today or self.now.date()
        self.declarations: Declarations = load_declarations(self.root)
        self.docs_dir = str(self._mkdocs.get("docs_dir") or "docs").strip("/")
        self._reviews: dict[str, PageReview | EditorialError] | None = None
        self.shown: dict[str, Any] | None = None  # what readers are shown (`published.shown_all`)
        self.checked_sources: dict[str, bytes] = {}  # page → the bytes `editorial check` found nothing wrong in

    @cached_property
    def _mkdocs(self) -> dict[str, Any]:
        config = self.root / "mkdocs.yml"
        if config.is_file():
            data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader) or {}
            return data if isinstance(data, dict) else {}
        return {}

    @cached_property
    def plugin_config(self) -> dict[str, Any]:
        for plugin in self._mkdocs.get("plugins") or []:
            if isinstance(plugin, dict) and isinstance(plugin.get("igm-guide"), dict):
                return plugin["igm-guide"]
        return {}

    @cached_property
    def stale_policy(self) -> str:
        policy = self.plugin_config.get("stale", "last-approved")
        if policy not in STALE_POLICIES:
            raise EditorialError(f"mkdocs.yml: igm-guide field 'stale' must be one of {', '.join(STALE_POLICIES)}.")
        return policy

    def exempt(self, page: str) -> bool:
        return page.removeprefix(self.docs_dir + "/") in self.declarations.exempt

    def page_path(self, name: str) -> str:
        """Accept docs/articles/x.md, articles/x.md or an absolute path; return docs/articles/x.md."""
        path = Path(name)
        if name == CHROME:
            return CHROME
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
        return sorted(pages)

    # ---- the record: every ledger line, read once
    @cached_property
    def lines(self) -> dict[str, list[Line]]:
        base = self.root / LEDGER_DIR
        files = sorted(base.rglob("*.jsonl")) if base.is_dir() else []
        return {(rel := f.relative_to(self.root).as_posix()): read_lines(self.root, rel) for f in files}

    @cached_property
    def by_subject(self) -> dict[str, list[Line]]:
        index: dict[str, list[Line]] = {}
        for lines in self.lines.values():
            for line in lines:
                if line.subject:
                    index.setdefault(line.subject, []).append(line)
        return index

    @cached_property
    def log(self) -> PageLog:
        return page_log(self.root, self.docs_dir)  # outside git: no authors

    def _content(self, page: str) -> Content:
        if page not in self._contents:
            self._contents[page] = page_content(self.root, page, self._calculators)
        return self._contents[page]

    @cached_property
    def _calculators(self) -> dict[str, str]:
        return declaration_index(self.root / CALCULATORS_DIR)

    @cached_property
    def _contents(self) -> dict[str, Content]:
        return {}

    def tracked_pages(self) -> list[str]:
        """Pages under review: every page of docs/ that is not exempt and has a record (a ledger, or statements or
        steps naming its digest)."""
        return [p for p in self._pages if self._has_record(p)]

    def _has_record(self, page: str) -> bool:
        if self.lines.get(ledger_path(page, self.docs_dir)):
            return True
        return bool(self.by_subject.get(self._content(page).approval_hash))

    def uncontrolled_pages(self) -> list[str]:
        """docs/**.md with no record at all and not listed under `exempt:` in editorial.yml."""
        return [p for p in self._pages if not self.exempt(p) and not self._has_record(p)]

    def orphan_ledgers(self) -> list[str]:
        """Ledger files whose page is gone (deleted or moved): kept, harmless, their statements still found by digest."""
        ledgers = [rel for rel in self.lines if rel != CHROME_LEDGER]
        return [rel for rel in ledgers if not (self.root / page_of_ledger(rel, self.docs_dir)).is_file()]

    # ---- validity
    def statement_problem(self, line: Line) -> str:
        """Why a statement is not valid regardless of the page ("" when it is)."""
        statement = line.statement
        if statement is None:
            return line.problem or "not a statement"
        member = self.declarations.reviewer_set.reviewer(statement.reviewer)
        if member is None:
            return f"{statement.reviewer!r} is not a reviewer of the reviewer set in force"
        if member.role != statement.role:
            return f"{member.id!r} is a {member.role} reviewer, not {statement.role}"
        if when(statement.date) > self.now + CLOCK_SLACK:
            return f"dated {statement.date}, in the future (this build's clock: {self.now:%Y-%m-%dT%H:%M:%SZ})"
        if not member.in_force(statement.date[:10]):
            return (
                f"{member.id!r} was not on the board on {statement.date[:10]} (from {member.since} to "
                f"{member.until or 'now'})"
            )
        if verify(statement.canonical, line.signature, member.keys, REVIEW_NAMESPACE) is None:
            return f"the signature is not {member.id}'s over this statement (forged, altered or made with another key)"
        return ""

    @cached_property
    def _statement_problems(self) -> dict[tuple[str, int], str]:
        return {
            (line.file, line.number): self.statement_problem(line)
            for lines in self.lines.values()
            for line in lines
            if line.statement is not None
        }

    def _authors(self, page: str, meta: Mapping[str, Any]) -> frozenset[str]:
        named = {str(a).strip().lower() for a in meta.get("authors") or []}
        return self.log.authors.get(page, frozenset()) | named

    def _verdict(self, line: Line, authors: frozenset[str], digest: str) -> Verdict:
        if line.problem:
            return Verdict(line, False, line.problem)
        if line.statement is None:
            return Verdict(line, True)
        reason = self._statement_problems.get((line.file, line.number)) or self.statement_problem(line)
        member = self.declarations.reviewer_set.members.get(line.statement.reviewer)
        wrote = member is not None and (member.email.lower() in authors or member.name.strip().lower() in authors)
        if not reason and line.statement.act == "approve" and wrote:
            reason = f"{member.id!r} is an author of this page; nobody approves what they wrote"
        return Verdict(line, not reason, reason, not reason and line.subject == digest)

    @cached_property
    def chrome(self) -> PageReview:
        return chrome_review(self)

    def review(self, name: str) -> PageReview:
        page = self.page_path(name)
        if page == CHROME:
            return self.chrome
        path = self.root / page
        if not path.is_file():
            raise EditorialError(f"{page}: no such page (its ledger is {ledger_path(page, self.docs_dir)}).")
        meta = read_front_matter(path, page).data
        content = self._content(page)
        digest = content.approval_hash
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
        seen: dict[tuple[str, int], Line] = {(x.file, x.number): x for x in self.lines.get(rel, [])}
        for line in self.by_subject.get(digest, []):
            seen.setdefault((line.file, line.number), line)
        authors = self._authors(page, meta)
        verdicts = tuple(self._verdict(line, authors, digest) for line in seen.values())
        return held(self._state(page, rel, meta, content, kind, required, verdicts, interval, notes), self.chrome)

    def _state(self, page, rel, meta, content, kind, required, verdicts, interval, notes) -> PageReview:
        valid = [v.line for v in verdicts if v.valid]
        withdrawn = {x.subject for x in valid if x.kind == "withdraw"}
        approvals: dict[str, dict[str, Line]] = {}  # subject → role → latest approval
        for x in sorted((x for x in valid if x.kind == "approve"), key=lambda x: x.date):
            approvals.setdefault(x.subject, {})[x.statement.role] = x
        complete = {s: a for s, a in approvals.items() if s not in withdrawn and all(r in a for r in required)}
        digest = content.approval_hash
        in_effect = complete.get(digest)
        if in_effect is None and complete:  # the last approval of other bytes: an earlier version
            in_effect = max(complete.values(), key=lambda a: max((x.date, x.number) for x in a.values()))
        ordered = sorted(valid, key=lambda x: (x.date, x.file, x.number))
        last = ordered[-1] if ordered else None
        ledger_status = LEDGER_STATUS[last.kind] if last else None
        status = {"changes_requested": "under_review"}.get(ledger_status or "", ledger_status)
        if status is None and verdicts:
            status = "under_review"  # a record nothing in which counts: shown with the caution, never approved
        changed = False
        if digest in complete:
            status = ledger_status = "approved"
        elif in_effect is not None:
            changed = True
            status = status if status in ("submitted", "under_review", "draft") else "under_review"
        requests = [x for x in ordered if x.kind in ("request-changes", "withdraw")] or [None]
        reviewers = (
            tuple(self.declarations.reviewer_set.members[x.statement.reviewer] for x in in_effect.values())
            if in_effect
            else ()
        )
        last_day = dt.date.fromisoformat(max(x.date for x in in_effect.values())[:10]) if in_effect else None
        due = _add_months(last_day, interval) if last_day else None
        subject, blob = next(((x.subject, x.blob) for x in (in_effect or {}).values()), (None, ""))
        return PageReview(
            page=page,
            ledger=rel,
            meta=meta,
            content=content,
            kind=kind,
            required_roles=required,
            ledger_status=ledger_status,
            status=status,
            changed_since_approval=changed,
            reviewers=reviewers,
            last_reviewed=last_day,
            next_review_due=due,
            overdue=bool(due and status == "approved" and self.today > due),
            interval_months=interval,
            approval_hash=subject,
            approval_blob=blob,
            verdicts=verdicts,
            last_request=requests[-1],
            notes=tuple(notes),
            stale_policy=self.stale_policy,
        )

    @classmethod
    def of(cls, root: Path) -> Repository:
        """The repository `editorial build` is building (handed to the site plugin in the same process), or a new
        one: the build reads every page's state once."""
        shared = _BUILDING.get(root.resolve())
        return shared if shared is not None else cls(root)

    def building(self) -> None:
        _BUILDING.clear()
        _BUILDING[self.root] = self

    def reviews(self) -> dict[str, PageReview | EditorialError]:
        """Every page under review: its review, or why it could not be made (read once per Repository)."""
        if self._reviews is None:
            self._reviews = {}
            for page in self.tracked_pages():
                try:
                    self._reviews[page] = self.review(page)
                except EditorialError as exc:
                    self._reviews[page] = exc
        return self._reviews

    def problems(self) -> list[tuple[str, str]]:
        """Every unusable ledger line, as (the page of its ledger file, "file:line: why")."""
        found = []
        for rel, lines in self.lines.items():
            for line in lines:
                why = line.problem or self._statement_problems.get((line.file, line.number), "")
                if why:
                    found.append((page_of_ledger(rel, self.docs_dir), f"{line.where}: {why}; it does not count"))
        return found

    def valid_statements(self) -> list[dict[str, Any]]:
        """Every statement that verifies (signature, reviewer in force), as the production build publishes them."""
        return [
            {"file": line.file, "statement": line.statement.to_json(), "signature": line.signature}
            for lines in self.lines.values()
            for line in lines
            if line.statement is not None and not self._statement_problems[(line.file, line.number)]
        ]
