"""What an editor can do, as functions that return results: the `editorial` command line and the browser desk
both call these, and only print or render what they return.

Every action returns an `Outcome` naming who it was recorded as ("recorded as NAME <EMAIL>": the git identity of
this clone, which the ledger keeps) and the exact command that commits it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
from typing import Any

from .errors import EditorialError
from .gitrepo import git_identity, line_origins, signing_key
from .ledger import Entry, append_entry, ledger_path, read_ledger
from .repository import PageReview, Repository
from .versions import find_version
from .who_may_act import refusal
from .workflow import TRANSITIONS, check_transition

__all__ = [
    "DiffResult",
    "Inbox",
    "InboxItem",
    "Outcome",
    "approve",
    "commit_hint",
    "diff",
    "identity",
    "inbox",
    "record",
    "request_changes",
    "start_review",
    "submit",
    "withdraw",
]

DUE_WITHIN_DAYS = 90
NEXT_STEP = {
    "submitted": "next: a declared reviewer runs `editorial start-review {page}` (one who is not an author of it).",
    "review_started": "next: the reviewer runs `editorial approve {page}` or `editorial request-changes {page} --note …`.",
    "changes_requested": "next: the author edits the page and runs `editorial submit {page}`.",
    "approval_withdrawn": "next: the author corrects the page and runs `editorial submit {page}`.",
}


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
    sign: bool  # whether the commit should be signed (-S): a signing key is set or signatures are required
    commit_command: str
    messages: tuple[str, ...] = ()
    entry: Entry | None = None

    def text(self) -> str:
        lines = [*self.messages, f"Recorded as {self.recorded_as}.", self.commit_command]
        hint = NEXT_STEP.get(self.event)
        if hint:
            lines.append(hint.format(page=self.page))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["entry"] = json.loads(self.entry.to_json()) if self.entry else None
        return data


def identity(repo: Repository) -> tuple[str, str]:
    """(name, email) of this clone's git identity: what the ledger records as the actor."""
    return git_identity(repo.root)


def _signing(repo: Repository, required: bool) -> bool:
    """Whether to sign; refuse before anything is written when a signature is required and no key is set."""
    key = signing_key(repo.root)
    if required and not key:
        raise EditorialError(
            "a signed commit is required (reviewers are declared, so approvals and declarations count only in a "
            "commit signed with an allowed key), and this clone has no signing key. Set one up first:\n"
            "  git config gpg.format ssh\n"
            "  git config user.signingkey ~/.ssh/id_ed25519.pub\n"
            f"and make sure its public key is in {repo.declarations.allowed_signers_name} under your e-mail."
        )
    return bool(key)


def commit_hint(paths: tuple[str, ...], message: str, sign: bool) -> str:
    flag = "-S " if sign else ""
    quoted = message.replace("'", "'\\''")
    return f"Commit it: git add {' '.join(paths)} && git commit {flag}-m '{quoted}'"


def _outcome(repo, page, event, before, after, by, entry, messages=(), extra_paths=(), sign=None) -> Outcome:
    rel = ledger_path(page, repo.docs_dir)
    paths = (*extra_paths, rel)
    if sign is None:
        sign = _signing(repo, required=False)
    message = f"{page}: {event.replace('_', ' ')}"
    return Outcome(
        page=page,
        event=event,
        before=before,
        after=after,
        recorded_as=by,
        ledger=rel,
        paths=paths,
        sign=sign,
        commit_command=commit_hint(paths, message, sign),
        messages=tuple(messages),
        entry=entry,
    )


def _current(repo: Repository, page: str) -> PageReview:
    review = repo.review(page)
    if review.problems:
        raise EditorialError("; ".join(review.problems))
    return review


def _uncommitted_page(repo: Repository, page: str) -> tuple[str, ...]:
    """The page itself when git does not have its current bytes yet: commit it with the ledger line."""
    import subprocess

    done = subprocess.run(
        ["git", "-C", str(repo.root), "status", "--porcelain", "--", page], capture_output=True, text=True
    )
    return (page,) if done.returncode == 0 and done.stdout.strip() else ()


