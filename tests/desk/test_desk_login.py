"""The desk's login: a launch address good once, a login another local port never receives (D10), and a login that
outlives the browser and a restart of the desk."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import urlsplit

import pytest

from .test_desk_security import request

pytestmark = pytest.mark.browser


def launch_path(desk) -> str:
    parts = urlsplit(desk.launch)
    return f"{parts.path}?{parts.query}"


def test_a_launch_address_works_once_and_says_so_the_second_time(desks):
    desk = desks("ann")
    status, headers, _ = request(desk.port, "GET", launch_path(desk))
    assert status == 303 and headers["location"] == desk.path + "/"
    cookie = headers["set-cookie"]
    assert f"Path={desk.path}/" in cookie and "Max-Age=" in cookie and "HttpOnly" in cookie
    status, headers, text = request(desk.port, "GET", launch_path(desk))
    assert status == 410 and "already used once" in text and "set-cookie" not in {k.lower() for k in headers}
    # The browser that used it just opens the desk when it follows the address again.
    status, headers, _ = request(desk.port, "GET", launch_path(desk), {"Cookie": cookie.split(";")[0]})
    assert status == 303 and "set-cookie" not in {k.lower() for k in headers}


class Listener(BaseHTTPRequestHandler):
    """Another local server (a dev server, another user's listener) that records what the browser sends it."""

    seen: ClassVar[list[str]] = []

    def do_GET(self):
        Listener.seen.append(self.headers.get("Cookie") or "")
        body = b"<!doctype html><title>other</title><p>another local server"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_another_local_port_never_receives_the_login(browser, desks):
    desk = desks("rita")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(desk.launch)
        assert tab.locator(".me").count() == 1
        Listener.seen = []
        port = server.server_address[1]
        for path in ("/", "/d/", desk.path.replace(desk.path.rsplit("/", 1)[1], "guess") + "/"):
            tab.goto(f"http://127.0.0.1:{port}{path}")
        assert Listener.seen and not any("igm_desk" in cookie for cookie in Listener.seen), Listener.seen
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_the_login_survives_a_restart_of_the_desk(desks):
    first = desks("ann")
    _, headers, _ = request(first.port, "GET", launch_path(first))
    cookie = headers["set-cookie"].split(";")[0]
    first.stop()
    second = desks("ann")
    assert second.path == first.path
    assert request(second.port, "GET", second.path + "/", {"Cookie": cookie})[0] == 200
