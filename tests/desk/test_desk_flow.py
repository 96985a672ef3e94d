"""An author and a reviewer take a new article from draft to approved entirely in the browser, with one round of
requested changes; the built site then shows it approved by the reviewer; a one-byte edit sends it back."""

from __future__ import annotations

import pytest

from editorial import Repository

from .conftest import approve_chrome, build_site

pytestmark = pytest.mark.browser
PAGE = "docs/articles/cold-agglutinin.md"
# A real reference already verified in this repository's own article (docs/articles/free-heavy-igm.md).
REFERENCE = {
    "id": "owen2003",
    "citation": "Owen RG, Treon SP, Al-Katib A, et al. Clinicopathological definition of Waldenström's "
    "macroglobulinemia: consensus panel recommendations from the Second International Workshop on Waldenström's "
    "macroglobulinemia. Semin Oncol 2003;30(2):110-115.",
    "pmid": "12720118",
    "doi": "10.1053/sonc.2003.50082",
}


def open_desk(browser, desk):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(desk.launch)
    page.errors = errors
    return page


def message(page) -> str:
    return page.inner_text("[data-message]")


def act(page, action: str, note: str = "") -> str:
    form = page.locator(f"form.action--{action}")
    if note:
        form.locator("textarea, input[name=note]").first.fill(note)
    form.locator(f'[data-action="{action}"]').click()
    page.wait_for_load_state()
    return message(page)


def state(page) -> str:
    return page.get_attribute(".pagehead", "data-state")


