"""The review page of a calculator page, a withdrawal, two desks recording at once, and the preview's policy."""

from __future__ import annotations

import shutil
import threading
from urllib.parse import urlencode

import pytest

from editorial import Repository
from editorial.desk.serve import bind
from tests.support.build import ROOT

from .conftest import editorial_step, git, under_review
from .test_desk_security import request, session

pytestmark = pytest.mark.browser
CALC_PAGE = "docs/articles/staging.md"


def calculator_page_approved(root, people) -> str:
    """An article embedding the real IPSSWM calculator (so bound to its declaration, what it imports and the engine),
    approved."""
    shutil.copytree(ROOT / "calculators", root / "calculators", ignore=shutil.ignore_patterns("__pycache__"))
    (root / CALC_PAGE).write_text(
        "---\ntitle: Staging\nauthors:\n  - Ann Author\naudience: [clinician]\n---\n\n"
        "A fictional page embedding a calculator.\n\n/// calculator | ipsswm\n///\n"
    )
    env = people["ann"].env()
    git(root, "add", "-A", env=env)
    git(root, "commit", "-q", "-S", "-m", "Calculators and a page embedding one", env=env)
    editorial_step(root, people["ann"], "submit", CALC_PAGE)
    editorial_step(root, people["rita"], "start-review", CALC_PAGE)
    editorial_step(root, people["rita"], "approve", CALC_PAGE)
    return CALC_PAGE


def test_a_calculator_page_lists_the_calculator_files_changed_since_approval(desks, site_repo, people):
    page = calculator_page_approved(site_repo, people)
    engine = site_repo / "calculators" / "model.py"  # imported by the IPSSWM declaration
    engine.write_text(engine.read_text() + "\n# a comment changes the bytes an approval is bound to\n")
    changed = engine.relative_to(site_repo).as_posix()
    git(site_repo, "commit", "-q", "-S", "-am", "Touch the calculators", env=people["ann"].env())
    editorial_step(site_repo, people["ann"], "submit", page)
    editorial_step(site_repo, people["rita"], "start-review", page)
    desk = desks("rita")
    cookie, _ = session(desk)
    status, _, html = request(desk.port, "GET", desk.path + "/page?" + urlencode({"path": page}), {"Cookie": cookie})
    assert status == 200
    listed = html.split("data-calculator-files", 1)[1].split("</ul>", 1)[0]
    assert changed in listed and listed.count("<li>") == 1
    # Approving it asks for the calculator to have been tried, as well as the references.
    assert 'name="check_calculators"' in html and "ipsswm" in html


def test_a_reviewer_withdraws_an_approval_in_the_browser(browser, desks, site_repo, people):
    page = under_review(site_repo, people)
    editorial_step(site_repo, people["rita"], "approve", page)
    desk = desks("rita")
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(desk.launch)
        tab.goto(f"{desk.base}/page?path={page}")
        assert tab.get_attribute(".pagehead", "data-state") == "approved"
        tab.fill("#note-withdraw", "The dose in the second paragraph is wrong.")
        tab.click('[data-action="withdraw"]')
        assert "Recorded as Rita Reviewer <rita@example.org>" in tab.inner_text("[data-message]")
        assert tab.get_attribute(".pagehead", "data-state") == "changes_requested"
    finally:
        context.close()
    review = Repository(site_repo).review(page)
    assert review.status != "approved" and review.ledger_status == "changes_requested"
    assert any(v.valid and v.line.kind == "withdraw" for v in review.verdicts)


