"""The site chrome on the desk's board (issue 20): every editor sees its state and the pages it holds back; the
technical reviewer approves it there, after the list of what changed; a clinical reviewer is not offered the form."""

from __future__ import annotations

import os

import pytest

from editorial import Repository

from .conftest import editorial_step, git, under_review

pytestmark = pytest.mark.browser


def board(browser, desk):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(desk.launch)
    return context, tab, errors


def test_the_technical_reviewer_approves_the_site_chrome_on_the_board(browser, desks, site_repo, people):
    page = under_review(site_repo, people)
    editorial_step(site_repo, people["rita"], "approve", page)
    assert Repository(site_repo).review(page).held == "site chrome not yet approved"

    rita_context, rita, rita_errors = board(browser, desks("rita"))
    tess_context, tess, tess_errors = board(browser, desks("tess"))
    try:
        # Rita (clinical) sees why her approval is not shown, and no form: the chrome is not hers to approve.
        assert rita.get_attribute("[data-chrome]", "data-chrome") == "none"
        assert rita.inner_text(f'#all tr[data-page="{page}"] [data-held]') == "site chrome not yet approved"
        assert rita.locator("form.action--approve-chrome").count() == 0
        rita.click(f'#all tr[data-page="{page}"] a')
        assert rita.inner_text(".pagehead [data-held]") == "readers see Under review: site chrome not yet approved"
        rita.go_back()

        # Tess (technical): the form refuses without the tick, then records her signed approval.
        assert "never approved" in tess.inner_text("[data-chrome]")
        tess.click('[data-action="approve-chrome"]')
        assert "tick that you have read what changed" in tess.inner_text("[data-message]")
        assert Repository(site_repo).chrome.status is None
        if os.environ.get("IGM_DESK_SHOTS"):  # to look at it: IGM_DESK_SHOTS=/some/folder
            tess.screenshot(path=f"{os.environ['IGM_DESK_SHOTS']}/chrome-board-tess.png", full_page=True)
        tess.check("#check-chrome")
        tess.click('[data-action="approve-chrome"]')
        assert "Recorded as Tess Technical <tess@example.org>" in tess.inner_text("[data-message]")
        assert tess.get_attribute("[data-chrome]", "data-chrome") == "approved"
        assert tess.locator("[data-held]").count() == 0
        repo = Repository(site_repo)
        assert repo.chrome.status == "approved" and repo.review(page).status == "approved"
        approval = next(v.line for v in repo.chrome.verdicts if v.counts)
        assert approval.statement.reviewer == "tess" and approval.statement.role == "technical"
        assert "site chrome changes read" in approval.note

        # A change to the chrome: held again, and the board names the part that changed.
        (site_repo / "mkdocs.yml").write_text((site_repo / "mkdocs.yml").read_text() + "copyright: A footer\n")
        git(site_repo, "commit", "-q", "-S", "-am", "A footer", env=people["ann"].env())
        rita.reload()
        assert "changed since its technical approval" in rita.inner_text("[data-chrome]")
        assert rita.inner_text("[data-chrome-changes]") == "mkdocs.yml"
        if os.environ.get("IGM_DESK_SHOTS"):
            rita.screenshot(path=f"{os.environ['IGM_DESK_SHOTS']}/chrome-board-changed.png", full_page=True)
        assert Repository(site_repo).review(page).status == "under_review"
        assert rita_errors == [] and tess_errors == []
    finally:
        rita_context.close()
        tess_context.close()
