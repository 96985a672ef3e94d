"""The `editorial` command line. Exit status: 0 done, 1 refused or violations found, 2 usage error."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from . import governance, service
from .errors import EditorialError
from .repository import PageReview, Repository, find_root

__all__ = ["main"]

COMMANDS = {
    "submit": "submitted",
    "start-review": "review_started",
    "request-changes": "changes_requested",
    "withdraw": "approval_withdrawn",
}


def _repo(args: argparse.Namespace, strict: bool = False) -> Repository:
    root = Path(args.root).resolve() if args.root else find_root(Path.cwd().resolve())
    return Repository(root, strict=strict, today=args.today)


def _print(outcome: service.Outcome) -> int:
    print(outcome.text())
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    repo = _repo(args)
    rows = list(repo.reviews().values())
    for review in rows:
        if isinstance(review, EditorialError):
            raise review
    if args.json:
        print(json.dumps([_status_dict(review) for review in rows], indent=2))
        return 0
    chrome = repo.chrome
    what = (chrome.status or "never approved") + (" (changed since approval)" if chrome.changed_since_approval else "")
    print(f"{chrome.page} (mkdocs.yml, overrides/, extra CSS/JS, igm_site, Material): {what}; {chrome.current_hash}")
    if chrome.status != "approved":
        print(f"    no page is shown Approved until a technical reviewer runs `editorial approve {chrome.page}`")
    for review in rows:
        data = _status_dict(review)
        flags = " CHANGED SINCE APPROVAL" if review.changed_since_approval else ""
        flags += " OVERDUE" if review.overdue else ""
        print(f"{review.page}: {data['status']} (record: {data['ledger_status']}){flags}")
        print(f"    authors: {', '.join(data['authors']) or '-'}; reviewers: {', '.join(data['reviewers']) or '-'}")
        earlier = " (earlier version)" if review.earlier_approval and review.changed_since_approval else ""
        last, due = data["last_reviewed"] or "never", data["next_review_due"] or "-"
        print(f"    last reviewed: {last}{earlier}; next due: {due}")
        if review.held:
            print(f"    shown as {review.status}: {review.held}")
        if review.ledger_status == "changes_requested" and review.last_request:
            print(f"    changes requested by {_who(repo, review.last_request)}: {review.last_request.note}")
        for verdict in review.invalid:
            print(f"    does not count: {verdict.line.where}: {verdict.reason}")
    for page in repo.uncontrolled_pages():
        print(f"{page}: UNDER NO REVIEW: no ledger, and not listed under 'exempt:' in editorial.yml")
    if not rows:
        print("No page is under editorial control yet.")
    return 0


def _who(repo: Repository, line) -> str:
    member = repo.declarations.reviewer_set.members.get(line.statement.reviewer) if line.statement else None
    return f"{member.name} <{member.email}>" if member else line.by or "?"


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
        "held": review.held,
        "malformed": [f"{v.line.where}: {v.reason}" for v in review.invalid],
    }


def cmd_new(args: argparse.Namespace) -> int:
    return _print(service.new_page(_repo(args), args.page, args.title, args.author, args.note, args.nav))


def cmd_transition(args: argparse.Namespace) -> int:
    return _print(service.record(_repo(args), args.page, COMMANDS[args.command], args.note))


def cmd_approve(args: argparse.Namespace) -> int:
    return _print(service.approve(_repo(args), args.page, args.role, args.note, args.expect_hash))


def cmd_diff(args: argparse.Namespace) -> int:
    repo = _repo(args)
    result = service.diff(repo, args.page, args.since)
    print(json.dumps(result.to_dict(), indent=2) if args.json else result.text())
    return 0


def cmd_inbox(args: argparse.Namespace) -> int:
    repo = _repo(args)
    box = service.inbox(repo, (args.email.partition("@")[0], args.email) if args.email else None)
    print(json.dumps(box.to_dict(), indent=2) if args.json else box.text())
    return 0


def cmd_mv(args: argparse.Namespace) -> int:
    return _print(service.move(_repo(args), args.page, args.to))


def cmd_repair(args: argparse.Namespace) -> int:
    print(service.REPAIR_TEXT)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    report = service.migrate(_repo(args))
    print("\n".join(report) or "Nothing to migrate: every ledger line is already a statement or a step.")
    if report:
        print("Commit it: git add ledger && git commit -m 'Ledgers converted to signed statements and steps'")
    return 0


def cmd_reviewer_add(args: argparse.Namespace) -> int:
    from .codeowners import CODEOWNERS, codeowners
    from .desk.onboard import FIRST_SIGNER

    repo = _repo(args)
    first = not repo.declarations.reviewer_set.version
    fields = {k: getattr(args, k) for k in ("id", "name", "credentials", "role", "email", "affiliation")}
    declared = governance.add_reviewer(repo.root, fields, args.key, repo.today)
    # The forge asks the declared reviewers for their review: CODEOWNERS follows the reviewer set in the same commit.
    owners = repo.root / CODEOWNERS
    owners.parent.mkdir(parents=True, exist_ok=True)
    owners.write_text(codeowners(repo.root), encoding="utf-8")
    text = declared.text().replace(" && git commit", f" {CODEOWNERS} && git commit", 1)
    print(f"{text}\n{CODEOWNERS} regenerated from the reviewer set (commit it with the declaration, as above).")
    if first:
        print(FIRST_SIGNER[0].upper() + FIRST_SIGNER[1:])
    return 0


def cmd_reviewer_list(args: argparse.Namespace) -> int:
    rows = governance.list_reviewers(_repo(args).root)
    print("\n".join(rows) or "No reviewer set yet (reviewers/): `editorial reviewer add` starts it.")
    return 0


def cmd_reviewer_retire(args: argparse.Namespace) -> int:
    repo = _repo(args)
    print(governance.retire_reviewer(repo.root, args.id, args.date or repo.today, repo.today).text())
    return 0


def cmd_reviewer_sign(args: argparse.Namespace) -> int:
    print(governance.sign_version(_repo(args).root).text())
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    repo = _repo(args)
    page = repo.page_path(args.page)
    review = repo.review(page)
    if not review.verdicts:
        start = f"approve {page}` (a technical reviewer)" if review.kind == "chrome" else f"submit {page}`"
        raise EditorialError(f"{page}: no record ({review.ledger}); `editorial {start} starts one.")
    for verdict in sorted(review.verdicts, key=lambda v: (v.line.date, v.line.file, v.line.number)):
        line = verdict.line
        what, act = f"{line.kind or '?':<16} by {line.by}", line.statement
        if act:
            what = f"{act.act:<16} by {act.reviewer} ({act.role}), signed"
        mark = "counts" if verdict.counts else ("valid" if verdict.valid else f"DOES NOT COUNT: {verdict.reason}")
        print(f"{line.where} {line.date} {what} subject {line.subject[:19]}… {mark}")
        if line.note:
            print(f"      note: {line.note}")
    print(f"status: {review.status}" + (" (changed since approval)" if review.changed_since_approval else ""))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .check import check_repository  # the page source checks render Markdown: only `check` loads them

    repo = _repo(args, strict=args.production)
    violations = check_repository(repo, production=args.production)
    for violation in violations:
        print(violation, file=sys.stderr if violation.error else sys.stdout)
    errors = sum(v.error for v in violations)
    mode, warnings = "production" if args.production else "editing", len(violations) - errors
    pages = len(repo.tracked_pages())
    print(f"editorial check ({mode}): {pages} page(s), {errors} error(s), {warnings} warning(s).")
    return 1 if errors else 0


def cmd_check_site(args: argparse.Namespace) -> int:
    from .built_site import check_site

    repo = _repo(args, strict=True)
    problems = check_site(repo, Path(args.site))
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"editorial check-site {args.site}: {len(problems)} error(s).")
    return 1 if problems else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    repo = _repo(args, strict=True)
    site = Path(args.site_dir).resolve() if args.site_dir else repo.root / "site"
    return build(repo, site, quiet=args.quiet, previous=args.previous)


def cmd_serve(args: argparse.Namespace) -> int:
    from .desk import run

    root = Path(args.root).resolve() if args.root else find_root(Path.cwd().resolve())
    run(root, port=args.port, preview_port=args.preview_port)
    return 0


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
    new.add_argument("--nav", metavar="SECTION", help="add the page to this section of the nav in mkdocs.yml")
    new.set_defaults(func=cmd_new)
    for command, help_text in (
        ("submit", "the author submits the page for review"),
        ("start-review", "a declared reviewer who is not an author of the page starts its review"),
        ("request-changes", "a declared, non-author reviewer sends the page back to its author (--note required)"),
        ("withdraw", "a declared reviewer takes back an approval: the page goes back to its author (--note required)"),
    ):
        cmd = sub.add_parser(command, help=help_text)
        cmd.add_argument("page")
        cmd.add_argument("--note", default="")
        cmd.set_defaults(func=cmd_transition)
    approve = sub.add_parser("approve", help="approve the page's current content as a declared reviewer")
    approve.add_argument("page")
    approve.add_argument("--role", choices=("clinical", "technical"))
    approve.add_argument("--note", default="")
    approve.add_argument(
        "--expect-hash", metavar="H", help="the content hash you read (from `editorial diff`); refused if it changed"
    )
    approve.set_defaults(func=cmd_approve)
    diff = sub.add_parser("diff", help="what changed in a page since its approval or since changes were requested")
    diff.add_argument("page")
    diff.add_argument("--since", default="approval", help="approval (default), request, or a content hash")
    diff.add_argument("--json", action="store_true")
    diff.set_defaults(func=cmd_diff)
    inbox = sub.add_parser("inbox", help="what awaits you: reviews, your pages, requested changes, due dates")
    inbox.add_argument("--email", help="someone else's inbox (default: your git identity)")
    inbox.add_argument("--json", action="store_true")
    inbox.set_defaults(func=cmd_inbox)
    mv = sub.add_parser("mv", help="rename a page, keeping its ledger and its approval")
    mv.add_argument("page")
    mv.add_argument("to")
    mv.set_defaults(func=cmd_mv)
    repair = sub.add_parser("repair", help="no longer needed: says why (ledger lines are independent statements)")
    repair.add_argument("page", nargs="?")
    repair.add_argument("--note", default="")
    repair.set_defaults(func=cmd_repair)
    migrate = sub.add_parser("migrate", help="one-time: convert old ledgers (seq/event lines) to steps")
    migrate.set_defaults(func=cmd_migrate)
    reviewer = sub.add_parser("reviewer", help="the signed reviewer set: add, retire, sign a version, list")
    rsub = reviewer.add_subparsers(dest="reviewer_command", required=True)
    add = rsub.add_parser("add", help="write the next version of the reviewer set with this reviewer, signed by you")
    for field in ("id", "name", "credentials", "email"):
        add.add_argument(f"--{field}", required=True)
    add.add_argument("--role", required=True, choices=("clinical", "technical"))
    add.add_argument("--affiliation", default="")
    add.add_argument("--key", required=True, help="their SSH public key: 'ssh-ed25519 AAAA…' or a .pub file")
    add.set_defaults(func=cmd_reviewer_add)
    sign = rsub.add_parser("sign", help="sign the version of the reviewer set awaiting signatures")
    sign.set_defaults(func=cmd_reviewer_sign)
    listing = rsub.add_parser(
        "list", help="every member of the reviewer set in force, and versions awaiting signatures"
    )
    listing.set_defaults(func=cmd_reviewer_list)
    retire = rsub.add_parser("retire", help="a reviewer leaves: their past approvals stay valid until due")
    retire.add_argument("id")
    retire.add_argument("--date", type=dt.date.fromisoformat, default=None)
    retire.set_defaults(func=cmd_reviewer_retire)
    log = sub.add_parser("log", help="the page's statements and steps, each with whether it counts and why not")
    log.add_argument("page")
    log.set_defaults(func=cmd_log)
    from .desk.commands import add_desk_commands

    add_desk_commands(sub, _repo)  # onboard, notify
    check = sub.add_parser("check", help="every violation; non-zero exit on any error")
    check.add_argument("--production", action="store_true", help="stale, overdue and uncommitted are errors")
    check.set_defaults(func=cmd_check)
    site = sub.add_parser("check-site", help="check a built site against the record")
    site.add_argument("site")
    site.set_defaults(func=cmd_check_site)
    build = sub.add_parser(
        "build", help="the production site: check --production, mkdocs build --strict, check-site (make build)"
    )
    build.add_argument("--site-dir", help="where to write the site (default: site/ beside mkdocs.yml)")
    build.add_argument("-q", "--quiet", action="store_true", help="only errors, and one line per step")
    build.add_argument(
        "--previous", metavar="FILE_OR_URL", help="reviews.json as last published: refuse a record that drops from it"
    )
    build.set_defaults(func=cmd_build)
    serve = sub.add_parser("serve", help="the editors' desk: a local web app on 127.0.0.1 acting as your git identity")
    serve.add_argument("--port", type=int, default=8765, help="the desk's port (0: any free port)")
    serve.add_argument("--preview-port", type=int, default=0, help="the preview's port (default: any free port)")
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except EditorialError as exc:
        print(f"editorial: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `editorial … | head -1`: the reader has gone; stop quietly, as other command-line tools do.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