def test_two_desks_recording_at_once_both_land_in_order(site_repo, people, monkeypatch):
    """The desk's lock: concurrent actions on one clone each append and commit whole, never interleaved."""
    from editorial.desk.actions import perform

    pages = [f"docs/articles/p{n}.md" for n in range(4)]
    for page in pages:
        (site_repo / page).write_text("---\ntitle: P\nauthors:\n  - Ann Author\n---\n\nText.\n")
    env = people["ann"].env()
    git(site_repo, "add", "-A", env=env)
    git(site_repo, "commit", "-q", "-S", "-m", "Pages", env=env)
    for key, value in env.items():
        if key.startswith(("GIT_", "HOME")):
            monkeypatch.setenv(key, value)
    errors: list[BaseException] = []

    def submit(page: str) -> None:
        try:
            perform(site_repo, "submit", page)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(page,)) for page in pages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert git(site_repo, "status", "--porcelain", env=env) == ""
    repo = Repository(site_repo, strict=True)
    assert [repo.review(page).ledger_status for page in pages] == ["submitted"] * 4
    assert len(git(site_repo, "log", "--format=%H", "-4", "--", "ledger", env=env).split()) == 4


def test_the_desk_binds_to_127_0_0_1_only():
    sock = bind(0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()


def test_the_preview_is_another_origin_under_the_sites_policy(desks, site_repo):
    desk = desks("ann")
    cookie, _ = session(desk)
    status, _, html = request(desk.port, "GET", desk.path + "/page?path=docs/articles/older.md", {"Cookie": cookie})
    assert status == 200
    frame = html.split("<iframe", 1)[1].split(">", 1)[0]
    assert 'sandbox="allow-scripts allow-same-origin allow-forms"' in frame
    src = frame.split('src="', 1)[1].split('"', 1)[0]
    port = int(src.split(":")[2].split("/")[0])
    assert port != desk.port
    path = "/" + src.split("/", 3)[3]
    status, headers, body = request(port, "GET", path)
    assert status == 200 and "An older article" in body
    policy = headers["content-security-policy"]
    assert "script-src 'self' 'wasm-unsafe-eval'" in policy and "'unsafe-inline'" not in policy
    assert f"frame-ancestors http://127.0.0.1:{desk.port} http://localhost:{desk.port}" in policy
    assert request(port, "GET", path, {"Host": "evil.example"})[0] == 421
    assert request(port, "POST", path, {}, "")[0] == 405
    assert request(port, "GET", "/" + path.split("/", 2)[2])[0] == 404  # without the run's secret prefix


def test_the_board_lists_a_page_under_no_review_so_it_can_be_submitted(desks, site_repo, people):
    (site_repo / "docs/articles/loose.md").write_text("---\ntitle: Loose page\n---\n\nAdded with plain git.\n")
    env = people["ann"].env()
    git(site_repo, "add", "-A", env=env)
    git(site_repo, "commit", "-q", "-S", "-m", "A page added without the desk", env=env)
    desk = desks("ann")
    cookie, _ = session(desk)
    status, _, html = request(desk.port, "GET", desk.path + "/", {"Cookie": cookie})
    assert status == 200
    assert '<tr data-page="docs/articles/loose.md" data-state="none">' in html
    status, _, html = request(desk.port, "GET", desk.path + "/page?path=docs/articles/loose.md", {"Cookie": cookie})
    assert status == 200 and 'data-action="submit"' in html


def test_a_calculator_runs_in_the_review_preview(browser, desks, site_repo, people):
    """The preview is the site's own page on its own origin, under the site's policy: Pyodide starts in its worker."""
    from tests.browser.reader import calculate, result, valid_entries, wait_ready

    page = calculator_page_approved(site_repo, people)
    desk = desks("rita")
    context = browser.new_context()
    try:
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(desk.launch)
        tab.goto(f"{desk.base}/page?path={page}")
        frame = next(f for f in tab.frames if f != tab.main_frame)
        assert frame.url.startswith("http://127.0.0.1:") and f":{desk.port}/" not in frame.url
        frame.wait_for_selector('form[data-calculator="ipsswm"]', state="attached")  # the preview may still be loading
        wait_ready(frame, "ipsswm")
        calculate(frame, "ipsswm", valid_entries("ipsswm"))
        assert frame.get_attribute(result("ipsswm"), "data-category")
        assert errors == []
    finally:
        context.close()
