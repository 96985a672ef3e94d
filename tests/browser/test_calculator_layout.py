"""A calculator page opens with its form: title, one line of review status, then the first input, above the
fold on a desktop and on a phone; the full review box and what the calculator rests on follow it."""

from __future__ import annotations

import pytest

import calculators
from tests.browser.reader import form, wait_ready

pytestmark = pytest.mark.browser

SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("screen", SCREENS)
def test_first_input_is_above_the_fold_on_every_calculator_page(recorded, screen):
    session = recorded(viewport=SCREENS[screen])
    below = {}
    for calc_id in calculators.calculator_ids():
        page = session.open(f"/calculators/{calc_id}/")
        first = page.locator(f"{form(calc_id)} .igm-field").first.locator("input, select").first
        box = first.bounding_box()
        # Whole control on the first screen, at the page's opening scroll position.
        if box is None or box["y"] + box["height"] > SCREENS[screen]["height"]:
            below[calc_id] = box
    assert below == {}


def test_review_line_leads_to_the_full_status_which_follows_the_calculator(recorded):
    page = recorded(viewport=SCREENS["desktop"]).open("/calculators/ipsswm/")
    line = page.locator(".igm-review-line")
    assert "Under Review" in line.inner_text() and "Caution" in line.inner_text()
    order = page.evaluate(
        """() => ["h1", ".igm-review-line", "form[data-calculator]", ".igm-calc__population", "#review-status",
                  ".igm-disclaimer"].map((s) => document.querySelector(s).getBoundingClientRect().top)"""
    )
    assert order == sorted(order), order
    page.click(".igm-review-line a[href='#review-status']")
    assert page.locator("#review-status").is_visible()
    assert "pending human review" in page.inner_text("#review-status")


def test_review_steps_sit_in_one_row_on_every_reviewed_page(recorded):
    session = recorded(viewport=SCREENS["desktop"])
    for path in ("/articles/free-heavy-igm/", "/calculators/ipsswm/", "/calculators/"):
        page = session.open(path)
        tops = page.eval_on_selector_all(".igm-review__steps li", "items => items.map((i) => i.offsetTop)")
        assert len(tops) == 3 and len(set(tops)) == 1, (path, tops)


@pytest.mark.parametrize("screen", SCREENS)
def test_result_panel_stays_in_view_while_the_form_is_edited(recorded, screen):
    """Beside the form on a desktop, pinned to the bottom on a phone: the headline is on screen while the
    reader is at the last field of the form."""
    page = recorded(viewport=SCREENS[screen]).open("/calculators/ipsswm/")
    wait_ready(page, "ipsswm")
    for name, value in (("age_years", "72"), ("hemoglobin", "10.2"), ("platelets", "150"), ("beta2m", "3.5")):
        page.fill(f"{form('ipsswm')} [name={name}]", value)
    page.fill(f"{form('ipsswm')} [name=m_protein]", "2.1")
    page.wait_for_selector('[data-calculator-result="ipsswm"][data-category]')
    headline = page.locator('[data-calculator-result="ipsswm"] .igm-result__headline').bounding_box()
    field = page.locator(f"{form('ipsswm')} [name=m_protein]").bounding_box()
    height = SCREENS[screen]["height"]
    assert headline["y"] >= 0 and headline["y"] + headline["height"] <= height
    assert field["y"] >= 0 and field["y"] + field["height"] <= height
    # Never on top of the field being edited.
    overlap = headline["y"] < field["y"] + field["height"] and field["y"] < headline["y"] + headline["height"]
    side_by_side = headline["x"] >= field["x"] + field["width"]
    assert not overlap or side_by_side