def record(repo: Repository, page_name: str, event: str, note: str = "") -> Outcome:
    """Record submitted, review_started, changes_requested or approval_withdrawn for a page.

    Who may record which step is `who_may_act.refusal`'s: starting a review and requesting changes need a declared,
    current reviewer who is not an author of the page; withdrawing an approval a declared, current reviewer."""
    page = repo.page_path(page_name)
    if event in ("changes_requested", "approval_withdrawn") and not note.strip():
        what = "request-changes" if event == "changes_requested" else "withdraw"
        raise EditorialError(f"{page}: {what} needs --note saying what must change.")
    review = _current(repo, page)
    before = review.ledger_state.machine if review.ledger_state else None
    check_transition(before, event, f"{page}:")
    name, email = identity(repo)
    refused = refusal(repo, review, event, name, email)
    if refused:
        raise EditorialError(refused)
    by = f"{name} <{email}>"
    entry = append_entry(
        repo.root, page, repo.docs_dir, event=event, by=by, content_hash=review.current_hash, note=note
    )
    after = TRANSITIONS[event][1] or before
    messages = [f"{page}: {before or '(no ledger)'} → {after}."]
    return _outcome(repo, page, event, before, after, by, entry, messages, _uncommitted_page(repo, page))


def submit(repo: Repository, page: str, note: str = "") -> Outcome:
    return record(repo, page, "submitted", note)


def start_review(repo: Repository, page: str, note: str = "") -> Outcome:
    return record(repo, page, "review_started", note)


def request_changes(repo: Repository, page: str, note: str) -> Outcome:
    return record(repo, page, "changes_requested", note)


def withdraw(repo: Repository, page: str, note: str) -> Outcome:
    """A reviewer takes back an approval (an error found): the page goes back to its author."""
    return record(repo, page, "approval_withdrawn", note)


def _matches(expected: str, current: str) -> bool:
    expected = expected.strip().lower()
    digits = expected.removeprefix("sha256:")
    return len(digits) >= 12 and current.removeprefix("sha256:").startswith(digits)


def approve(
    repo: Repository, page_name: str, role: str | None = None, note: str = "", expect_hash: str | None = None
) -> Outcome:
    """Approve the page's current content as the declared reviewer this clone is configured as.

    `expect_hash`: the hash the reviewer was shown (at least 12 hex digits); refused if the content is no longer that.
    """
    page = repo.page_path(page_name)
    review = _current(repo, page)
    if expect_hash is not None and not _matches(expect_hash, review.current_hash):
        raise EditorialError(
            f"{page}: approval refused: the content changed since you looked (you were shown {expect_hash}, it is "
            f"now {review.current_hash}). Run `editorial diff {page}` and read it again."
        )
    before = review.ledger_state.machine if review.ledger_state else None
    check_transition(before, "approved", f"{page}:")
    name, email = identity(repo)
    reviewer = repo.declarations.reviewer_by_email(email)
    if reviewer is None:
        raise EditorialError(
            f"{page}: you (<{email}>) are not a declared reviewer: editorial.yml field 'reviewers' has no entry "
            "with this 'email'. Only a declared reviewer may approve."
        )
    if reviewer.retired:
        raise EditorialError(
            f"{page}: {reviewer.id} retired on {reviewer.retired} (editorial.yml) and approves no more."
        )
    role = role or reviewer.role
    if role != reviewer.role:
        raise EditorialError(
            f"{page}: {reviewer.id} is declared in editorial.yml as a {reviewer.role} reviewer, not {role}."
        )
    if role not in review.required_roles:
        raise EditorialError(
            f"{page}: needs {' and '.join(review.required_roles)} approval; a {role} approval is not one."
        )
    sign = _signing(repo, required=repo.declarations.signatures_required)
    entry = append_entry(
        repo.root,
        page,
        repo.docs_dir,
        event="approved",
        by=f"{name} <{email}>",
        content_hash=review.current_hash,
        reviewer=reviewer.id,
        role=role,
        name=reviewer.name,
        credentials=reviewer.credentials,
        note=note,
    )
    after = Repository(repo.root, today=repo.today).review(page)
    for ignored, reason in after.ledger_state.ignored if after.ledger_state else ():
        if ignored.line == entry.line and not _only_uncommitted(reason):
            path = repo.root / ledger_path(page, repo.docs_dir)
            path.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:-1]), encoding="utf-8")
            raise EditorialError(f"{page}: approval refused: {reason}.")
    messages = [
        f"{page}: {role} approval by {reviewer.name}, {reviewer.credentials}, of {review.current_hash}.",
        f"{page}: now {after.status}"
        + ("" if after.status == "approved" else " (other required approvals pending, or the commit to come)")
        + ".",
    ]
    return _outcome(
        repo,
        page,
        "approved",
        before,
        after.ledger_state.machine if after.ledger_state else None,
        entry.by,
        entry,
        messages,
        _uncommitted_page(repo, page),
        sign,
    )


