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
from ..gitrepo import line_origins
from ..ledger import ledger_path, read_ledger
from ..repository import Repository
from . import pagetext
from .actions import ACTIONS, DeskRefusal, perform, signing_setup
from .board import COLUMNS, STATE_LABELS, build_board, identity
from .comments import read_comments
from .diffs import markdown_diff, rendered_diff
from .history import ReviewCache
from .pages import baseline, create_page, nav_sections, record_comment, save_page
from .paths import confine
from .preview import PreviewBuilder
from .security import CSRF_FIELD, DeskKeys, DeskSecurity, security_headers

__all__ = ["Desk", "create_app"]

HERE = Path(__file__).parent
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
# Tags and attributes a page's own Markdown could use to dress up as the desk, removed from the rendered diff.
UNSAFE_TAG = re.compile(
    r"<\s*/?\s*(script|iframe|form|input|button|textarea|select|object|embed|style|link|meta|base|frame)\b[^>]*>",
    re.IGNORECASE,
)
UNSAFE_ATTR = re.compile(r"""\s(on\w+|formaction|srcdoc)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


def _sanitise(html: str) -> str:
    return UNSAFE_ATTR.sub("", UNSAFE_TAG.sub("", html))


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
        key = secrets.token_urlsafe(8)
        self.messages[key] = (kind, text)
        if len(self.messages) > 200:
            self.messages.pop(next(iter(self.messages)))
        return key


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    env.globals["STATE_LABELS"] = STATE_LABELS
    env.globals["CSRF_FIELD"] = CSRF_FIELD
    env.globals["COLUMNS"] = COLUMNS
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
        return render(request, "board.html", board=data)

    def _page_context(request: Request, raw: str | None) -> dict[str, Any]:
        repo = Repository(desk.root)
        page = confine(repo, raw)
        if not (repo.root / page).is_file():
            raise EditorialError(f"{page}: no such page.")
        review = repo.review(page)
        me = identity(repo)
        text = (repo.root / page).read_text(encoding="utf-8")
        entries = read_ledger(repo.root, page, repo.docs_dir) or []
        origins = line_origins(repo.root, ledger_path(page, repo.docs_dir)).commits
        timeline = [(entry, origins[entry.line - 1] if entry.line - 1 < len(origins) else None) for entry in entries]
        since = "request" if request.query_params.get("since") == "request" else "approval"
        base = baseline(repo, page, since)
        diff = rendered = None
        calc_files: tuple[str, ...] = ()
        if base is not None:
            diff = markdown_diff(base.text, text, f"{page} ({base.label})", f"{page} (now)")
            rendered = [(kind, _sanitise(html)) for kind, html in rendered_diff(base.text, text)]
            if review.content.calculators:
                calc_files = tuple(p for p in base.changed_files if p.startswith("calculators/"))
        preview = desk.previews.build(page)
        comments = read_comments(repo.root, page, repo.docs_dir)
        by_line: dict[int, list] = {}
        for comment in comments:
            by_line.setdefault(comment.line, []).append(comment)
        sign, missing = signing_setup(repo)
        return {
            "page": page,
            "review": review,
            "me": me,
            "title": str(review.meta.get("title") or page),
            "state": (review.ledger_state.machine if review.ledger_state else None) or "none",
            "actions": available_actions(review, me),
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
        try:
            repo = Repository(desk.root)
            page = confine(repo, raw)
            if name == "approve":
                note = approval_note(form, repo.review(page).content.calculators, note)
            if name in ("request-changes", "withdraw") and not note:
                raise DeskRefusal("Say what must change (or why the approval is withdrawn) in the note.")
            expect = str(form.get("expect_hash", "")) or None
            outcome = await run_in_threadpool(perform, desk.root, name, page, note, expect)
        except EditorialError as exc:
            return redirect("/page", "error", str(exc), path=raw)
        return redirect("/page", "ok", f"{outcome.message}\nCommitted in {outcome.commit[:12]}.", path=page)

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
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    return DeskSecurity(Starlette(routes=[Mount(base, routes=routes)]), desk.keys)


def available_actions(review, me) -> list[str]:
    """The actions the ledger allows now and this editor may take (the workflow still checks each one)."""
    state = review.ledger_state.machine if review.ledger_state else None
    actions = []
    if state in (None, "draft", "changes_requested") or (state == "approved" and review.changed_since_approval):
        actions.append("submit")
    if state == "submitted":
        actions.append("start-review")
    if state == "under_review":
        actions.append("request-changes")
        if me.reviewer is not None and me.reviewer.role in review.required_roles:
            actions.append("approve")
    if state == "approved" and me.reviewer is not None:
        actions.append("withdraw")
    return [a for a in actions if a in ACTIONS]


def approval_note(form, calculators: tuple[str, ...], note: str) -> str:
    """The short checklist the reviewer ticked, recorded in the approval's note; both items are required."""
    if form.get("check_references") != "yes":
        raise DeskRefusal("Not approved: tick that you checked the references against their sources.")
    done = ["references checked against sources"]
    if calculators:
        if form.get("check_calculators") != "yes":
            raise DeskRefusal(f"Not approved: tick that you tried the calculator(s) {', '.join(calculators)}.")
        done.append(f"calculators tried ({', '.join(calculators)})")
    checklist = "Checklist: " + "; ".join(done) + "."
    return f"{checklist} {note}".strip()
