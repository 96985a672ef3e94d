"""What an editor can do, as functions that return results: the `editorial` command line and the browser desk
both call these, and only print or render what they return.

Review acts (approve, withdraw, request-changes) write a statement signed with this clone's own SSH key
(`git config user.signingkey`); steps (new, submit, start-review) write an unsigned line. Every action returns an
`Outcome` naming who it was recorded as and the exact command that commits it. Which git commit carries a line does
not matter to its validity: any merge method, rebase or revert of unrelated work leaves it as it is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import posixpath
import subprocess
from typing import Any

from .content import _sha256, page_content, subject_of
from .errors import EditorialError
from .gitrepo import blob_id, git_identity, read_blob
from .ledger import CHROME, Line, Statement, append_line, ledger_path, note_digest, now, read_lines
from .repository import PageReview, Repository
from .signatures import REVIEW_NAMESPACE, public_key, sign, signer_key

__all__ = ["DiffResult", "Inbox", "InboxItem", "Outcome", "approve", "commit_hint", "diff", "identity", "inbox"]
__all__ += ["migrate", "move", "new_page", "record", "refusal", "request_changes", "start_review", "submit", "withdraw"]

DUE_WITHIN_DAYS = 90
NEXT_STEP = {
    "submitted": "next: a declared reviewer runs `editorial start-review {page}` (one who is not an author of it).",
    "review_started": "next: the reviewer runs `editorial approve {page}` or `editorial request-changes {page} --note …`.",
    "changes_requested": "next: the author edits the page and runs `editorial submit {page}`.",
    "approval_withdrawn": "next: the author corrects the page and runs `editorial submit {page}`.",
}
# CLI event names (kept from the old ledger) → the act or step written
EVENT_TO_KIND = {"changes_requested": "request-changes", "approval_withdrawn": "withdraw", "approved": "approve"}


@dataclasses.dataclass(frozen=True)
class Outcome:
    """One recorded step: what it was, who it was recorded as, and how to commit it."""

    page: str
    event: str
    before: str | None
    after: str | None
    recorded_as: str
    ledger: str
    paths: tuple[str, ...]  # the files to commit together
    sign: bool  # whether the commit should be signed (-S): a signing key is set
    commit_command: str
    messages: tuple[str, ...] = ()
    line: dict[str, Any] | None = None

    def text(self) -> str:
        lines = [*self.messages, f"Recorded as {self.recorded_as}.", self.commit_command]
        hint = NEXT_STEP.get(self.event)
        if hint:
            lines.append(hint.format(page=self.page))
        return "\n".join(lines)


def identity(repo: Repository) -> tuple[str, str]:
    """(name, email) of this clone's git identity."""
    return git_identity(repo.root)


def _has_signing_key(repo: Repository) -> bool:
    done = subprocess.run(["git", "-C", str(repo.root), "config", "user.signingkey"], capture_output=True, text=True)
    return bool(done.stdout.strip())


def commit_hint(paths: tuple[str, ...], message: str, sign: bool) -> str:
    flag = "-S " if sign else ""
    quoted = message.replace("'", "'\\''")
    return f"Commit it: git add {' '.join(paths)} && git commit {flag}-m '{quoted}'"


def _outcome(repo, page, event, before, after, by, line, messages=(), extra_paths=()) -> Outcome:
    rel = ledger_path(page, repo.docs_dir)
    paths = tuple(dict.fromkeys((*extra_paths, rel)))
    sign = _has_signing_key(repo)
    command = commit_hint(paths, f"{page}: {event.replace('_', ' ')}", sign)
    return Outcome(page, event, before, after, by, rel, paths, sign, command, tuple(messages), line)


def _uncommitted_page(repo: Repository, page: str) -> tuple[str, ...]:
    """The page itself when git does not have its current bytes yet: commit it with the ledger line."""
    done = subprocess.run(
        ["git", "-C", str(repo.root), "status", "--porcelain", "--", page], capture_output=True, text=True
    )
    return (page,) if done.returncode == 0 and done.stdout.strip() else ()


