"""The post-deploy header check (`python -m igm_site.header_check URL`), run here against the local server, which
applies `_headers`, and against a server that ignores it, as GitHub Pages does (reliability review 2026-12, F7)."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from igm_site.header_check import check_headers, main, sample_paths


@pytest.fixture
def headerless_url(built_site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_sample_covers_each_kind_of_file(built_site):
    paths = sample_paths(built_site)
    assert "/" in paths and "/sw.js" in paths
    assert any(p.endswith("pyodide.asm.wasm") for p in paths)
    assert any(p.startswith("/assets/igm/calc-worker.") for p in paths)
    assert any(p.startswith("/calculators/") and p.endswith("/") for p in paths)


def test_the_local_server_sends_what_headers_asks_for(built_site, site_url, capsys):
    assert check_headers(site_url, built_site) == []
    assert main([site_url, "--site", str(built_site)]) == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_a_host_that_ignores_headers_fails_the_check(built_site, headerless_url, capsys):
    problems = check_headers(headerless_url, built_site)
    assert any(p.startswith("/: Content-Security-Policy is None") and "frame-ancestors 'none'" in p for p in problems)
    assert any("X-Content-Type-Options" in p for p in problems)
    assert any("pyodide.asm.wasm: Cache-Control" in p for p in problems)
    assert main([headerless_url, "--site", str(built_site)]) == 1
