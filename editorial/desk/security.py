"""What keeps other web pages and other hosts away from a desk that can approve pages in the editor's name.

The desk listens on 127.0.0.1 only. A request must name the desk in its `Host` header (a page that rebinds its own
domain name to 127.0.0.1 sends its own name), carry the session cookie that only the printed launch address hands
out (`HttpOnly`, `SameSite=Strict`), and, for a POST, come from the desk's own origin with the form's CSRF token.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["COOKIE", "CSRF_FIELD", "DeskKeys", "DeskSecurity", "PreviewHosts", "security_headers"]

COOKIE = "igm_desk"
CSRF_FIELD = "csrf"


class DeskKeys:
    """The secrets of one run of the desk: the launch token, the session cookie and the CSRF token."""

    def __init__(self, port: int, preview_port: int) -> None:
        self.port = port
        self.preview_port = preview_port
        self.launch_token = secrets.token_urlsafe(24)
        self.session = secrets.token_urlsafe(32)
        self.csrf = secrets.token_urlsafe(32)
        self.preview_prefix = secrets.token_urlsafe(12)  # previews of drafts live under an unguessable path

    def hosts(self, port: int | None = None) -> set[str]:
        port = self.port if port is None else port
        return {f"127.0.0.1:{port}", f"localhost:{port}"}

    def origins(self) -> set[str]:
        return {f"http://{host}" for host in self.hosts()}

    def preview_origins(self) -> list[str]:
        return sorted(f"http://{host}" for host in self.hosts(self.preview_port))

    def launch_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?{urlencode({'token': self.launch_token})}"

    def valid_session(self, value: str | None) -> bool:
        return bool(value) and hmac.compare_digest(value, self.session)

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
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        token = (query.get("token") or [None])[0]
        if scope["method"] == "GET" and token is not None:
            if not hmac.compare_digest(token, self.keys.launch_token):
                await _plain(send, 403, "This launch token is not the one `editorial serve` printed.")
                return
            cookie = f"{COOKIE}={self.keys.session}; HttpOnly; SameSite=Strict; Path=/"
            await send(
                {
                    "type": "http.response.start",
                    "status": 303,
                    "headers": [(b"location", scope["path"].encode()), (b"set-cookie", cookie.encode())],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        cookies = SimpleCookie(_header(scope, b"cookie") or "")
        if not self.keys.valid_session(cookies[COOKIE].value if COOKIE in cookies else None):
            await _plain(
                send, 403, "Open the desk with the address `editorial serve` printed (it carries a one-time token)."
            )
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