def _authorship(repo: Repository, review: PageReview, name: str, email: str) -> str:
    """How `name <email>` is an author of the page ("" when not)."""
    named = {str(a).strip().lower() for a in review.meta.get("authors") or []}
    if email.lower() in repo.log.authors.get(review.page, frozenset()):
        return "their commits changed it"
    if name.strip().lower() in named:
        return f"its front matter names {name} under 'authors'"
    return ""


def refusal(repo: Repository, review: PageReview, what: str, name: str, email: str) -> str | None:
    """Why `name <email>` may not take the act `what` (start-review, request-changes, approve, withdraw) on the page,
    or None. Anyone may submit. The desk asks this to show only the actions a person may take."""
    if what in ("submit", "submitted"):
        return None
    member = repo.declarations.member_by_email(email)
    reviewer = repo.declarations.reviewer_set.reviewer(member.id) if member else None
    if reviewer is None:
        return (
            f"{what} refused: you (<{email}>) are not a reviewer of the reviewer set in force (reviewers/, "
            f"`editorial reviewer list`); only a declared reviewer may {what}."
        )
    if not reviewer.in_force(repo.today.isoformat()):
        return f"{what} refused: {reviewer.id} is not on the board today (until {reviewer.until})."
    how = _authorship(repo, review, reviewer.name, email)
    if what != "withdraw" and how:
        return (
            f"{what} refused: you are recorded as {reviewer.name} <{email}>, who is an author of this page ({how}); "
            "nobody reviews their own page. Fix: another declared reviewer does it (a maintainer declares one with "
            "`editorial reviewer add`)."
        )
    return None


def record(repo: Repository, page_name: str, event: str, note: str = "") -> Outcome:
    """Record a step (submitted, review_started) or an act (changes_requested, approval_withdrawn) for a page."""
    page = repo.page_path(page_name)
    kind = EVENT_TO_KIND.get(event, event)
    if kind in ("request-changes", "withdraw") and not note.strip():
        what = "request-changes" if kind == "request-changes" else "withdraw"
        raise EditorialError(f"{page}: {what} needs --note saying what must change.")
    review = repo.review(page)
    before = review.ledger_status
    name, email = identity(repo)
    if page == CHROME and kind not in EVENT_TO_KIND.values():
        raise EditorialError(
            f"{CHROME}: no workflow steps; a technical reviewer approves it (`editorial approve {CHROME}`)."
        )
    if kind == "review_started":
        if before not in ("submitted", "changes_requested", "under_review", "approved"):
            raise EditorialError(f"{page}: start-review needs a submitted page; it is {before or 'not submitted'}.")
        refused = refusal(repo, review, "start-review", name, email)
        if refused:
            raise EditorialError(refused)
    if kind in ("request-changes", "withdraw"):
        subject = review.current_hash
        if kind == "withdraw":
            if review.approval_hash is None:
                raise EditorialError(f"{page}: withdraw refused: no approval of this page is in effect.")
            subject = review.approval_hash
        line = _act(repo, page, review, kind, subject, None, note, name, email)
        after = "changes_requested"
    else:
        line = _step(repo, page, kind, review.current_hash, f"{name} <{email}>", note)
        after = {"submitted": "submitted", "review_started": "under_review"}[kind]
    messages = [f"{page}: {before or '(no record)'} → {after}."]
    by = f"{name} <{email}>"
    return _outcome(repo, page, event, before, after, by, line, messages, _uncommitted_page(repo, page))


def _step(repo: Repository, page: str, step: str, subject: str, by: str, note: str) -> dict[str, Any]:
    data = {"step": step, "subject": subject, "by": by, "date": now(), "note": note}
    data |= {"blob": blob_id(repo.root, page), "manifest": page_content(repo.root, page).manifest}
    append_line(repo.root, ledger_path(page, repo.docs_dir), data)
    return data