def _only_uncommitted(reason: str) -> bool:
    """Reasons that the commit still to come will settle: not a refusal."""
    return "not committed yet" in reason or "no good SSH signature" in reason


@dataclasses.dataclass(frozen=True)
class DiffResult:
    page: str
    since: str  # approval, request, or the hash given
    base_hash: str
    base_commit: str | None  # None: no commit holds those bytes
    current_hash: str
    diff: str  # unified diff of the page's own text
    changed_files: tuple[str, ...]  # embedded files (calculators/, snippets, images) that differ

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def text(self) -> str:
        if self.base_hash == self.current_hash:
            return f"{self.page}: unchanged since {self.since} ({self.base_hash[:19]}…)."
        if self.base_commit is None:
            return (
                f"{self.page}: the content of the {self.since} ({self.base_hash[:19]}…) is in no commit, so it "
                "cannot be compared; `editorial log` shows the ledger."
            )
        head = f"{self.page}: changes since the {self.since} (commit {self.base_commit[:12]}):"
        files = [f"also changed: {path}" for path in self.changed_files if path != self.page]
        return "\n".join([head, *files, self.diff or "(the page's own text is unchanged)"])


def diff(repo: Repository, page_name: str, since: str = "approval") -> DiffResult:
    """What changed in a page since its last approval, since changes were last requested, or since a hash."""
    page = repo.page_path(page_name)
    review = repo.review(page)
    entries = read_ledger(repo.root, page, repo.docs_dir) or []
    if since == "approval":
        chosen = [e for e in entries if e.event == "approved"]
        wanted = review.approval_hash or (chosen[-1].content_hash if chosen else None)
        entry = next((e for e in reversed(chosen) if e.content_hash == wanted), None)
    elif since == "request":
        chosen = [e for e in entries if e.event in ("changes_requested", "approval_withdrawn")]
        entry = chosen[-1] if chosen else None
        wanted = entry.content_hash if entry else None
    else:
        entry, wanted = None, since if since.startswith("sha256:") else f"sha256:{since}"
    if not wanted:
        raise EditorialError(f"{page}: nothing to compare with: the ledger records no {since}.")
    origins = line_origins(repo.root, review.ledger).commits if repo.git else []
    hint = [origins[entry.line - 1]] if entry and entry.line - 1 < len(origins) else []
    version = find_version(repo.root, page, wanted, hint) if repo.git else None
    if version is None:
        return DiffResult(page, since, wanted, None, review.current_hash, "", ())
    old = version.source.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = (repo.root / page).read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    text = "".join(difflib.unified_diff(old, new, f"{page} ({since}, {version.commit[:12]})", f"{page} (now)"))
    before, now = dict(version.content.parts), dict(review.content.parts)
    changed = tuple(sorted(p for p in set(before) | set(now) if before.get(p) != now.get(p)))
    return DiffResult(page, since, wanted, version.commit, review.current_hash, text, changed)


@dataclasses.dataclass(frozen=True)
class InboxItem:
    page: str
    status: str | None
    ledger_status: str | None
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Inbox:
    """What awaits one person: the editor's day in five lists."""

    who: str
    reviewer: str | None  # "Name, credentials (role reviewer)" when declared
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
            data[key] = [item.to_dict() for item in getattr(self, key)]
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


def _mine(review: PageReview, email: str, name: str, entries: list[Entry]) -> bool:
    authors = {str(a).strip().lower() for a in review.meta.get("authors") or []}
    recorded = {e.email for e in entries if e.event in ("created", "submitted")}
    return email in recorded or name.lower() in authors


