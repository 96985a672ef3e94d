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
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from .csp import HeaderRules

__all__ = ["SiteHandler", "serve_in_thread"]

TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".zip": "application/zip",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
}


# Zip archives and images are compressed already; gzip would only cost time.
COMPRESSIBLE = {".wasm", ".mjs", ".js", ".json", ".css", ".svg", ".html", ".webmanifest", ".txt", ".xml"}


@functools.lru_cache(maxsize=64)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    """A file's gzip, made once per version (mtime and size are part of the key). mtime=0 keeps it stable."""
    with open(path, "rb") as file:
        return gzip.compress(file.read(), compresslevel=6, mtime=0)


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def send_head(self):
        path = self.translate_path(self.path)
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
        headers.update(self.server.site_headers.for_path(urlsplit(self.path).path))
        for name, value in headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


def make_server(root: Path, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), functools.partial(SiteHandler, directory=str(root)))
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