def _act(repo, page, review, act, subject, role, note, name, email) -> dict[str, Any]:
    refused = refusal(repo, review, act, name, email)
    if refused:
        raise EditorialError(f"{page}: {refused}")
    member = repo.declarations.member_by_email(email)
    role = role or member.role
    key = signer_key(repo.root)
    if " ".join(public_key(key).split()[:2]) not in member.keys:
        raise EditorialError(
            f"{page}: your signing key ({key}) is not one of {member.id}'s keys in the reviewer set; a statement "
            "signed with it would not count."
        )
    statement = Statement(act, subject, member.id, role, now(), note_digest(note))
    data = {
        "statement": statement.to_json(),
        "note": note,
        "blob": blob_id(repo.root, page),
        "manifest": review.content.manifest,
        "signature": sign(statement.canonical, key, REVIEW_NAMESPACE),
    }
    rel = ledger_path(page, repo.docs_dir)
    number = append_line(repo.root, rel, data)
    # What was written must count: the same check every build makes.
    written = next(x for x in read_lines(repo.root, rel) if x.number == number)
    problem = repo.statement_problem(written) if not written.problem else written.problem
    if problem:
        path = repo.root / rel
        path.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:-1]), encoding="utf-8")
        raise EditorialError(f"{page}: {act} refused: {problem}.")
    return data


def submit(repo: Repository, page: str, note: str = "") -> Outcome:
    return record(repo, page, "submitted", note)


def start_review(repo: Repository, page: str, note: str = "") -> Outcome:
    return record(repo, page, "review_started", note)


def request_changes(repo: Repository, page: str, note: str) -> Outcome:
    return record(repo, page, "changes_requested", note)


def withdraw(repo: Repository, page: str, note: str) -> Outcome:
    """A reviewer takes back the approval in effect (an error found): that digest is never approved again."""
    return record(repo, page, "approval_withdrawn", note)


def _matches(expected: str, current: str) -> bool:
    expected = expected.strip().lower()
    digits = expected.removeprefix("sha256:")
    return len(digits) >= 12 and current.removeprefix("sha256:").startswith(digits)


def approve(
    repo: Repository, page_name: str, role: str | None = None, note: str = "", expect_hash: str | None = None
) -> Outcome:
    """Approve the page's current subject digest with a statement signed by this clone's reviewer key.

    `expect_hash`: the digest the reviewer was shown (at least 12 hex digits); refused if the content is no longer that.
    """
    page = repo.page_path(page_name)
    review = repo.review(page)
    if expect_hash is not None and not _matches(expect_hash, review.current_hash):
        raise EditorialError(
            f"{page}: approval refused: the content changed since you looked (you were shown {expect_hash}, it is "
            f"now {review.current_hash}). Run `editorial diff {page}` and read it again."
        )
    if review.ledger_status in (None, "draft") and page != CHROME:
        raise EditorialError(f"{page}: approval refused: the page is {review.ledger_status or 'not submitted'}.")
    name, email = identity(repo)
    member = repo.declarations.member_by_email(email)
    chosen = role or (member.role if member else "clinical")
    if chosen not in review.required_roles:
        raise EditorialError(f"{page}: needs {' and '.join(review.required_roles)} approval; a {chosen} one is not.")
    line = _act(repo, page, review, "approve", review.current_hash, chosen, note, name, email)
    after = Repository(repo.root, today=repo.today).review(page)
    pending = "" if after.status == "approved" else f" ({after.held or 'other required approvals pending'})"
    messages = [
        f"{page}: {chosen} approval by {member.name}, {member.credentials}, of {review.current_hash}.",
        f"{page}: now {after.status}{pending}.",
    ]
    before, by = review.ledger_status, f"{name} <{email}>"
    return _outcome(
        repo, page, "approved", before, after.ledger_status, by, line, messages, _uncommitted_page(repo, page)
    )


@dataclasses.dataclass(frozen=True)
class DiffResult:
    page: str
    since: str  # approval, request, or the digest given
    base_hash: str
    base_commit: str | None  # the git blob of the page's bytes then (None: not in this clone's objects)
    current_hash: str
    diff: str  # unified diff of the page's own text
    changed_files: tuple[str, ...]  # parts of the subject that differ (images, snippets, code)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def text(self) -> str:
        if self.base_hash == self.current_hash:
            return f"{self.page}: unchanged since {self.since} ({self.base_hash[:19]}…)."
        if self.base_commit is None:
            return (
                f"{self.page}: the text of the {self.since} ({self.base_hash[:19]}…) is not in this clone's git "
                "objects, so it cannot be compared."
            )
        also = "changed (read it with git diff)" if self.page == CHROME else "also changed"
        files = [f"{also}: {path}" for path in self.changed_files if path != self.page]
        return "\n".join(
            [
                f"{self.page}: changes since the {self.since} ({self.base_hash[:19]}…, now {self.current_hash[:19]}…):",
                *files,
                *([] if self.page == CHROME else [self.diff or "(the page's own text is unchanged)"]),
            ]
        )


