"""`igm_site.serve`, the local server of `make serve` and the tests (reliability review 2026-12, F10): no traceback
on a NUL in the path, no directory listings, nothing outside the site, no immutable header on a path that only
passes through the runtime's folder, a socket timeout, and a backlog for a page's burst of requests."""

from __future__ import annotations

import gzip
import http.client
import os
import socket
import time
from pathlib import Path

import pytest

from igm_site import serve
from igm_site.serve import SiteHandler, SiteServer, serve_in_thread


@pytest.fixture
def site(tmp_path: Path):
    root = tmp_path / "site"
    (root / "assets" / "pyodide" / "1.0").mkdir(parents=True)
    (root / "assets" / "igm").mkdir()
    (root / "assets" / "igm" / "a.txt").write_text("a")
    (root / "assets" / "pyodide" / "1.0" / "pyodide.mjs").write_text("export {};")
    (root / "index.html").write_text("<!doctype html><title>home</title>")
    (root / "404.html").write_text("<!doctype html><title>Not found</title><h1>404 - Not found</h1>")
    (root / "_headers").write_text(
        "/*\n  X-Test: 1\n/assets/pyodide/*\n  Cache-Control: public, max-age=31536000, immutable\n"
    )
    (tmp_path / "secret.txt").write_text("outside the site")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    (root / "linked").symlink_to(tmp_path)
    server = serve_in_thread(root)
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def get(port: int, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest(method, path, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_a_nul_in_the_path_is_a_bad_request_not_a_traceback(site, capsys):
    for path in ("/index.html%00.png", "/%00", "/assets/%00/a.txt"):
        status, _, _ = get(site, path)
        assert status == 400
    assert "Traceback" not in capsys.readouterr().err


def test_no_directory_is_listed(site):
    for path in ("/assets/igm/", "/assets/", "/assets/pyodide/1.0/"):
        status, _, body = get(site, path)
        assert status == 404 and b"a.txt" not in body and b"pyodide.mjs" not in body
        assert b"404 - Not found" in body  # the site's own page, as a static host serves it


def test_nothing_outside_the_site_is_served(site):
    for path in ("/link.txt", "/linked/secret.txt", "/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt"):
        status, _, body = get(site, path)
        assert status == 404 and b"outside the site" not in body, path


def test_immutable_applies_to_the_file_named_not_to_the_path_as_written(site):
    status, headers, _ = get(site, "/assets/pyodide/1.0/pyodide.mjs")
    assert status == 200 and "immutable" in headers["cache-control"]
    status, headers, body = get(site, "/assets/pyodide/1.0/../../../index.html")
    assert status == 200 and b"home" in body
    assert headers["cache-control"] == "no-cache"
    status, headers, _ = get(site, "/assets/pyodide/missing.js")
    assert status == 404 and "immutable" not in headers["cache-control"] and headers["x-test"] == "1"


def test_a_client_that_never_finishes_its_request_is_dropped(site, monkeypatch):
    monkeypatch.setattr(SiteHandler, "timeout", 1)
    with socket.create_connection(("127.0.0.1", site), timeout=10) as client:
        client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
        started = time.monotonic()
        assert client.recv(1024) == b""  # closed by the server
        assert time.monotonic() - started < 5


def test_the_backlog_is_not_five(site):
    assert SiteServer.request_queue_size >= 64
    clients = [socket.create_connection(("127.0.0.1", site), timeout=5) for _ in range(40)]
    try:
        status, _, _ = get(site, "/index.html")
        assert status == 200
    finally:
        for client in clients:
            client.close()


def test_a_reader_who_leaves_mid_download_is_no_traceback_but_a_fault_still_is(tmp_path, capsys):
    """A closed tab resets its connection while a big file is sent: nothing to report. Any other error in a handler
    is still printed."""
    server = SiteServer(("127.0.0.1", 0), SiteHandler)
    try:
        for gone in (ConnectionResetError(104, "Connection reset by peer"), BrokenPipeError(32, "Broken pipe")):
            try:
                raise gone
            except OSError:
                server.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == ""
        try:
            raise ValueError("a fault of the server's")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 1))
        assert "ValueError: a fault of the server's" in capsys.readouterr().err
    finally:
        server.server_close()


def test_every_file_of_a_site_stays_gzipped_once_whatever_their_number(tmp_path, monkeypatch):
    """More files than the old count of 64 (a site has 86 compressible files): the first one is still held after
    them all, so it is not gzipped again. With `functools.lru_cache(maxsize=64)` it was."""
    made, compress = [], gzip.compress
    monkeypatch.setattr(serve.gzip, "compress", lambda data, **kw: made.append(data) or compress(data, **kw))
    cache = serve._gzipped  # the server's own
    files = []
    for n in range(100):
        path = tmp_path / f"{n}.js"
        path.write_text(f"export const n = {n};")
        files.append((str(path), path.stat().st_mtime_ns, path.stat().st_size))
    bodies = [cache(*file) for file in files]
    assert cache(*files[0]) == bodies[0] and gzip.decompress(bodies[0]) == b"export const n = 0;"
    assert len(made) == 100


def test_the_gzips_held_stay_under_their_byte_limit_least_recently_sent_dropped_first(tmp_path):
    files = []
    for n in range(4):
        path = tmp_path / f"{n}.bin"
        path.write_bytes(os.urandom(1000))  # random bytes do not compress: about 1 kB of gzip each
        files.append((str(path), path.stat().st_mtime_ns, path.stat().st_size))
    cache = serve._Gzipped(limit=2500)
    for file in files[:2]:
        cache(*file)
    cache(*files[0])  # sent again: now the most recent
    cache(*files[2])
    assert [key[0] for key in cache.held] == [files[0][0], files[2][0]]
    assert sum(map(len, cache.held.values())) <= 2500
    cache(*files[3])
    assert [key[0] for key in cache.held] == [files[2][0], files[3][0]]
