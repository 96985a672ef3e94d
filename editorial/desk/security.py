"""What keeps other web pages and other hosts away from a desk that can approve pages in the editor's name.

The desk listens on 127.0.0.1 only. A request must name the desk in its `Host` header (a page that rebinds its own
domain name to 127.0.0.1 sends its own name), be for the desk's secret path and carry the session cookie scoped
to it, which only a one-time launch address hands out (`HttpOnly`, `SameSite=Strict`, see login.py for why a path),
and, for a POST, come from the desk's own origin with the form's CSRF token.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

from .login import DeskLogin

__all__ = ["COOKIE", "CSRF_FIELD", "DeskKeys", "DeskSecurity", "PreviewHosts", "security_headers"]

COOKIE = "igm_desk"
CSRF_FIELD = "csrf"
NOT_LOGGED_IN = (
    "Open the desk with the address `editorial serve` printed (it carries a one-time token). If the desk is already "
    "running, `editorial serve` run again in the repository prints a new address for it."
)
TOKEN_REFUSED = {
    "used": "This launch address was already used once, and works only once. If that was you, the desk is open in "
    "that browser (its address without ?token= stays logged in). Otherwise run `editorial serve` again in the "
    "repository: it prints a new address.",
    "unknown": "This launch token is not one `editorial serve` printed for this clone (or it is more than a day "
    "old). Run `editorial serve` again in the repository: it prints a new address.",
}


class DeskKeys:
    """The secrets of the desk: its login (secret path, session, one-time launch tokens) and the preview's prefix."""

    def __init__(self, port: int, preview_port: int, login: DeskLogin) -> None:
        self.port = port
        self.preview_port = preview_port
        self.login = login
        self.base_path = login.base_path
        self.csrf = login.csrf
        self.preview_prefix = secrets.token_urlsafe(12)  # previews of drafts live under an unguessable path

    def hosts(self, port: int | None = None) -> set[str]:
        port = self.port if port is None else port
        return {f"127.0.0.1:{port}", f"localhost:{port}"}

    def origins(self) -> set[str]:
        return {f"http://{host}" for host in self.hosts()}

    def preview_origins(self) -> list[str]:
        return sorted(f"http://{host}" for host in self.hosts(self.preview_port))

    def desk_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.base_path}/"

    def launch_url(self) -> str:
        """A new one-time launch address (each call mints a token)."""
        return f"{self.desk_url()}?{urlencode({'token': self.login.mint()})}"

    def valid_session(self, value: str | None) -> bool:
        return self.login.valid_session(value)

    def valid_csrf(self, value: str | None) -> bool:
        return bool(value) and hmac.compare_digest(value, self.csrf)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def security_headers(csp: str) -> list[tuple[bytes, bytes]]:
    # same-origin, not no-referrer: under no-referrer Chromium sends `Origin: null` with a form's POST, and the
    # Origin check could not tell the desk's own forms from any other page's.
    return [
        (b"content-security-policy", csp.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
        (b"cache-control", b"no-store"),
    ]


async def _plain(send: Send, status: int, text: str, headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    body = text.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                *security_headers("default-src 'none'; frame-ancestors 'none'"),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class DeskSecurity:
    """ASGI middleware: Host, launch token → cookie, session cookie, and the Origin of every POST.

    The CSRF token of each form is checked by the route that reads the form (`require_csrf`), because only it
    parses the body.
    """

    def __init__(self, app: ASGIApp, keys: DeskKeys) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _header(scope, b"host") not in self.keys.hosts():
            await _plain(send, 421, "Wrong Host header: the editors' desk answers only to 127.0.0.1 and localhost.")
            return
        path = scope["path"]
        base = self.keys.base_path
        if path != base and not path.startswith(base + "/"):
            # Outside the secret path no login cookie ever arrives (it is scoped to that path).
            await _plain(send, 403, NOT_LOGGED_IN)
            return
        cookies = SimpleCookie(_header(scope, b"cookie") or "")
        logged_in = self.keys.valid_session(cookies[COOKIE].value if COOKIE in cookies else None)
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        token = (query.get("token") or [None])[0]
        if scope["method"] == "GET" and token is not None:
            verdict = self.keys.login.consume(token)
            verdict = "ok" if logged_in else verdict  # already logged in here: the address just opens the desk
            if verdict != "ok":
                await _plain(send, 403 if verdict == "unknown" else 410, TOKEN_REFUSED[verdict])
                return
            headers = [(b"location", f"{base}/".encode())]
            if not logged_in:
                headers.append((b"set-cookie", self.keys.login.cookie(COOKIE).encode()))
            await send({"type": "http.response.start", "status": 303, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        if not logged_in:
            await _plain(send, 403, NOT_LOGGED_IN)
            return
        if scope["method"] not in ("GET", "HEAD"):
            origin = _header(scope, b"origin")
            if origin not in self.keys.origins():
                await _plain(send, 403, f"Refused: a change must come from the desk itself, not from {origin!r}.")
                return
        await self.app(scope, receive, send)


class PreviewHosts:
    """The preview server answers only to its own host names and only under the run's secret prefix."""

    def __init__(self, app: ASGIApp, keys: DeskKeys) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _header(scope, b"host") not in self.keys.hosts(self.keys.preview_port):
            await _plain(send, 421, "Wrong Host header.")
            return
        if scope["method"] not in ("GET", "HEAD"):
            await _plain(send, 405, "The preview is read-only.")
            return
        await self.app(scope, receive, send)
