"""The `editorial` command line. Exit status: 0 done, 1 refused or violations found, 2 usage error."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .check import check_repository
from .errors import EditorialError
from .gitrepo import git_identity, line_origins, verify_signature
from .ledger import append_entry, ledger_path, read_ledger
from .repository import PageReview, Repository, find_root
from .workflow import TRANSITIONS, check_transition

__all__ = ["main"]

COMMANDS = {"submit": "submitted", "start-review": "review_started", "request-changes": "changes_requested"}
NEW_PAGE = """---
title: {title}
authors:
{authors}
audience: [clinician]
---

Write the article here. Cite primary sources in `references` in the front matter.
"""


def _repo(args: argparse.Namespace, strict: bool = False) -> Repository:
    root = Path(args.root).resolve() if args.root else find_root(Path.cwd().resolve())
    return Repository(root, strict=strict, today=args.today)


def _identity(repo: Repository) -> str:
    name, email = git_identity(repo.root)
    return f"{name} <{email}>"


def _commit_hint(repo: Repository, page: str, what: str) -> str:
    rel = ledger_path(page, repo.docs_dir)
    return f"Recorded in {rel}. Commit it (signed if you can): git add {rel} && git commit -S -m '{page}: {what}'"


def cmd_status(args: argparse.Namespace) -> int:
    repo = _repo(args)
    rows = [repo.review(page) for page in repo.tracked_pages() if (repo.root / page).is_file()]
    if args.json:
        print(json.dumps([_status_dict(review) for review in rows], indent=2))
        return 0
    for review in rows:
        data = _status_dict(review)
        flags = " CHANGED SINCE APPROVAL" if review.changed_since_approval else ""
        flags += " OVERDUE" if review.overdue else ""
        if review.ledger_state is None:
            print(f"{review.page}: no readable ledger ({review.ledger})")
            continue
        print(f"{review.page}: {data['status']} (ledger: {data['ledger_status']}){flags}")
        print(f"    authors: {', '.join(data['authors']) or '-'}; reviewers: {', '.join(data['reviewers']) or '-'}")
        print(f"    last reviewed: {data['last_reviewed'] or 'never'}; next due: {data['next_review_due'] or '-'}")
    if not rows:
        print("No page is under editorial control yet.")
    return 0


def _status_dict(review: PageReview) -> dict[str, object]:
    return {
        "page": review.page,
        "status": review.status,
        "ledger_status": review.ledger_status,
        "authors": [str(a) for a in review.meta.get("authors") or []],
        "reviewers": [f"{r.name}, {r.credentials} ({r.role})" for r in review.reviewers],
        "last_reviewed": review.last_reviewed.isoformat() if review.last_reviewed else None,
        "next_review_due": review.next_review_due.isoformat() if review.next_review_due else None,
        "changed_since_approval": review.changed_since_approval,
        "overdue": review.overdue,
        "approval_hash": review.approval_hash,
        "current_hash": review.current_hash,
    }


def cmd_new(args: argparse.Namespace) -> int:
    repo = _repo(args)
    page = repo.page_path(args.page)
    path = repo.root / page
    if not page.endswith(".md"):
        raise EditorialError(f"{page}: a page is a Markdown file ending in .md.")
    if path.exists() or (repo.root / ledger_path(page, repo.docs_dir)).exists():
        raise EditorialError(f"{page}: already exists (or has a ledger); choose another path.")
    by = _identity(repo)
    authors = args.author or [by.partition(" <")[0]]
    path.parent.mkdir(parents=True, exist_ok=True)
    text = NEW_PAGE.format(title=json.dumps(args.title), authors="\n".join(f"  - {a}" for a in authors))
    path.write_text(text, encoding="utf-8")
    content_hash = repo.review(page).current_hash
    append_entry(repo.root, page, repo.docs_dir, event="created", by=by, content_hash=content_hash, note=args.note)
    print(f"{page}: created as a draft (drafts are never published).")
    print(_commit_hint(repo, page, "new draft"))
    return 0


def _current(repo: Repository, page: str) -> PageReview:
    review = repo.review(page)
    if review.problems:
        raise EditorialError("; ".join(review.problems))
    return review


def cmd_transition(args: argparse.Namespace) -> int:
    repo = _repo(args)
    page = repo.page_path(args.page)
    event = COMMANDS[args.command]
    if event == "changes_requested" and not args.note:
        raise EditorialError(f"{page}: request-changes needs --note saying what must change.")
    review = _current(repo, page)
    check_transition(review.ledger_status, event, f"{page}:")
    by = _identity(repo)
    append_entry(repo.root, page, repo.docs_dir, event=event, by=by, content_hash=review.current_hash, note=args.note)
    print(f"{page}: {review.ledger_status or '(no ledger)'} → {TRANSITIONS[event][1]}.")
    print(_commit_hint(repo, page, event.replace("_", " ")))
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    repo = _repo(args)
    page = repo.page_path(args.page)
    review = _current(repo, page)
    check_transition(review.ledger_status, "approved", f"{page}:")
    name, email = git_identity(repo.root)
    reviewer = repo.declarations.reviewer_by_email(email)
    if reviewer is None:
        raise EditorialError(
            f"{page}: you (<{email}>) are not a declared reviewer: editorial.yml field 'reviewers' has no entry "
            "with this 'email'. Only a declared reviewer may approve."
        )
    role = args.role or reviewer.role
    if role != reviewer.role:
        raise EditorialError(
            f"{page}: {reviewer.id} is declared in editorial.yml as a {reviewer.role} reviewer, not {role}."
        )
    if role not in review.required_roles:
        raise EditorialError(
            f"{page}: needs {' and '.join(review.required_roles)} approval; a {role} approval is not one."
        )
    entry = append_entry(
        repo.root,
        page,
        repo.docs_dir,
        event="approved",
        by=f"{name} <{email}>",
        content_hash=review.current_hash,
        reviewer=reviewer.id,
        role=role,
        note=args.note,
    )
    after = Repository(repo.root, today=repo.today).review(page)
    for ignored, reason in after.ledger_state.ignored if after.ledger_state else ():
        if ignored.line == entry.line:
            path = repo.root / ledger_path(page, repo.docs_dir)
            path.write_text("".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:-1]), encoding="utf-8")
            raise EditorialError(f"{page}: approval refused: {reason}.")
    print(f"{page}: {role} approval by {reviewer.name}, {reviewer.credentials}, of {review.current_hash}.")
    print(
        f"{page}: now {after.status}"
        + ("" if after.status == "approved" else " (other required approvals pending)")
        + "."
    )
    print(_commit_hint(repo, page, f"{role} approval by {reviewer.id}"))
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    repo = _repo(args)
    page = repo.page_path(args.page)
    rel = ledger_path(page, repo.docs_dir)
    entries = read_ledger(repo.root, page, repo.docs_dir)
    if entries is None:
        raise EditorialError(f"{page}: no ledger ({rel}); `editorial submit {page}` starts one.")
    origins = line_origins(repo.root, rel)
    signers = repo.declarations.allowed_signers
    for entry in entries:
        commit = origins.commits[entry.line - 1] if entry.line - 1 < len(origins.commits) else None
        where = f"commit {commit[:12]}" if commit else "not committed"
        if commit and signers is not None:
            signature = verify_signature(repo.root, commit, signers)
            where += f", signature {'good: ' + signature.signer if signature.good else 'missing or bad'}"
        extra = f" reviewer={entry.reviewer} role={entry.role}" if entry.event == "approved" else ""
        print(
            f"{entry.seq:>3} {entry.at} {entry.event:<17} by {entry.by}{extra} content {entry.content_hash[:19]}… ({where})"
        )
        if entry.note:
            print(f"      note: {entry.note}")
    for rewrite in origins.rewrites:
        print(f"WARNING {rel}: {rewrite}")
    review = repo.review(page)
    print(f"status: {review.status}" + (" (changed since approval)" if review.changed_since_approval else ""))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    repo = _repo(args, strict=args.production)
    violations = check_repository(repo, production=args.production)
    for violation in violations:
        print(violation, file=sys.stderr if violation.error else sys.stdout)
    errors = sum(v.error for v in violations)
    mode = "production" if args.production else "editing"
    print(
        f"editorial check ({mode}): {len(repo.tracked_pages())} page(s), {errors} error(s), {len(violations) - errors} warning(s)."
    )
    return 1 if errors else 0


def cmd_check_site(args: argparse.Namespace) -> int:
    from .built_site import check_site

    repo = _repo(args, strict=True)
    problems = check_site(repo, Path(args.site))
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"editorial check-site {args.site}: {len(problems)} error(s).")
    return 1 if problems else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="editorial", description="IgM Guide editorial workflow: review, ledger, checks."
    )
    parser.add_argument("--root", help="the repository (default: the nearest directory with editorial.yml)")
    parser.add_argument("--today", type=dt.date.fromisoformat, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)
    status = sub.add_parser("status", help="every page: state, authors, reviewers, last reviewed, next due")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_status)
    new = sub.add_parser("new", help="start a draft page and its ledger")
    new.add_argument("page")
    new.add_argument("--title", required=True)
    new.add_argument("--author", action="append", help="an author's name (repeat; default: your git name)")
    new.add_argument("--note", default="")
    new.set_defaults(func=cmd_new)
    for command, help_text in (
        ("submit", "the author submits the page for review"),
        ("start-review", "a reviewer or editor starts the review"),
        ("request-changes", "send the page back to its author (--note required)"),
    ):
        cmd = sub.add_parser(command, help=help_text)
        cmd.add_argument("page")
        cmd.add_argument("--note", default="")
        cmd.set_defaults(func=cmd_transition)
    approve = sub.add_parser("approve", help="approve the page's current content as a declared reviewer")
    approve.add_argument("page")
    approve.add_argument("--role", choices=("clinical", "technical"))
    approve.add_argument("--note", default="")
    approve.set_defaults(func=cmd_approve)
    log = sub.add_parser("log", help="the page's ledger with the commit and signature of each line")
    log.add_argument("page")
    log.set_defaults(func=cmd_log)
    check = sub.add_parser("check", help="every violation; non-zero exit on any error")
    check.add_argument("--production", action="store_true", help="stale, overdue and uncommitted are errors")
    check.set_defaults(func=cmd_check)
    site = sub.add_parser("check-site", help="check a built site against the ledger")
    site.add_argument("site")
    site.set_defaults(func=cmd_check_site)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except EditorialError as exc:
        print(f"editorial: {exc}", file=sys.stderr)
        return 1
