"""axe-core (WCAG 2.0–2.2 A and AA) on every page of the desk, in the states an editor meets them."""

from __future__ import annotations

import pytest

from tests.browser.reader import axe_serious

from .conftest import editorial_step, git, under_review

pytestmark = pytest.mark.browser
# The preview frame holds the site itself, which the reader tests check page by page.
DESK_ONLY = {"exclude": [["[data-preview]"]]}


def approved_then_changed(root, people) -> str:
    """A page approved once, changed since, resubmitted and under review again: every section of the review page."""
    page = under_review(root, people)
    editorial_step(root, people["rita"], "approve", page, "--note", "Checked.")
    path = root / page
    path.write_text(path.read_text().replace("already in the nav", "already listed in the nav"))
    env = people["ann"].env()
    git(root, "commit", "-q", "-S", "-am", "edit", env=env)
    editorial_step(root, people["ann"], "submit", page)
    editorial_step(root, people["rita"], "start-review", page)
    return page


def test_axe_finds_nothing_serious_on_the_desks_pages(browser, desks, site_repo, people):
    page = approved_then_changed(site_repo, people)
    found = {}
    for handle in ("rita", "ann"):
        desk = desks(handle)
        # axe is injected as a script, which the desk's own policy rightly forbids: bypass it for axe only.
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        try:
            tab = context.new_page()
            tab.goto(desk.launch)
            if handle == "rita":
                tab.goto(f"{desk.base}/page?path={page}")
                tab.fill("#comment-line", "8")
                tab.fill("#comment-text", "Is this sentence sourced?")
                tab.click("[data-desk=comment]")
                assert tab.locator('[data-comment-line="8"]').count() == 1
                assert tab.locator("[data-rendered-diff] .block--add").count() >= 1
            for path in ("/", f"/page?path={page}", f"/write?path={page}", "/new", "/page?path=../x.md"):
                tab.goto(desk.base + path)
                tab.wait_for_load_state("networkidle")
                if violations := axe_serious(tab, DESK_ONLY):
                    found[f"{handle} {path}"] = violations
        finally:
            context.close()
    assert found == {}
