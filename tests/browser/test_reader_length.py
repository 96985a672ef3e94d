"""The main article reads short (at most 15,000 px at 1280 wide and 24,000 px at 390), its "In brief" is on a
phone's first screen, patient mode makes it shorter, and a calculator's result prints on one A4 page, result
first (issue 21). The same figures print with `python -m bench.reader`."""

from __future__ import annotations

import pytest

import calculators
from bench.reader import LIMITS, SCREENS, article_geometry, pdf_pages, printed_result
from tests.browser.reader import fill, valid_entries

pytestmark = pytest.mark.browser

PHONE_HEIGHT = 844


@pytest.mark.parametrize("screen", SCREENS)
def test_the_main_article_is_short_enough(browser, site_url, screen):
    clinician = article_geometry(browser, site_url, screen, "clinician")
    assert clinician["height"] <= LIMITS[screen], clinician


def test_in_brief_is_on_the_first_screen_of_a_phone(browser, site_url):
    phone = article_geometry(browser, site_url, "phone", "clinician")
    # The box starts on the first screen, high enough for its title and first answer to be read there.
    assert phone["brief_top"] is not None and phone["brief_top"] <= PHONE_HEIGHT - 300, phone


@pytest.mark.parametrize("screen", SCREENS)
def test_patient_mode_makes_the_article_shorter_and_starts_with_the_patient_text(browser, site_url, screen):
    clinician = article_geometry(browser, site_url, screen, "clinician")
    patient = article_geometry(browser, site_url, screen, "patient")
    assert patient["height"] < clinician["height"], (patient, clinician)
    assert patient["folded"] > 0
    assert patient["patient_lead_top"] is not None and patient["patient_lead_top"] < 900 - 200, patient


def test_patient_text_is_set_at_body_size_and_clinician_sections_unfold(recorded):
    page = recorded(viewport={"width": 390, "height": 844}).open("/articles/free-heavy-igm/")
    page.check("input[name=igm-audience][value=patient]")
    sizes = page.evaluate(
        """() => ({
          body: getComputedStyle(document.querySelector("article.md-typeset")).fontSize,
          patient: getComputedStyle(document.querySelector(".igm-audience[data-audience=patient] p")).fontSize,
        })"""
    )
    assert sizes["patient"] == sizes["body"], sizes
    first = page.locator("details[data-igm-fold]").first
    assert first.locator("summary").inner_text().startswith("For clinicians: ")
    first.locator("summary").click()
    assert first.evaluate("d => d.open")
    # Back to clinician: nothing stays folded and the patient block is back in its place, closed.
    page.check("input[name=igm-audience][value=clinician]")
    assert page.locator("details[data-igm-fold]").count() == 0
    assert page.locator("[data-igm-lead]").count() == 0
    assert page.evaluate(
        "() => [...document.querySelectorAll('.igm-audience[data-audience=patient]')].every((d) => !d.open)"
    )


@pytest.mark.parametrize("calc_id", calculators.calculator_ids())
def test_a_result_prints_on_one_a4_page_result_first(browser, site_url, calc_id):
    pages, _ = printed_result(browser, site_url, calc_id, valid_entries(calc_id), fill)
    assert pages == 1, f"{calc_id}: {pages} pages"


def test_the_print_shows_the_result_first_and_not_the_form(recorded):
    page = recorded(viewport={"width": 1280, "height": 900}).open("/calculators/ipsswm/")
    page.wait_for_selector('form[data-calculator="ipsswm"][data-state="ready"]', timeout=60000)
    fill(page, "ipsswm", valid_entries("ipsswm"))
    page.wait_for_selector('[data-calculator-result="ipsswm"]:not([hidden]) .igm-result__headline')
    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => {
          const visible = (s) => { const n = document.querySelector(s); return !!n && n.checkVisibility(); };
          const top = (s) => document.querySelector(s).getBoundingClientRect().top;
          return { form: visible("form[data-calculator]"), criteria: visible("[data-criteria-table]"),
                   headline: visible(".igm-result__headline"), provenance: visible(".igm-result__provenance"),
                   order: top(".igm-result__headline") < top(".igm-disclaimer"),
                   caution: visible(".igm-review-line__caution") };
        }"""
    )
    assert shown == {
        "form": False,
        "criteria": False,
        "headline": True,
        "provenance": True,
        "order": True,
        "caution": True,
    }


def test_the_pdf_page_count_is_read_from_the_pdf():
    one = b"%PDF-1.4 1 0 obj << /Type /Pages /Count 1 /Kids [2 0 R] >> 2 0 obj << /Type /Page >>"
    assert pdf_pages(one) == 1
    assert pdf_pages(one + b" 3 0 obj << /Type /Page /Parent 1 0 R >>") == 2
