"""What keeps other hosts and other pages away from the desk: Host, token and cookie, Origin and CSRF, paths
confined to docs/, signatures required up front, and an approval bound to the bytes the reviewer was shown."""

from __future__ import annotations

import http.client
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode, urlsplit

import pytest

from .conftest import under_review

pytestmark = pytest.mark.browser


def request(port: int, method: str, path: str, headers: dict[str, str] | None = None, body: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for name, value in {"Host": f"127.0.0.1:{port}", **(headers or {})}.items():
        connection.putheader(name, value)
    data = body.encode() if body is not None else b""
    if body is not None:
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        connection.putheader("Content-Length", str(len(data)))
    connection.endheaders(data)
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, dict(response.getheaders()), text


def session(desk) -> tuple[str, str]:
    """Log in with the launch token as a browser would: (cookie header, the CSRF token of the desk's forms)."""
    status, headers, _ = request(desk.port, "GET", urlsplit(desk.launch).path + "?" + urlsplit(desk.launch).query)
    assert status == 303
    cookie = headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    cookie = cookie.split(";")[0]
    status, _, page = request(desk.port, "GET", desk.path + "/new", {"Cookie": cookie})
    assert status == 200
    return cookie, re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def ledger_lines(root, page="docs/articles/second.md") -> int:
    path = root / "ledger" / page.removeprefix("docs/").replace(".md", ".jsonl")
    return len(path.read_text().splitlines()) if path.exists() else 0


def test_wrong_host_is_refused_on_the_desk_and_its_preview(desks):
    desk = desks("ann")
    cookie, _ = session(desk)
    for host in ("evil.example", f"evil.example:{desk.port}", f"127.0.0.1.nip.io:{desk.port}", "127.0.0.1"):
        status, _, text = request(desk.port, "GET", desk.path + "/", {"Host": host, "Cookie": cookie})
        assert status == 421, host
        assert "Wrong Host" in text
    assert request(desk.port, "GET", desk.path + "/", {"Cookie": cookie})[0] == 200
    assert request(desk.port, "GET", desk.path + "/", {"Host": f"localhost:{desk.port}", "Cookie": cookie})[0] == 200


def test_no_cookie_or_a_wrong_token_gets_nothing(desks):
    desk = desks("ann")
    for path in ("/", desk.path + "/"):
        status, _, text = request(desk.port, "GET", path)
        assert status == 403 and "printed" in text
    assert request(desk.port, "GET", desk.path + "/?token=guess")[0] == 403
    assert request(desk.port, "GET", desk.path + "/", {"Cookie": "igm_desk=guess"})[0] == 403


def test_a_post_needs_the_desks_origin_and_its_csrf_token(desks, site_repo, people):
    page = under_review(site_repo, people)
    desk = desks("rita")
    cookie, csrf = session(desk)
    form = {"page": page, "action": "request-changes", "note": "forged"}
    own = f"http://127.0.0.1:{desk.port}"
    attempts = [
        ({"Cookie": cookie, "Origin": "http://evil.example"}, {**form, "csrf": csrf}),
        ({"Cookie": cookie, "Origin": "http://127.0.0.1:1"}, {**form, "csrf": csrf}),  # another local port
        ({"Cookie": cookie}, {**form, "csrf": csrf}),  # no Origin at all
        ({"Cookie": cookie, "Origin": own}, form),  # no CSRF token
        ({"Cookie": cookie, "Origin": own}, {**form, "csrf": "guess"}),
        ({"Origin": own}, {**form, "csrf": csrf}),  # no session
    ]
    for headers, body in attempts:
        status, _, _ = request(desk.port, "POST", desk.path + "/action", headers, urlencode(body))
        assert status == 403, (headers, body)
    assert ledger_lines(site_repo) == 2
    # The same request with the desk's own origin and token is recorded: the refusals above were for cause.
    status, headers, _ = request(
        desk.port, "POST", desk.path + "/action", {"Cookie": cookie, "Origin": own}, urlencode({**form, "csrf": csrf})
    )
    assert status == 303 and ledger_lines(site_repo) == 3


class Attacker(BaseHTTPRequestHandler):
    """A page on another origin that tries, on load, to act on the desk: a form it submits and a fetch."""

    page = ""

    def do_GET(self):
        body = self.page.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_page_on_another_origin_cannot_trigger_any_action(browser, desks, site_repo, people):
    page = under_review(site_repo, people)
    desk = desks("rita")
    target = desk.base
    fields = "".join(
        f'<input name="{k}" value="{v}">' for k, v in {"page": page, "action": "request-changes", "note": "x"}.items()
    )
    Attacker.page = f"""<!doctype html><html><body>
      <form id="f" method="post" action="{target}/action" target="sink">{fields}</form>
      <iframe name="sink"></iframe>
      <script>
        fetch("{target}/action", {{method: "POST", mode: "no-cors", credentials: "include",
          body: new URLSearchParams({{page: "{page}", action: "request-changes", note: "y"}})}});
        document.getElementById("f").submit();
      </script></body></html>"""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Attacker)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        victim = context.new_page()
        victim.goto(desk.launch)  # the reviewer has the desk open: the session cookie is set
        assert victim.locator(".me").count() == 1
        refused = []
        victim.on("response", lambda r: refused.append(r.status) if r.url.endswith("/action") else None)
        victim.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        victim.wait_for_load_state("networkidle")
        victim.wait_for_timeout(500)
        assert refused and all(status == 403 for status in refused), refused
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert ledger_lines(site_repo) == 2  # submitted, review started: nothing more


