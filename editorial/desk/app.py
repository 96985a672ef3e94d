"""The editors' desk: a Starlette app on the editor's own clone, acting as their git identity.

Routes (every page and form is local; nothing is fetched from another host):

    GET  /                  the board
    GET  /page?path=…       review: the page as readers will see it, what changed since approval, ledger, comments
    GET  /write?path=…      the page editor with a live preview
    GET  /new               a new article
    POST /action            submit, start-review, request-changes, approve, withdraw
    POST /save  /new  /comment  /preview
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import EditorialError
from ..ledger import CHROME
from ..repository import Repository
from . import pagetext
from .actions import DeskRefusal, perform, signing_setup
from .board import COLUMNS, NEEDS_LABELS, STATE_LABELS, build_board, identity
from .comments import read_comments
from .diffs import flagged_diff, markdown_diff
from .pages import baseline, create_page, nav_sections, record_comment, save_page
from .paths import confine
from .permitted import default_since, permitted_actions
from .preview import PreviewBuilder
from .reviews import ReviewCache, requester_email
from .security import CSRF_FIELD, DeskKeys, DeskSecurity, security_headers
from .sync import SyncRefusal, fetch_in_background, pull, push, remote_state

__all__ = ["Desk", "create_app"]

HERE = Path(__file__).parent
UNSHARED = "Committed on this clone ({commit}): nobody else sees it until you press Push."
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")


@dataclasses.dataclass
class Desk:
    root: Path
    keys: DeskKeys
    previews: PreviewBuilder
    cache: ReviewCache
    messages: dict[str, tuple[str, str]] = dataclasses.field(default_factory=dict)

    def csp(self) -> str:
        frames = " ".join(self.keys.preview_origins())
        return (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            f"frame-src {frames}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
        )

    def preview_url(self, request: Request, url: str) -> str:
        host = request.url.hostname or "127.0.0.1"
        return f"http://{host}:{self.keys.preview_port}/{self.keys.preview_prefix}/{url}"

    def say(self, kind: str, text: str) -> str:
        text = without_digests(text)
        key = secrets.token_urlsafe(8)
        self.messages[key] = (kind, text)
        if len(self.messages) > 200:
            self.messages.pop(next(iter(self.messages)))
        return key


def without_digests(text: str) -> str:
    """The service's messages name content by its sha256, which means nothing to a clinician: say it in words."""
    text = re.sub(r" \(you were shown sha256:\S+, it is now sha256:[0-9a-f]+\)", "", text)
    text = re.sub(r" of sha256:[0-9a-f]+", " of the text you read", text)
    return re.sub(r"\(?sha256:[0-9a-f]{8,}…?\)?", "(this version of the text)", text)


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    env.globals["STATE_LABELS"] = STATE_LABELS
    env.globals["CSRF_FIELD"] = CSRF_FIELD
    env.globals["COLUMNS"] = COLUMNS
    env.globals["NEEDS_LABELS"] = NEEDS_LABELS
    return env


