"""A page framed by another site, on a host that ignores `_headers` (GitHub Pages), hides itself
(`assets/igm/frame-guard.js`); where the headers apply, `frame-ancestors 'none'` stops the frame (F7)."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

pytestmark = pytest.mark.browser


def _serve(directory) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def servers(built_site, tmp_path):
    """The site without our headers, and another origin with a page that frames it."""
    site = _serve(built_site)
    other = _serve(tmp_path)
    yield tmp_path, f"http://127.0.0.1:{site.server_address[1]}", f"http://127.0.0.1:{other.server_address[1]}"
    for server in (site, other):
        server.shutdown()
        server.server_close()


def _framing_page(directory, target: str) -> None:
    (directory / "frame.html").write_text(f'<!doctype html><title>framer</title><iframe src="{target}"></iframe>\n')


def test_a_framed_page_hides_itself_where_headers_are_ignored(browser, servers):
    directory, site, other = servers
    _framing_page(directory, f"{site}/calculators/ipsswm/")
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        page.goto(f"{other}/frame.html")
        frame = page.frame_locator("iframe")
        frame.locator("h1").first.wait_for(state="attached")
        inner = next(f for f in page.frames if f.url.startswith(site))
        busted = page.url.startswith(site)
        assert busted or inner.evaluate("document.documentElement.hidden") is True
        if not busted:
            assert not inner.locator("h1").first.is_visible()
        # Not framed, the same page shows.
        page.goto(f"{site}/calculators/ipsswm/")
        assert page.evaluate("document.documentElement.hidden") is False
        assert page.locator("h1").first.is_visible()
    finally:
        context.close()


def test_where_headers_apply_the_frame_is_refused(browser, site_url, servers):
    directory, _, other = servers
    _framing_page(directory, f"{site_url}/calculators/ipsswm/")
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        messages: list[str] = []
        page.on("console", lambda message: messages.append(message.text))
        page.goto(f"{other}/frame.html")
        page.wait_for_timeout(500)
        assert not any(f.url.startswith(site_url) and f.evaluate("document.title") for f in page.frames[1:])
        assert any("frame-ancestors" in m for m in messages), messages
    finally:
        context.close()
