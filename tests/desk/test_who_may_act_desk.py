"""The desk refuses a review step from someone who may not take it, as the command line does (issue 13, B7): it goes
through the same service function, so the message names who the step would be recorded as, why, and the fix."""

from __future__ import annotations

import pytest

from .conftest import OLDER, editorial_step, git

pytestmark = pytest.mark.browser
PAGE = "docs/articles/co-written.md"


def test_the_desk_refuses_a_review_started_by_a_reviewer_who_is_an_author(browser, desks, site_repo, people):
    # Rita, the only declared reviewer, co-wrote the page: the front matter names her among its authors.
    text = OLDER.replace("An older article", "A co-written article").replace(
        "  - Ann Author\n", "  - Ann Author\n  - Rita Reviewer\n"
    )
    (site_repo / PAGE).write_text(text)
    editorial_step(site_repo, people["ann"], "submit", PAGE)
    head = git(site_repo, "rev-parse", "HEAD").strip()
    ledger = site_repo / "ledger/articles/co-written.jsonl"
    desk = desks("rita")
    context = browser.new_context()
    try:
        tab = context.new_page()
        tab.goto(desk.launch)
        tab.goto(f"{desk.base}/page?path={PAGE}")
        # The desk does not offer her the step, and says why (the record's own rule, with the fix)...
        assert tab.locator('[data-action="start-review"]').count() == 0
        closed = tab.inner_text("[data-closed]")
        # ...and a forged post of it is refused by the service, as the command line refuses it.
        csrf = tab.get_attribute("input[name=csrf]", "value")
        tab.evaluate(
            """([csrf, page]) => { const f = document.createElement("form"); f.method = "post";
                 f.action = location.pathname.replace(/page$/, "action");
                 for (const [k, v] of Object.entries({csrf, page, action: "start-review"})) {
                   const i = document.createElement("input"); i.name = k; i.value = v; f.append(i); }
                 document.body.append(f); f.submit(); }""",
            [csrf, PAGE],
        )
        tab.wait_for_load_state("domcontentloaded")
        text = tab.inner_text("[data-message]")
    finally:
        context.close()
    assert "Start review is not open to you: you are recorded as Rita Reviewer" in closed
    assert "is an author of this page (its front matter names Rita Reviewer under 'authors')" in closed
    assert "start-review refused: you are recorded as Rita Reviewer <rita@example.org>" in text
    assert "is an author of this page (its front matter names Rita Reviewer under 'authors')" in text
    assert "editorial reviewer add" in text  # the fix: she is the only reviewer, so another must be declared
    assert len(ledger.read_text().splitlines()) == 1  # nothing recorded
    assert git(site_repo, "rev-parse", "HEAD").strip() == head  # and nothing committed
