"""Serve the built site on 127.0.0.1 with the headers real hosting should send.

`python -m http.server` sends no Cache-Control and, on some Pythons, a wrong type for `.mjs`
or `.wasm`; a `.wasm` with the wrong type makes Pyodide hang rather than fail.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
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
}


class SiteHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map, **TYPES}

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