def create_app(desk: Desk) -> DeskSecurity:
    env = _env()
    base = desk.keys.base_path
    env.globals["P"] = base  # every link and form of the desk is under its secret path (login.py)

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        message = desk.messages.pop(request.query_params.get("msg", ""), None)
        html = env.get_template(name).render(csrf=desk.keys.csrf, message=message, request=request, **context)
        response = HTMLResponse(html, status_code=status)
        for key, value in security_headers(desk.csp()):
            response.headers[key.decode()] = value.decode()
        return response

    def redirect(to: str, kind: str = "", text: str = "", **params: str) -> RedirectResponse:
        if text:
            params["msg"] = desk.say(kind, text)
        query = f"?{urlencode(params)}" if params else ""
        return RedirectResponse(base + to + query, status_code=303)

    async def form_of(request: Request):
        form = await request.form()
        if not desk.keys.valid_csrf(form.get(CSRF_FIELD) or request.headers.get("x-csrf-token")):
            raise PermissionError("the form's CSRF token is missing or wrong; reload the desk and try again")
        return form

    def refused(request: Request, exc: Exception, status: int = 400) -> HTMLResponse:
        return render(request, "error.html", status=status, error=str(exc))

    async def board(request: Request) -> Response:
        try:
            data = await run_in_threadpool(build_board, desk.cache)
        except EditorialError as exc:
            return refused(request, exc, 500)
        fetch_in_background(desk.root)
        return render(request, "board.html", board=data, remote=remote_state(desk.root))

    def _page_context(request: Request, raw: str | None) -> dict[str, Any]:
        repo = Repository(desk.root)
        page = confine(repo, raw)
        if not (repo.root / page).is_file():
            raise EditorialError(f"{page}: no such page.")
        review = repo.review(page)
        me = identity(repo)
        text = (repo.root / page).read_text(encoding="utf-8")
        timeline = timeline_of(review)
        asked = request.query_params.get("since")
        since = asked if asked in ("request", "approval") else default_since(review)
        base = baseline(repo, page, since)
        diff = rendered = None
        calc_files: tuple[str, ...] = ()
        if base is not None:
            diff = markdown_diff(base.text, text, f"{page} ({base.label})", f"{page} (now)")
            rendered = flagged_diff(base.text, text)
            if review.content.calculators:
                calc_files = tuple(p for p in base.changed_files if p.startswith("calculators/"))
        preview = desk.previews.build(page)
        comments = read_comments(repo.root, page, repo.docs_dir)
        by_line: dict[int, list] = {}
        for comment in comments:
            by_line.setdefault(comment.line, []).append(comment)
        sign, missing = signing_setup(repo)
        permitted = permitted_actions(repo, review, me)
        versions: dict[str, int] = {}
        for entry, _ in timeline:
            versions.setdefault(entry.content_hash, len(versions) + 1)
        return {
            "page": page,
            "review": review,
            "me": me,
            "title": str(review.meta.get("title") or page),
            "state": review.ledger_status or "none",
            "actions": [] if missing else permitted.actions,
            "closed": permitted.closed,
            "request_by_me": requester_email(repo, review) == me.email.lower() != "",
            "versions": versions,
            "timeline": timeline,
            "baseline": base,
            "since": since,
            "diff": diff,
            "rendered": rendered,
            "calc_files": calc_files,
            "preview": preview,
            "preview_src": desk.preview_url(request, preview.url) if preview.url else "",
            "lines": text.splitlines(),
            "comments": by_line,
            "signing": {"sign": sign, "missing": missing},
            "remote": remote_state(desk.root),
        }

    async def page_view(request: Request) -> Response:
        try:
            context = await run_in_threadpool(_page_context, request, request.query_params.get("path"))
        except EditorialError as exc:
            return refused(request, exc)
        return render(request, "page.html", **context)

    async def action(request: Request) -> Response:
        try:
            form = await form_of(request)
        except PermissionError as exc:
            return refused(request, exc, 403)
        name, raw = str(form.get("action", "")), str(form.get("page", ""))
        note = str(form.get("note", "")).strip()
        back = {} if raw == CHROME else {"path": raw}  # the site chrome is approved from the board
        try:
            repo = Repository(desk.root)
            page = CHROME if raw == CHROME else confine(repo, raw)
            if name == "approve" and page == CHROME:
                note = chrome_note(form, note)
            elif name == "approve":
                note = approval_note(form, repo.review(page).content.calculators, note)
            if name in ("request-changes", "withdraw") and not note:
                raise DeskRefusal("Say what must change (or why the approval is withdrawn) in the note.")
            expect = str(form.get("expect_hash", "")) or None
            outcome = await run_in_threadpool(perform, desk.root, name, page, note, expect)
        except EditorialError as exc:
            return redirect("/page" if back else "/", "error", str(exc), **back)
        text = f"{outcome.message}\n{UNSHARED.format(commit=outcome.commit[:12])}"
        return redirect("/page" if back else "/", "ok", text, **back)

    async def sync(request: Request) -> Response:
        try:
            form = await form_of(request)
        except PermissionError as exc:
            return refused(request, exc, 403)
        page = str(form.get("page", ""))
        # After a pull the board, where what came in shows; after a push, back where the editor was.
        back, params = ("/page", {"path": page}) if page and form.get("action") == "push" else ("/", {})
        try:
            if form.get("action") == "pull":
                sign, _ = signing_setup(Repository(desk.root))
                text = await run_in_threadpool(pull, desk.root, sign)
            elif form.get("action") == "push":
                text = await run_in_threadpool(push, desk.root)
            else:
                raise SyncRefusal("Pull or Push, nothing else.")
        except EditorialError as exc:
            return redirect(back, "error", str(exc), **params)
        return redirect(back, "ok", text, **params)

    async def write_view(request: Request) -> Response:
        raw = request.query_params.get("path")
        try:
            repo = Repository(desk.root)
            page = confine(repo, raw)
            text = (repo.root / page).read_text(encoding="utf-8")
            _, meta, body = pagetext.parse(text)
        except (EditorialError, OSError) as exc:
            return refused(request, exc)
        fields = pagetext.fields_of(meta)
        preview = await run_in_threadpool(desk.previews.build, page)
        src = desk.preview_url(request, preview.url) if preview.url else ""
        return render(request, "write.html", page=page, fields=fields, body=body, preview=preview, preview_src=src)

    def _fields(form) -> pagetext.Fields:
        refs = []
        ids, cits = form.getlist("ref_id"), form.getlist("ref_citation")
        pmids, dois = form.getlist("ref_pmid"), form.getlist("ref_doi")
        for values in zip(ids, cits, pmids, dois, strict=False):
            ref = dict(zip(pagetext.REFERENCE_FIELDS, (str(v).strip() for v in values), strict=True))
            if any(ref.values()):
                refs.append(ref)
        return pagetext.Fields(str(form.get("title", "")).strip(), [str(a) for a in form.getlist("audience")], refs)

    def _compose(repo: Repository, page: str, form) -> tuple[str, list[str]]:
        if not (repo.root / page).is_file():
            raise EditorialError(f"{page}: no such page; a new one starts with New article.")
        original = (repo.root / page).read_text(encoding="utf-8")
        fields = _fields(form)
        return pagetext.compose(original, fields, str(form.get("body", ""))), pagetext.check(fields)

    async def save(request: Request) -> Response:
        try:
            form = await form_of(request)
        except PermissionError as exc:
            return refused(request, exc, 403)
        raw = str(form.get("page", ""))
        try:
            repo = Repository(desk.root)
            page = confine(repo, raw)
            text, problems = _compose(repo, page, form)
            if problems:
                raise EditorialError("Not saved: " + " ".join(problems))
            outcome = await run_in_threadpool(save_page, desk.root, page, text)
        except EditorialError as exc:
            return redirect("/write", "error", str(exc), path=raw)
        return redirect("/page", "ok", outcome, path=page)

    async def preview(request: Request) -> Response:
        try:
            form = await form_of(request)
        except PermissionError as exc:
            return JSONResponse({"error": str(exc)}, status_code=403)
        try:
            repo = Repository(desk.root)
            page = confine(repo, str(form.get("page", "")))
            text, problems = _compose(repo, page, form)
            result = await run_in_threadpool(desk.previews.build, page, text)
        except EditorialError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        src = desk.preview_url(request, result.url) if result.url else ""
        return JSONResponse({"src": src, "error": result.error, "problems": problems})

    async def comment(request: Request) -> Response:
        try:
            form = await form_of(request)
        except PermissionError as exc:
            return refused(request, exc, 403)
        raw = str(form.get("page", ""))
        try:
            repo = Repository(desk.root)
            page = confine(repo, raw)
            line = int(str(form.get("line", "0")) or 0)
            await run_in_threadpool(record_comment, desk.root, page, line, str(form.get("text", "")))
        except ValueError:
            return redirect("/page", "error", "The line must be a number.", path=raw)
        except EditorialError as exc:
            return redirect("/page", "error", str(exc), path=raw)
        return redirect("/page", "ok", f"Comment on line {line} recorded.", path=page)

    async def new_view(request: Request) -> Response:
        sections = await run_in_threadpool(nav_sections, desk.root)
        return render(request, "new.html", sections=sections)

    async def new_page(request: Request) -> Response:
        try:
            form = await form_of(request)
        except PermissionError as exc:
            return refused(request, exc, 403)
        title = str(form.get("title", "")).strip()
        slug = str(form.get("slug", "")).strip().lower()
        section = str(form.get("section", "")).strip()
        try:
            if not title:
                raise EditorialError("A new article needs a title.")
            if not SLUG.match(slug):
                raise EditorialError("The file name is lower-case letters, digits and hyphens, e.g. cold-agglutinin.")
            page = f"{Repository(desk.root).docs_dir}/articles/{slug}.md"
            done = await run_in_threadpool(create_page, desk.root, page, title, section)
        except EditorialError as exc:
            return redirect("/new", "error", str(exc))
        return redirect("/write", "ok", f"{done.message}\nCommitted in {done.commit[:12]}.", path=page)

    routes = [
        Route("/", board),
        Route("/page", page_view),
        Route("/write", write_view),
        Route("/new", new_view),
        Route("/new", new_page, methods=["POST"]),
        Route("/action", action, methods=["POST"]),
        Route("/save", save, methods=["POST"]),
        Route("/preview", preview, methods=["POST"]),
        Route("/comment", comment, methods=["POST"]),
        Route("/sync", sync, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    return DeskSecurity(Starlette(routes=[Mount(base, routes=routes)]), desk.keys)


EVENT_NAMES = {"approve": "approved", "withdraw": "approval_withdrawn", "request-changes": "changes_requested"}


@dataclasses.dataclass(frozen=True)
class TimelineEntry:
    """One statement or step as the page's timeline shows it."""

    event: str
    by: str
    role: str
    reviewer: str
    at: str
    content_hash: str
    note: str


def timeline_of(review) -> list[tuple[TimelineEntry, str]]:
    """Every line bearing on the page, oldest first, with whether it counts."""
    rows = []
    for verdict in sorted(review.verdicts, key=lambda v: (v.line.date, v.line.file, v.line.number)):
        line, statement = verdict.line, verdict.line.statement
        entry = TimelineEntry(
            EVENT_NAMES.get(line.kind, line.kind or "unusable line"),
            f"{statement.reviewer} (signed statement)" if statement else line.by,
            statement.role if statement else "",
            statement.reviewer if statement else "",
            line.date,
            line.subject or "sha256:?",
            line.note,
        )
        rows.append(
            (
                entry,
                f"{line.where}: "
                + ("counts" if verdict.counts else "valid" if verdict.valid else f"does not count ({verdict.reason})"),
            )
        )
    return rows


def chrome_note(form, note: str) -> str:
    if form.get("check_changes") != "yes":
        raise DeskRefusal(
            "Not approved: tick that you have read what changed in the site chrome (`editorial diff site-chrome`)."
        )
    return f"Checklist: site chrome changes read. {note}".strip()


def approval_note(form, calculators: tuple[str, ...], note: str) -> str:
    """The short checklist the reviewer ticked, recorded in the approval's note; both items are required."""
    if form.get("check_changes") != "yes":
        raise DeskRefusal("Not approved: tick that you have read the changed text (What changed, above the button).")
    if form.get("check_references") != "yes":
        raise DeskRefusal("Not approved: tick that you checked the references against their sources.")
    done = ["changed text read", "references checked against sources"]
    if calculators:
        if form.get("check_calculators") != "yes":
            raise DeskRefusal(f"Not approved: tick that you tried the calculator(s) {', '.join(calculators)}.")
        done.append(f"calculators tried ({', '.join(calculators)})")
    checklist = "Checklist: " + "; ".join(done) + "."
    return f"{checklist} {note}".strip()