def inbox(repo: Repository, who: tuple[str, str] | None = None) -> Inbox:
    """The five lists for `who` (name, email; default: this clone's git identity)."""
    name, email = who or identity(repo)
    email = email.lower()
    reviewer = repo.declarations.reviewer_by_email(email)
    awaiting, mine, requested, changed, due = [], [], [], [], []
    soon = repo.today + dt.timedelta(days=DUE_WITHIN_DAYS)
    for page in repo.tracked_pages():
        if not (repo.root / page).is_file():
            continue
        review = repo.review(page)
        try:
            entries = read_ledger(repo.root, page, repo.docs_dir) or []
        except EditorialError:
            entries = []
        state = review.ledger_state
        item = InboxItem(page, review.status, state.machine if state else None)
        is_mine = _mine(review, email, name, entries)
        if is_mine:
            mine.append(item)
        if state and state.machine in ("changes_requested",) and state.last_request and is_mine:
            requested.append(dataclasses.replace(item, detail=f"{state.last_request.by}: {state.last_request.note}"))
        if (
            reviewer
            and not reviewer.retired
            and state
            and state.machine in ("submitted", "under_review")
            and reviewer.role in review.required_roles
            and email not in state.submitted_by
            and not is_mine
            and not any(p.reviewer == reviewer.id for p in state.pending)
        ):
            awaiting.append(item)
        if review.changed_since_approval:
            changed.append(dataclasses.replace(item, detail=f"approved {review.last_reviewed}"))
        if review.next_review_due and review.next_review_due <= soon and state and state.approvals:
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
    """Start a draft page and its ledger; `nav`: the section of mkdocs.yml's nav to list it under."""
    page = repo.page_path(page_name)
    path = repo.root / page
    if not page.endswith(".md"):
        raise EditorialError(f"{page}: a page is a Markdown file ending in .md.")
    if path.exists() or (repo.root / ledger_path(page, repo.docs_dir)).exists():
        raise EditorialError(f"{page}: already exists (or has a ledger); choose another path.")
    name, email = identity(repo)
    by = f"{name} <{email}>"
    authors = authors or [name]
    path.parent.mkdir(parents=True, exist_ok=True)
    text = NEW_PAGE.format(title=json.dumps(title), authors="\n".join(f"  - {a}" for a in authors))
    path.write_text(text, encoding="utf-8")
    content_hash = repo.review(page).current_hash
    entry = append_entry(repo.root, page, repo.docs_dir, event="created", by=by, content_hash=content_hash, note=note)
    extra: tuple[str, ...] = (page,)
    messages = [f"{page}: created as a draft (drafts are never published; `make serve` previews them)."]
    if nav:
        from .navigation import add_to_nav

        add_to_nav(repo.root / "mkdocs.yml", nav, title, page.removeprefix(repo.docs_dir + "/"))
        extra += ("mkdocs.yml",)
        messages.append(f"Added to the nav of mkdocs.yml under {nav!r}.")
    return _outcome(repo, page, "created", None, "draft", by, entry, messages, extra)


def move(repo: Repository, page_name: str, to_name: str) -> Outcome:
    """Rename a page and its ledger in git, recording where it came from, so its record and approval follow it."""
    import subprocess

    page, to = repo.page_path(page_name), repo.page_path(to_name)
    review = _current(repo, page)
    if review.ledger_state is None:
        raise EditorialError(f"{page}: has no ledger; rename it with git mv.")
    if review.uncommitted:
        raise EditorialError(f"{page}: commit its ledger first ({review.uncommitted} line(s) not committed).")
    if (repo.root / to).exists() or (repo.root / ledger_path(to, repo.docs_dir)).exists():
        raise EditorialError(f"{to}: already exists (or has a ledger); choose another path.")
    old_rel, new_rel = ledger_path(page, repo.docs_dir), ledger_path(to, repo.docs_dir)
    (repo.root / to).parent.mkdir(parents=True, exist_ok=True)
    (repo.root / new_rel).parent.mkdir(parents=True, exist_ok=True)
    for source, target in ((page, to), (old_rel, new_rel)):
        done = subprocess.run(["git", "-C", str(repo.root), "mv", source, target], capture_output=True, text=True)
        if done.returncode != 0:
            raise EditorialError(f"git mv {source} {target} failed: {done.stderr.strip()}")
    from .content import page_content

    new_hash = page_content(repo.root, to).approval_hash
    name, email = identity(repo)
    entry = append_entry(
        repo.root,
        to,
        repo.docs_dir,
        event="renamed",
        by=f"{name} <{email}>",
        content_hash=new_hash,
        from_page=page,
        from_hash=review.current_hash,
    )
    from .navigation import rename_in_nav

    paths: tuple[str, ...] = (page, to, old_rel)
    if rename_in_nav(
        repo.root / "mkdocs.yml", page.removeprefix(repo.docs_dir + "/"), to.removeprefix(repo.docs_dir + "/")
    ):
        paths += ("mkdocs.yml",)
    state = review.ledger_state.machine
    messages = [f"{page} → {to}: renamed; its ledger moved to {new_rel} and keeps its history."]
    return _outcome(repo, to, "renamed", state, state, entry.by, entry, messages, paths)