def _base_line(review: PageReview, since: str) -> Line | None:
    lines = [v.line for v in review.verdicts if v.valid]
    if since == "approval":
        chosen = [x for x in lines if x.kind == "approve" and x.subject == review.approval_hash]
    elif since == "request":
        chosen = [x for x in lines if x.kind in ("request-changes", "withdraw")]
    else:
        chosen = [x for x in lines if x.subject.removeprefix("sha256:").startswith(since.removeprefix("sha256:"))]
    return max(chosen, key=lambda x: x.date) if chosen else None


def diff(repo: Repository, page_name: str, since: str = "approval") -> DiffResult:
    """What changed in a page since its last approval, since changes were last requested, or since a digest."""
    page = repo.page_path(page_name)
    review = repo.review(page)
    base = _base_line(review, since)
    if base is None:
        if since in ("approval", "request"):
            other = "request" if since == "approval" else "approval"
            raise EditorialError(
                f"{page}: nothing to compare with: the record holds no {since}; the whole page is to be reviewed: "
                f"read {page} (or its preview in `editorial serve`). `editorial diff {page} --since {other}` "
                f"compares with the last {other} instead."
            )
        raise EditorialError(f"{page}: no statement or step names a digest starting {since}.")
    recorded = _sha256(base.manifest.encode("utf-8")) == base.subject  # the manifest is a hint: checked first
    if page == CHROME:  # no text of its own: which of its parts differ (all, if the manifest is not the approved one)
        then, current = _parts(base.manifest) if recorded else {}, dict(review.content.parts)
        changed = tuple(sorted(n for n in then.keys() | current.keys() if then.get(n) != current.get(n)))
        return DiffResult(page, since, base.subject, "", review.current_hash, "", changed)
    source = read_blob(repo.root, base.blob)
    if source is None:
        return DiffResult(page, since, base.subject, None, review.current_hash, "", ())
    old = source.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = (repo.root / page).read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    text = "".join(difflib.unified_diff(old, new, f"{page} ({since})", f"{page} (now)"))
    then = _parts(base.manifest) if recorded else dict(subject_of(repo.root, page, source).parts)
    current = dict(review.content.parts)
    changed = tuple(sorted({_path_of(page, n) for n in set(then) | set(current) if then.get(n) != current.get(n)}))
    return DiffResult(page, since, base.subject, base.blob, review.current_hash, text, changed)


def _parts(manifest: str) -> dict[str, str]:
    """A recorded manifest's parts (name → digest); calculators are named by their code parts."""
    rows = [line.rpartition(" ") for line in manifest.splitlines()[1:] if not line.startswith("calculator ")]
    return {name: digest for name, _, digest in rows}


def _path_of(page: str, name: str) -> str:
    """The repository path of a manifest part ("page", "ref ../x.png", "code calculators/m.py", "snippet s")."""
    kind, _, target = name.partition(" ")
    if kind == "ref":
        return posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
    return page if kind == "page" else target


@dataclasses.dataclass(frozen=True)
class InboxItem:
    page: str
    status: str | None
    ledger_status: str | None
    detail: str = ""


@dataclasses.dataclass(frozen=True)
class Inbox:
    """What awaits one person: the editor's day in five lists."""

    who: str
    reviewer: str | None
    awaiting_my_review: tuple[InboxItem, ...]
    my_pages: tuple[InboxItem, ...]
    changes_requested: tuple[InboxItem, ...]
    changed_since_approval: tuple[InboxItem, ...]
    due_soon: tuple[InboxItem, ...]

    SECTIONS = (
        ("awaiting_my_review", "Awaiting my review"),
        ("my_pages", "My pages"),
        ("changes_requested", "Changes requested"),
        ("changed_since_approval", "Changed since approval"),
        ("due_soon", f"Review due within {DUE_WITHIN_DAYS} days or overdue"),
    )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"who": self.who, "reviewer": self.reviewer}
        for key, _ in self.SECTIONS:
            data[key] = [dataclasses.asdict(item) for item in getattr(self, key)]
        return data

    def text(self) -> str:
        lines = [
            f"You are {self.who}" + (f", declared {self.reviewer}." if self.reviewer else ", not a declared reviewer.")
        ]
        for key, title in self.SECTIONS:
            items = getattr(self, key)
            lines.append(f"{title} ({len(items)}):")
            lines += [
                f"  {i.page}: {i.status or i.ledger_status}" + (f" — {i.detail}" if i.detail else "") for i in items
            ]
        return "\n".join(lines)