def test_paths_outside_docs_are_refused(desks, site_repo):
    desk = desks("ann")
    cookie, csrf = session(desk)
    for path in ("../editorial.yml", "/etc/passwd", "docs/../editorial.yml", "ledger/x.md", "docs/.git/x.md"):
        status, _, _ = request(desk.port, "GET", desk.path + "/page?" + urlencode({"path": path}), {"Cookie": cookie})
        assert status == 400, path
    origin = {"Cookie": cookie, "Origin": f"http://127.0.0.1:{desk.port}"}
    body = urlencode({"csrf": csrf, "page": "../README.md", "title": "x", "body": "pwned"})
    status, headers, _ = request(desk.port, "POST", desk.path + "/save", origin, body)
    assert status == 303 and "msg=" in headers["location"]
    assert "Location" in headers or "location" in headers
    assert not (site_repo.parent / "README.md").exists() and not (site_repo / "README.md").exists()


def test_signatures_required_and_no_key_refuses_before_writing(browser, desks, site_repo, people):
    """Mallory, with no signing key and no place in the reviewer set, cannot record a review act: refused before
    anything is written (a statement would need a reviewer's own signature)."""
    page = under_review(site_repo, people)
    desk = desks("mallory")  # no signing key configured
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(desk.launch)
        tab.goto(f"{desk.base}/page?path={page}")
        # Nothing she may not do is offered, and the page says why.
        assert tab.locator("form.action button[data-action]").count() == 0
        assert "only a declared reviewer may request-changes" in tab.inner_text("[data-closed]")
        # A post made anyway is refused by the record's own rule before anything is written.
        csrf = tab.get_attribute("input[name=csrf]", "value")
        response = tab.request.post(
            f"{desk.base}/action",
            form={"csrf": csrf, "page": page, "action": "request-changes", "note": "Mallory's note"},
            headers={"Origin": f"http://127.0.0.1:{desk.port}"},
        )
        assert response.ok
        text = response.text()
        assert "refused" in text and "only a declared reviewer may request-changes" in text
    finally:
        context.close()
    assert ledger_lines(site_repo) == 2


def test_an_approval_carries_the_hash_shown_and_is_refused_when_the_page_changed(browser, desks, site_repo, people):
    page = under_review(site_repo, people)
    desk = desks("rita")
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(desk.launch)
        tab.goto(f"{desk.base}/page?path={page}")
        tab.check("#check-changes")
        tab.check("#check-references")
        # Meanwhile the page changes on disk (the author, say): the approval must not cover bytes Rita never saw.
        path = site_repo / page
        path.write_text(path.read_text() + "\nOne more sentence.\n")
        tab.click('[data-action="approve"]')
        text = tab.inner_text("[data-message]")
        assert "changed since you looked" in text
    finally:
        context.close()
    assert ledger_lines(site_repo) == 2