def test_draft_to_approved_in_the_browser_with_one_round_of_changes(browser, desks, site_repo, tmp_path, people):
    ann_desk, rita_desk = desks("ann"), desks("rita")
    ann, rita = open_desk(browser, ann_desk), open_desk(browser, rita_desk)
    assert "Ann Author <ann@example.org>" in ann.inner_text(".me")
    assert "not a declared reviewer" in ann.inner_text(".me")
    assert "declared clinical reviewer" in rita.inner_text(".me")

    # Ann: a new article, placed in the nav, written with a reference, previewed live, saved.
    ann.click("text=New article")
    ann.fill("#new-title", "Cold agglutinin disease")
    assert ann.input_value("#new-slug") == "cold-agglutinin-disease"  # from the title, by the desk's script
    ann.fill("#new-slug", "cold-agglutinin")
    ann.select_option("#new-section", "Articles")
    ann.click("[data-desk=new]")
    assert "created as a draft" in message(ann)
    assert "cold-agglutinin.md" in (site_repo / "mkdocs.yml").read_text()
    ann.fill("#ref-id-1", REFERENCE["id"])
    ann.fill("#ref-citation-1", REFERENCE["citation"])
    ann.fill("#ref-pmid-1", REFERENCE["pmid"])
    ann.fill("#ref-doi-1", REFERENCE["doi"])
    ann.fill("#body", "\nCold agglutinin disease is a fictional test topic here [@owen2003].\n")
    ann.locator("[data-preview-state]", has_text="unsaved").wait_for()
    frame = ann.frame_locator("[data-preview]")
    frame.locator("text=fictional test topic").wait_for()
    assert "Draft" in frame.locator(".igm-review__title").inner_text()
    assert frame.locator(".igm-review__steps [aria-current=step]").count() == 0  # a draft is at no step yet
    # The citation, rendered by the site into its reference list (folded on the page: attached, not shown).
    frame.locator("#ref-owen2003").wait_for(state="attached")
    assert "Owen RG" in frame.locator("#ref-owen2003").text_content()
    ann.click("[data-desk=save]")
    assert "saved" in message(ann) and "Recorded as Ann Author <ann@example.org>" in message(ann)
    assert state(ann) == "draft"
    assert "Submitted" in act(ann, "submit") or state(ann) == "submitted"
    assert state(ann) == "submitted"

    # Rita: the page awaits her review; she starts it and asks for a change.
    rita.goto(rita_desk.base + "/")
    awaiting = rita.locator(f'#awaiting [data-page="{PAGE}"]')
    assert awaiting.get_attribute("data-state") == "submitted"
    awaiting.locator("a").click()
    assert rita.locator('[data-action="approve"]').count() == 0  # not before the review has started
    act(rita, "start-review")
    assert state(rita) == "under_review"
    out = act(rita, "request-changes", "Say that the topic is fictional in the first sentence.")
    assert "Recorded as Rita Reviewer <rita@example.org>" in out
    assert state(rita) == "changes_requested"

    # Ann: her board shows the request and its note; she edits, saves and submits again.
    ann.goto(ann_desk.base + "/")
    mine = ann.locator(f'#mine [data-page="{PAGE}"]')
    assert mine.get_attribute("data-state") == "changes_requested"
    assert "Say that the topic is fictional" in mine.inner_text()
    ann.goto(f"{ann_desk.base}/write?path={PAGE}")
    ann.fill("#body", "\nThis topic is fictional: cold agglutinin disease here is a test [@owen2003].\n")
    ann.click("[data-desk=save]")
    act(ann, "submit")
    assert state(ann) == "submitted"

    # Rita: sees what changed, starts the review again, and approves with the checklist.
    rita.goto(f"{rita_desk.base}/page?path={PAGE}&since=request")
    assert "This topic is fictional" in rita.inner_text("[data-rendered-diff] .block--add")
    assert "fictional test topic" in rita.inner_text("[data-rendered-diff] .block--del")
    assert "+This topic is fictional" in rita.text_content("[data-markdown-diff]")  # folded in <details>
    act(rita, "start-review")
    shown = rita.get_attribute("form.action--approve [data-hash]", "data-hash")
    assert shown == Repository(site_repo).review(PAGE).current_hash
    rita.check("#check-changes")
    rita.check("#check-references")
    out = act(rita, "approve", "Reads well.")
    assert "Recorded as Rita Reviewer <rita@example.org>" in out, out
    assert state(rita) == "approved"
    # Her approval stands, but readers are shown it only once the site chrome is approved: the board says so.
    rita.goto(rita_desk.base + "/")
    assert rita.get_attribute("[data-chrome]", "data-chrome") == "none"
    assert "No page is shown Approved to readers" in rita.inner_text("[data-chrome]")
    assert rita.inner_text(f'#all tr[data-page="{PAGE}"] [data-held]') == "site chrome not yet approved"
    approve_chrome(site_repo, people)  # Tess, the technical reviewer, on the command line
    rita.reload()
    assert rita.get_attribute("[data-chrome]", "data-chrome") == "approved"
    assert rita.locator("[data-held]").count() == 0
    review = Repository(site_repo, strict=True).review(PAGE)  # a statement signed with Rita's key
    assert review.status == "approved", review
    approval = next(v.line for v in review.verdicts if v.counts and v.line.kind == "approve")
    assert approval.statement.reviewer == "rita" and "references checked against sources" in approval.note
    assert "Reads well." in approval.note

    # The built site shows it approved, by Rita.
    done = build_site(site_repo, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "site/articles/cold-agglutinin/index.html").read_text()
    assert 'data-review-status="approved"' in html
    assert "Article review status:</strong> Approved" in html and "Rita Reviewer, MD" in html

    # Ann changes one byte in the desk: the page is changed since approval, and readers keep seeing the approved
    # version, told that a revision is under review (the default `stale: last-approved` policy).
    ann.goto(f"{ann_desk.base}/write?path={PAGE}")
    body = ann.input_value("#body")
    ann.fill("#body", body.replace("a test", "a tests", 1))
    ann.click("[data-desk=save]")
    assert "changed since approval" in message(ann)
    ann.goto(ann_desk.base + "/")
    assert ann.locator(f'#changed [data-page="{PAGE}"]').count() == 1
    assert Repository(site_repo).review(PAGE).status == "under_review"
    done = build_site(site_repo, tmp_path / "site2")
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "site2/articles/cold-agglutinin/index.html").read_text()
    # The stale policy (last-approved) shows readers the approved text, saying that a revision is under review.
    assert 'data-review-status="approved"' in html and "A revision of this page is under review" in html
    assert "a tests" not in html and "a test " in html
    assert ann.errors == [] and rita.errors == []
