"""`editorial serve`: the desk and its preview, two servers on 127.0.0.1 in one process.

The preview is served from its own port, so a previewed page (which runs the site's scripts, calculators included)
is another origin than the desk: it cannot read the desk's pages or post to it, and it gets the site's own
Content-Security-Policy from the site's `_headers`, allowed to be framed by the desk only.
"""

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
import re
import socket
import tempfile
import threading
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from igm_site.csp import HeaderRules

from .app import Desk, create_app
from .login import DeskLogin
from .preview import PreviewBuilder
from .reviews import ReviewCache
from .security import DeskKeys, PreviewHosts

__all__ = ["bind", "run"]

for suffix, kind in ((".wasm", "application/wasm"), (".mjs", "text/javascript"), (".js", "text/javascript")):
    mimetypes.add_type(kind, suffix)


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 only (never another interface)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(64)
    return sock


class SiteHeaders:
    """The built site's `_headers` (its CSP and more) on every preview response, with framing by the desk allowed."""

    def __init__(self, app: ASGIApp, site_dir: Path, prefix: str, desk_origins: list[str]) -> None:
        self.app, self.site_dir, self.prefix, self.frame = app, site_dir, prefix, " ".join(desk_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"].removeprefix(f"/{self.prefix}")
        rules = HeaderRules.read(self.site_dir).for_path(path)
        headers = {"cache-control": "no-store", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}
        for name, value in rules.items():
            if name.lower() != "cache-control":
                headers[name.lower()] = value
        csp = headers.get("content-security-policy", "default-src 'self'")
        csp = re.sub(r"frame-ancestors [^;]*", f"frame-ancestors {self.frame}", csp)
        headers["content-security-policy"] = csp if "frame-ancestors" in csp else f"{csp}; frame-ancestors {self.frame}"

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.decode().lower() not in headers]
                message["headers"] = kept + [(k.encode(), v.encode()) for k, v in headers.items()]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def preview_app(previews: PreviewBuilder, keys: DeskKeys) -> ASGIApp:
    previews.site_dir.mkdir(parents=True, exist_ok=True)
    files = StaticFiles(directory=previews.site_dir, html=True, check_dir=False)
    app = Starlette(routes=[Mount(f"/{keys.preview_prefix}", files)])
    desk_origins = sorted(f"http://{host}" for host in keys.hosts())
    return PreviewHosts(SiteHeaders(app, previews.site_dir, keys.preview_prefix, desk_origins), keys)


def _warm(previews: PreviewBuilder, cache: ReviewCache) -> None:
    """At start, review every page into the cache (the board's first load) and build one preview (the first build
    copies the Pyodide runtime, which later previews reuse)."""
    try:
        repo = cache.repository()
        pages = [p for p in repo.tracked_pages() if (repo.root / p).is_file()]
        for page in pages:
            with contextlib.suppress(Exception):  # a broken page shows its error on the board
                repo.review(page)
        if pages:
            previews.build(pages[0])
    except Exception:  # a page that does not build shows its error when opened; warming is only for speed
        pass


def run(root: Path, port: int = 8765, preview_port: int = 0, work: Path | None = None) -> None:
    login = DeskLogin.open(root)
    try:
        desk_socket = bind(port)
    except OSError:
        running = login.running_port()
        if running is None or (port and running != port):
            raise
        # The desk already runs for this clone: a new one-time address for it, instead of a second desk.
        keys = DeskKeys(running, 0, login)
        print(f"The editors' desk for {root} is already running. Open, in a browser on this machine:", flush=True)
        print(f"  {keys.launch_url()}", flush=True)
        print("(The address works once. A browser that used one stays logged in at:", keys.desk_url() + ")", flush=True)
        return
    preview_socket = bind(preview_port)
    keys = DeskKeys(desk_socket.getsockname()[1], preview_socket.getsockname()[1], login)
    login.record_server(keys.port)
    scratch = tempfile.TemporaryDirectory(prefix="igm-desk-") if work is None else None
    cache = ReviewCache(root)
    previews = PreviewBuilder(root, work or Path(scratch.name), cache)
    desk = Desk(root, keys, previews, cache)
    threading.Thread(target=_warm, args=(previews, cache), daemon=True).start()
    servers = [
        uvicorn.Server(uvicorn.Config(create_app(desk), log_level="warning", lifespan="off")),
        uvicorn.Server(uvicorn.Config(preview_app(previews, keys), log_level="warning", lifespan="off")),
    ]
    print(f"Editors' desk for {root}, acting as your git identity. Open, in a browser on this machine:", flush=True)
    print(f"  {keys.launch_url()}", flush=True)
    print(
        "(The address works once; keep it to yourself. The browser that opens it stays logged in, even after it is",
        flush=True,
    )
    print(
        f" closed, at {keys.desk_url()} (bookmark it). `editorial serve` run again prints a new address. Ctrl+C stops the desk.)",
        flush=True,
    )

    async def main() -> None:
        tasks = [
            asyncio.create_task(servers[0].serve(sockets=[desk_socket])),
            asyncio.create_task(servers[1].serve(sockets=[preview_socket])),
        ]
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for server in servers:
            server.should_exit = True
        await asyncio.gather(*tasks, return_exceptions=True)

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    finally:
        if scratch is not None:
            scratch.cleanup()