def inbox(repo: Repository, who: tuple[str, str] | None = None) -> Inbox:
    """The five lists for `who` (name, email; default: this clone's git identity)."""
    name, email = who or identity(repo)
    email = email.lower()
    reviewer = repo.declarations.reviewer_by_email(email)
    awaiting, mine, requested, changed, due = [], [], [], [], []
    soon = repo.today + dt.timedelta(days=DUE_WITHIN_DAYS)
    for review in repo.reviews().values():
        if isinstance(review, EditorialError):
            continue
        item = InboxItem(review.page, review.status, review.ledger_status)
        steps_by = {v.line.email for v in review.verdicts if v.line.step in ("created", "submitted")}
        is_mine = bool(_authorship(repo, review, name, email)) or email in steps_by
        if is_mine:
            mine.append(item)
        if review.ledger_status == "changes_requested" and review.last_request and is_mine:
            who_asked = review.last_request.statement.reviewer if review.last_request.statement else "?"
            requested.append(dataclasses.replace(item, detail=f"{who_asked}: {review.last_request.note}"))
        acted = {v.line.statement.reviewer for v in review.verdicts if v.counts and v.line.statement}
        can_review = reviewer and not reviewer.retired and reviewer.role in review.required_roles
        if (
            can_review
            and review.ledger_status in ("submitted", "under_review")
            and not is_mine | (reviewer.id in acted)
        ):
            awaiting.append(item)
        if review.changed_since_approval:
            changed.append(dataclasses.replace(item, detail=f"approved {review.last_reviewed}"))
        if review.next_review_due and review.next_review_due <= soon:
            when = "overdue since" if review.next_review_due < repo.today else "due"
            due.append(dataclasses.replace(item, detail=f"{when} {review.next_review_due}"))
    label = f"{reviewer.name}, {reviewer.credentials} ({reviewer.role} reviewer)" if reviewer else None
    return Inbox(f"{name} <{email}>", label, *(tuple(x) for x in (awaiting, mine, requested, changed, due)))


NEW_PAGE = """---
title: {title}
authors:
{authors}
audience: [clinician]
---

Write the article here. Cite primary sources under `references:` in the front matter, each with an `id`, a
`citation` and a `pmid` or `doi`, and cite each in the text by its id, as docs/articles/free-heavy-igm.md does.
"""


def new_page(
    repo: Repository,
    page_name: str,
    title: str,
    authors: list[str] | None = None,
    note: str = "",
    nav: str | None = None,
) -> Outcome:
    """Start a draft page and its ledger; `nav`: the section of mkdocs.yml's nav to list it under. A path whose
    earlier page was deleted may be reused: its old lines are for other bytes and approve nothing here."""
    page = repo.page_path(page_name)
    path = repo.root / page
    if not page.endswith(".md"):
        raise EditorialError(f"{page}: a page is a Markdown file ending in .md.")
    if path.exists():
        raise EditorialError(f"{page}: already exists; choose another path.")
    name, email = identity(repo)
    by = f"{name} <{email}>"
    authors = authors or [name]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        NEW_PAGE.format(title=json.dumps(title), authors="\n".join(f"  - {a}" for a in authors)), encoding="utf-8"
    )
    line = _step(repo, page, "created", page_content(repo.root, page).approval_hash, by, note)
    extra: tuple[str, ...] = (page,)
    messages = [f"{page}: created as a draft (drafts are never published; `make serve` previews them)."]
    if nav:
        from .navigation import add_to_nav

        add_to_nav(repo.root / "mkdocs.yml", nav, title, page.removeprefix(repo.docs_dir + "/"))
        extra += ("mkdocs.yml",)
        messages.append(f"Added to the nav of mkdocs.yml under {nav!r}.")
    return _outcome(repo, page, "created", None, "draft", by, line, messages, extra)


