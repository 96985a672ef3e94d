"""The site's own server, counting the bytes it sends, so a visit's transfer is measured at the source."""

from __future__ import annotations

import functools
import re
import threading
import urllib.request
from pathlib import Path

from igm_site.serve import SiteHandler, make_server

# The calculators' runtime: the Pyodide core, the precompiled stdlib, the calculators bundle and the memory snapshot.
RUNTIME = re.compile(
    r"/assets/pyodide/|/assets/igm/((python_stdlib|calculators)\.[0-9a-f]+\.zip|snapshot\.[0-9a-f]+\.bin)"
)


class _Counter:
    def __init__(self, raw, handler):
        self._raw, self._handler = raw, handler

    def write(self, data):
        server = self._handler.server
        path = getattr(self._handler, "path", "")
        with server.lock:
            server.bytes_sent += len(data)
            server.bytes_by_path[path] = server.bytes_by_path.get(path, 0) + len(data)
        return self._raw.write(data)

    def __getattr__(self, name):
        return getattr(self._raw, name)


class CountingHandler(SiteHandler):
    def setup(self):
        super().setup()
        self.wfile = _Counter(self.wfile, self)


class CountingServer:
    """`igm_site.serve.make_server` (same headers, same types), with a handler that counts bytes."""

    def __init__(self, root: Path):
        self.root = root
        self.httpd = make_server(root, port=0)
        self.httpd.RequestHandlerClass = functools.partial(CountingHandler, directory=str(root))
        self.httpd.bytes_sent = 0
        self.httpd.bytes_by_path = {}
        self.httpd.lock = threading.Lock()
        self.runtime_bytes = 0
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def warm(self) -> None:
        """Asks once for every compressible runtime file: the server gzips a file at its first request (the 9.6 MB
        wasm takes it a second or more of CPU on this machine), where a real host serves it compressed already. Not
        counted: the first visit measured would otherwise wait for it, and only ours (it goes first)."""
        snapshots = sorted((self.root / "assets" / "igm").glob("snapshot.*.bin"))
        for path in [*sorted((self.root / "assets" / "pyodide").rglob("*")), *snapshots]:
            if path.suffix in (".wasm", ".mjs", ".json", ".bin"):
                url = f"{self.url}/{path.relative_to(self.root).as_posix()}"
                with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})) as r:
                    r.read()
        self.take_bytes()

    def take_bytes(self) -> int:
        """Bytes sent since the last call (the runtime's share is kept in `runtime_bytes`)."""
        httpd = self.httpd
        with httpd.lock:
            sent, httpd.bytes_sent = httpd.bytes_sent, 0
            self.runtime_bytes = sum(n for p, n in httpd.bytes_by_path.items() if RUNTIME.search(p))
            httpd.bytes_by_path = {}
        return sent