def repair(repo: Repository, page_name: str, note: str) -> Outcome:
    """Re-chain a broken ledger: keep every line that parses and replays, renumber, and record why, to be committed
    signed. Approvals among re-chained lines are vouched for by the repair commit, not their first one, so they count
    again only after a new approval."""
    from .ledger import Entry as _Entry
    from .ledger import line_hash, parse_ledger, read_text

    page = repo.page_path(page_name)
    if not note.strip():
        raise EditorialError(f"{page}: repair needs --note saying why the ledger is broken.")
    rel = ledger_path(page, repo.docs_dir)
    path = repo.root / rel
    if not path.is_file():
        raise EditorialError(f"{page}: no ledger at {rel}; if it was deleted, restore it with git revert.")
    sign = _signing(repo, required=repo.signatures_checked)
    kept: list[str] = []
    dropped: list[str] = []
    steps: str | None = None
    for number, line in enumerate(read_text(path, rel).splitlines(), start=1):
        try:
            data = json.loads(line)
        except (ValueError, RecursionError):
            dropped.append(f"{number} (not JSON)")
            continue
        if not isinstance(data, dict) or data.get("event") not in TRANSITIONS:
            dropped.append(f"{number} (not an event)")
            continue
        allowed, after = TRANSITIONS[data["event"]]
        if steps not in allowed:
            dropped.append(f"{number} ({data['event']} cannot follow {steps or 'nothing'})")
            continue
        steps = after or steps
        data["seq"] = len(kept) + 1
        data["prev"] = line_hash(kept[-1]) if kept else None
        ordered = {k: data[k] for k in ("seq", "page", "event", "at", "by", "content_hash") if k in data}
        ordered.update({k: v for k, v in data.items() if k not in ordered and k != "prev"})
        ordered["prev"] = data["prev"]
        kept.append(json.dumps(ordered, ensure_ascii=False, separators=(", ", ": ")))
    path.write_text("".join(line + "\n" for line in kept), encoding="utf-8")
    try:
        parse_ledger("".join(line + "\n" for line in kept), rel, page) if kept else None
    except EditorialError as exc:
        raise EditorialError(f"{page}: the ledger cannot be repaired automatically: {exc}") from None
    name, email = identity(repo)
    review_hash = repo.review(page).current_hash
    summary = f"{note.strip()} (dropped line(s): {', '.join(dropped)})" if dropped else note.strip()
    entry: _Entry = append_entry(
        repo.root, page, repo.docs_dir, event="repaired", by=f"{name} <{email}>", content_hash=review_hash, note=summary
    )
    messages = [
        f"{page}: ledger re-chained ({len(kept)} line(s) kept, {len(dropped)} dropped) and the repair recorded."
    ]
    return _outcome(repo, page, "repaired", steps, steps, entry.by, entry, messages, (), sign)


@dataclasses.dataclass(frozen=True)
class Declared:
    """A change to the declarations (editorial.yml, allowed_signers), to be committed signed."""

    recorded_as: str
    paths: tuple[str, ...]
    commit_command: str
    messages: tuple[str, ...]

    def text(self) -> str:
        return "\n".join([*self.messages, f"Recorded as {self.recorded_as}.", self.commit_command])

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def add_reviewer(repo: Repository, fields: dict[str, str], key: str) -> Declared:
    """Declare a reviewer and their SSH key in one change, to commit signed by an allowed signer.

    The first reviewer starts the chain of trust: the one adding them (their `user.signingkey`) is put in
    allowed_signers too and pinned as `trust_root`."""
    from .declarations import load_declarations
    from .signing import fingerprint, public_key, write_reviewer

    name, email = identity(repo)
    _signing(repo, required=True)
    key_text = public_key(key)
    declarations = repo.declarations
    if fields["id"] in declarations.reviewers:
        raise EditorialError(f"editorial.yml: reviewer {fields['id']!r} is already declared.")
    if declarations.reviewer_by_email(fields["email"]):
        raise EditorialError(f"editorial.yml: {fields['email']} is already declared as a reviewer.")
    signers = repo.root / declarations.allowed_signers_name
    lines = [f"{fields['email']} {key_text}"]
    messages = [f"Declared {fields['name']}, {fields['credentials']} ({fields['role']} reviewer) <{fields['email']}>."]
    trust_root = None
    if not declarations.reviewers and not declarations.trust_root:
        own = public_key(signing_key_of(repo))
        trust_root = fingerprint(own)
        if own.split()[:2] != key_text.split()[:2] or email.lower() != fields["email"].lower():
            lines.insert(0, f"{email} {own}")
        messages.append(f"The chain of trust starts with your key: trust_root {trust_root}.")
    write_reviewer(repo.root / "editorial.yml", fields, trust_root)
    existing = signers.read_text(encoding="utf-8") if signers.is_file() else ""
    if existing and not existing.endswith("\n"):
        existing += "\n"
    signers.write_text(existing + "".join(line + "\n" for line in lines), encoding="utf-8")
    load_declarations(repo.root)  # what was written must read back
    paths = ("editorial.yml", declarations.allowed_signers_name)
    return Declared(
        f"{name} <{email}>",
        paths,
        commit_hint(paths, f"Declare {fields['role']} reviewer {fields['id']}", True),
        tuple(messages),
    )