def move(repo: Repository, page_name: str, to_name: str) -> Outcome:
    """Rename a page and its ledger with git mv. No event is recorded: statements name the page's bytes, not its
    path, so the same bytes keep their approvals wherever they are."""
    page, to = repo.page_path(page_name), repo.page_path(to_name)
    if not (repo.root / page).is_file():
        raise EditorialError(f"{page}: no such page.")
    if (repo.root / to).exists():
        raise EditorialError(f"{to}: already exists; choose another path.")
    before = repo.review(page)
    old_rel, new_rel = ledger_path(page, repo.docs_dir), ledger_path(to, repo.docs_dir)
    moves = [(page, to)] + ([(old_rel, new_rel)] if (repo.root / old_rel).is_file() else [])
    if (repo.root / new_rel).exists() and len(moves) > 1:
        raise EditorialError(f"{new_rel}: a ledger is already there (an earlier page at {to}); move it away first.")
    for source, target in moves:
        (repo.root / target).parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["git", "-C", str(repo.root), "mv", source, target], capture_output=True, text=True)
        if done.returncode != 0:
            raise EditorialError(f"git mv {source} {target} failed: {done.stderr.strip()}")
    from .navigation import rename_in_nav

    paths: tuple[str, ...] = tuple(p for pair in moves for p in pair)
    old_src, new_src = (p.removeprefix(repo.docs_dir + "/") for p in (page, to))
    paths += ("mkdocs.yml",) if rename_in_nav(repo.root / "mkdocs.yml", old_src, new_src) else ()
    after = Repository(repo.root, today=repo.today).review(to)
    messages = [f"{page} → {to}: moved with its ledger; it is {after.status} (was {before.status})."]
    if after.current_hash != before.current_hash:
        messages.append("Its subject digest changed (a relative reference now reaches other bytes): approvals lapse.")
    name, email = identity(repo)
    outcome = _outcome(
        repo, to, "moved", before.ledger_status, after.ledger_status, f"{name} <{email}>", None, messages
    )
    sign = outcome.sign
    return dataclasses.replace(outcome, paths=paths, commit_command=commit_hint(paths, f"Move {page} to {to}", sign))


REPAIR_TEXT = (
    "editorial repair is no longer needed: ledger lines are independent signed statements and steps, with no "
    "sequence or chain to repair. After a merge conflict in a ledger, keep both sides' lines (git's union merge, "
    "set in .gitattributes, does it for you); an unusable line is reported with its file and line and simply does not "
    "count."
)


def migrate(repo: Repository) -> list[str]:
    """One-time conversion of old ledgers (seq/event/prev lines): created, submitted and review_started become steps
    (of the page's current digest); unsigned approvals, withdrawals and requests cannot become signed statements, so
    they are dropped and listed (no page is approved today, so no approval is lost)."""
    report: list[str] = []
    for rel in sorted(repo.lines):
        path, out, dropped = repo.root / rel, [], []
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            data = read_old(text)
            if data is None:
                out.append(text)  # already a statement or a step (or for `editorial check` to name)
            elif data["event"] in ("created", "submitted", "review_started") and (repo.root / data["page"]).is_file():
                subject = page_content(repo.root, data["page"]).approval_hash
                step = {"step": data["event"], "subject": subject, "by": data["by"], "date": data["at"]}
                out.append(json.dumps({**step, "note": data.get("note", "")}, ensure_ascii=False))
            else:
                dropped.append(f"{number} ({data['event']}, unsigned)")
        if out != path.read_text(encoding="utf-8").splitlines():
            path.write_text("".join(line + "\n" for line in out), encoding="utf-8")
            report.append(f"{rel}: {len(out)} line(s) kept" + (f", dropped {', '.join(dropped)}" if dropped else ""))
    return report


def read_old(text: str) -> dict[str, Any] | None:
    """A line of the old format (None: not one)."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    fields = ("event", "page", "by", "at")
    return data if isinstance(data, dict) and all(isinstance(data.get(k), str) for k in fields) else None
