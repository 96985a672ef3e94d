"""Serve the built site on 127.0.0.1 with the headers real hosting should send.

`python -m http.server` sends no Cache-Control and, on some Pythons, a wrong type for `.mjs`
or `.wasm`; a `.wasm` with the wrong type makes Pyodide hang rather than fail. Like every static host
we know of (Netlify, Cloudflare Pages, GitHub Pages), it compresses text and WebAssembly with gzip when
the browser accepts it: the 9.6 MB wasm goes as 3.6 MB, which decides whether a slow ward Wi-Fi gets
the calculator in 20 s or in 40.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import functools
import gzip
import io
import os
import posixpath
import sys
import threading
from collections import OrderedDict
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

from .csp import HeaderRules

__all__ = ["SiteHandler", "serve_in_thread"]

TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".zip": "application/zip",
    ".bin": "application/octet-stream",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
}


# Zip archives and images are compressed already; gzip would only cost time. `.bin` is the memory snapshot (12.5 MB,
# 4.9 MB gzipped), fetched once per build by a reader's browser and kept there.
COMPRESSIBLE = {".bin", ".wasm", ".mjs", ".js", ".json", ".css", ".svg", ".html", ".webmanifest", ".txt", ".xml"}


class _Gzipped:
    """Each file's gzip, made once per version (mtime and size are part of the key; mtime=0 keeps it stable), the
    least recently sent dropped once they hold more than `limit` bytes. Bounded by bytes, not by count: a site has
    more compressible files than a count of 64 held (86 now, 53 of them precached at once by the service worker), and
    a dropped runtime file costs its next request a second of gzip (the 12.5 MB memory snapshot then comes too late
    for a first visit to restore it). Written here rather than taken from cachetools: a few lines, and no new
    dependency for a preview server."""

    def __init__(self, limit: int):
        self.limit = limit
        self.held: OrderedDict[tuple[str, int, int], bytes] = OrderedDict()
        self.lock = threading.Lock()

    def __call__(self, path: str, mtime_ns: int, size: int) -> bytes:
        key = (path, mtime_ns, size)
        with self.lock:
            if key in self.held:
                self.held.move_to_end(key)
                return self.held[key]
        with open(path, "rb") as file:
            body = gzip.compress(file.read(), compresslevel=6, mtime=0)
        with self.lock:
            self.held[key] = body
            while len(self.held) > 1 and sum(map(len, self.held.values())) > self.limit:
                self.held.popitem(last=False)
        return body


_gzipped = _Gzipped(limit=64 * 1024 * 1024)  # a built site's gzips come to about 10 MB


def _url_path(raw: str) -> str:
    """The request's path as the file it names: decoded, with `.` and `..` resolved, so a header rule (`immutable`
    under /assets/pyodide/) never applies to `/assets/pyodide/1/../../index.html`."""
    path = posixpath.normpath(unquote(urlsplit(raw).path, errors="surrogatepass"))
    path = "/" + path.lstrip("/")
    return path + "/" if raw.split("?", 1)[0].endswith("/") and path != "/" else path


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, **TYPES}
    # A client that sends half a request, or none, is dropped after this many seconds instead of holding a thread.
    timeout = 30

    def _inside_root(self, path: str) -> bool:
        root = os.path.realpath(self.directory)
        return os.path.commonpath([root, os.path.realpath(path)]) == root

    def send_head(self):
        # A NUL in the path made open() raise (a traceback and an empty reply); a symlink could lead out of the site.
        if "\x00" in unquote(urlsplit(self.path).path):
            self.send_error(400, "Bad request")
            return None
        path = self.translate_path(self.path)
        if not self._inside_root(path):
            self.send_error(404, "File not found")
            return None
        if os.path.isdir(path) and urlsplit(self.path).path.endswith("/"):
            path = os.path.join(path, "index.html")
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or os.path.splitext(path)[1] not in COMPRESSIBLE or not os.path.isfile(path):
            return super().send_head()
        stat = os.stat(path)
        since = self.headers.get("If-Modified-Since")
        if since and "If-None-Match" not in self.headers:
            with contextlib.suppress(TypeError, ValueError, IndexError, OverflowError):
                if int(stat.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp():
                    self.send_response(304)
                    self.send_header("Vary", "Accept-Encoding")
                    self.end_headers()
                    return None
        body = _gzipped(path, stat.st_mtime_ns, stat.st_size)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        # Which paths are immutable is said once, in the site's _headers (igm_site.csp), applied below.
        headers = {
            "Cache-Control": "no-cache",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        }
        # The site's _headers file (Content-Security-Policy and more), as Netlify or Cloudflare Pages would apply it.
        rules = self.server.site_headers.for_path(_url_path(self.path))
        if getattr(self, "_status", 200) >= 400:
            rules.pop("Cache-Control", None)  # an error is never cached as immutable, whatever its path
        headers.update(rules)
        for name, value in headers.items():
            self.send_header(name, value)
        super().end_headers()

    def send_response(self, code, message=None):
        self._status = code
        super().send_response(code, message)

    def send_error(self, code, message=None, explain=None):
        """A missing file gets the site's own 404 page, as static hosts serve it."""
        page = os.path.join(self.directory, "404.html")
        if code != 404 or self.command not in ("GET", "HEAD") or not os.path.isfile(page):
            return super().send_error(code, message, explain)
        with open(page, "rb") as file:
            body = file.read()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)
        return None

    def list_directory(self, path):
        """No directory listings: a folder without index.html is not a page."""
        self.send_error(404, "File not found")
        return None

    def log_message(self, format: str, *args) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class SiteServer(ThreadingHTTPServer):
    # socketserver's default backlog is 5: a page and its service worker's precache open more connections at once.
    request_queue_size = 128

    def handle_error(self, request, client_address) -> None:
        # A reader who leaves a page while it still downloads (the 9.6 MB wasm, the memory snapshot) closes the
        # connection: that is no fault of the server's, and a traceback for it would bury the ones that are.
        if isinstance(sys.exc_info()[1], ConnectionResetError | BrokenPipeError):
            return
        super().handle_error(request, client_address)


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False) -> ThreadingHTTPServer:
    server = SiteServer((host, port), functools.partial(SiteHandler, directory=str(root)))
    server.verbose = verbose
    server.site_headers = HeaderRules.read(Path(root))
    return server


def serve_in_thread(root: Path, port: int = 0) -> ThreadingHTTPServer:
    """For tests: a server on a free port, running until `shutdown()`."""
    server = make_server(root, port=port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the built IgM Guide site.")
    parser.add_argument("--root", default="site", type=Path)
    parser.add_argument("--port", default=8000, type=int)
    args = parser.parse_args()
    server = make_server(args.root, port=args.port, verbose=True)
    print(f"Serving {args.root}/ at http://127.0.0.1:{args.port}/ (Ctrl+C to stop)")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