def retire_reviewer(repo: Repository, reviewer_id: str, day: dt.date | None = None) -> Declared:
    from .signing import write_retired

    name, email = identity(repo)
    sign = _signing(repo, required=repo.signatures_checked)
    if reviewer_id not in repo.declarations.reviewers:
        raise EditorialError(f"editorial.yml: no reviewer {reviewer_id!r} is declared.")
    day = day or repo.today
    write_retired(repo.root / "editorial.yml", reviewer_id, day.isoformat())
    paths = ("editorial.yml",)
    return Declared(
        f"{name} <{email}>",
        paths,
        commit_hint(paths, f"Retire reviewer {reviewer_id}", sign),
        (f"{reviewer_id} retired on {day}: approves no more; past approvals stay valid until due.",),
    )


def signing_key_of(repo: Repository) -> str:
    key = signing_key(repo.root)
    if not key:
        _signing(repo, required=True)
    return key


@dataclasses.dataclass(frozen=True)
class DeclaredReviewer:
    id: str
    label: str
    retired: str
    declared_in: str | None  # the commit that first declared them
    declared_by: str  # its author
    signed_by: str  # the allowed signer whose signature it carries ('' when none)

    def text(self) -> str:
        where = (
            f"declared in commit {self.declared_in[:12]} by {self.declared_by}"
            + (f", signed by {self.signed_by}" if self.signed_by else ", not signed")
            if self.declared_in
            else "not committed yet"
        )
        retired = f", retired {self.retired}" if self.retired else ""
        return f"{self.id}: {self.label}{retired}; {where}"


def reviewers(repo: Repository) -> list[DeclaredReviewer]:
    """Every declared reviewer with the commit that declared them, who made it and who signed it."""
    import subprocess

    import yaml

    found: dict[str, tuple[str, str, str]] = {}
    if repo.git:
        log = subprocess.run(
            ["git", "-C", str(repo.root), "log", "--reverse", "--format=%H%x00%an <%ae>", "--", "editorial.yml"],
            capture_output=True,
            text=True,
        ).stdout.splitlines()
        for row in log:
            commit, _, author = row.partition("\0")
            shown = subprocess.run(
                ["git", "-C", str(repo.root), "show", f"{commit}:editorial.yml"], capture_output=True, text=True
            )
            try:
                data = yaml.safe_load(shown.stdout) or {}
            except yaml.YAMLError:
                continue
            for raw in data.get("reviewers") or [] if isinstance(data, dict) else []:
                if isinstance(raw, dict) and raw.get("id") in repo.declarations.reviewers and raw["id"] not in found:
                    signature = repo.trust.verify_at(commit) if repo.signatures_checked else None
                    signer = signature.signer if signature and signature.good else ""
                    found[raw["id"]] = (commit, author, signer)
    out = []
    for reviewer in repo.declarations.reviewers.values():
        commit, author, signer = found.get(reviewer.id, (None, "", ""))
        label = f"{reviewer.name}, {reviewer.credentials} ({reviewer.role} reviewer) <{reviewer.email}>"
        out.append(DeclaredReviewer(reviewer.id, label, reviewer.retired, commit, author, signer))
    return out
