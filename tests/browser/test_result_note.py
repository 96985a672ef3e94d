"""What a result says and how it reaches a note (issue 21): true criterion lines, outcomes under their own
heading, a muted "no next step", a copied note with when, where, which version and the approval state, the
next calculator one tap away with the shared answers carried over, quiet live regions, and the keyboard."""

from __future__ import annotations

import re

import pytest

import calculators
from calculators.text import NO_NEXT_STEP, NOT_APPROVED, OUTCOMES_HEADING
from tests.browser.reader import calculate, fill, form, result, wait_ready

pytestmark = pytest.mark.browser

IPSSWM = {"age_years": "70", "hemoglobin": "13", "platelets": "150", "beta2m": "3.5", "m_protein": "2"}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def ipsswm(recorded):
    session = recorded(permissions=["clipboard-read", "clipboard-write"])
    page = session.open("/calculators/ipsswm/")
    wait_ready(page, "ipsswm")
    calculate(page, "ipsswm", IPSSWM)
    return page


def test_the_result_says_only_true_things_under_the_right_headings(ipsswm):
    region = ipsswm.locator(result("ipsswm"))
    text = region.inner_text()
    # An unmet criterion is said as what it is, never as the rule with the value put in ("150 ≤ 100").
    assert "Platelets ≤ 100 ×10⁹/L: not met (entered: 150 ×10⁹/L)" in text
    assert not re.search(r"\b150 ≤ 100\b|\b2 > 7\b", text)
    assert "Value compared" not in text
    # The comparison in the rule's own unit is shown where it is true: for a criterion met.
    assert "70 > 65 years" in text
    headings = region.locator("h4").all_inner_texts()
    assert OUTCOMES_HEADING in headings and "Next steps" not in headings
    outcomes = region.locator(f"h4:text-is('{OUTCOMES_HEADING}') + ul.igm-result__outcome li").all_inner_texts()
    assert any("5-year overall survival" in line for line in outcomes)
    none = region.locator(".igm-result__none")
    assert none.inner_text() == NO_NEXT_STEP
    assert none.evaluate("n => !n.closest('ul')")
    colour = none.evaluate("n => getComputedStyle(n).fontSize")
    body = region.locator(".igm-result__headline").evaluate("n => getComputedStyle(n).fontSize")
    assert float(colour.removesuffix("px")) < float(body.removesuffix("px"))


def test_the_copied_note_says_when_where_which_version_and_that_it_is_not_approved(ipsswm):
    page = ipsswm
    region = result("ipsswm")
    page.click(f"{region} [data-copy-result]")
    page.wait_for_selector(f"{region} .igm-result__copied:has-text('Copied')")
    note = page.evaluate("navigator.clipboard.readText()")
    lines = note.splitlines()
    version = calculators.describe("ipsswm")["version"]
    assert re.fullmatch(
        rf"Computed \d{{4}}-\d\d-\d\d \d\d:\d\d \(UTC[+-]\d\d:\d\d\) with IgM Guide, "
        rf"http://127\.0\.0\.1:\d+/calculators/ipsswm/, calculator version {re.escape(version)}\.",
        lines[1],
    ), lines[1]
    assert lines[2] == NOT_APPROVED
    assert not re.search(r"\[[a-z][\w]*\d{4}\w*\]", note), "an internal reference key is in the note"
    assert "[1] Morel P" in note
    said = [line for line in lines if len(line) > 40]
    assert len(said) == len(set(said)), "a statement is repeated"
    assert NO_NEXT_STEP not in note
    page.click(f"{region} [data-copy-summary]")
    one_line = page.evaluate("navigator.clipboard.readText()")
    assert "\n" not in one_line and "Computed " in one_line and NOT_APPROVED in one_line


def test_the_bustoros_disclaimer_is_copied_once(recorded):
    session = recorded(permissions=["clipboard-read", "clipboard-write"])
    page = session.open("/calculators/awm_factors/")
    wait_ready(page, "awm_factors")
    entries = {
        "serum_igm": {"value": "4600", "unit": "mg/dL"},
        "bm_infiltration_pct": "50",
        "beta2m": "3",
        "albumin": {"value": "3.6", "unit": "g/dL"},
    }
    calculate(page, "awm_factors", entries)
    page.click(f"{result('awm_factors')} [data-copy-result]")
    page.wait_for_selector(f"{result('awm_factors')} .igm-result__copied:has-text('Copied')")
    note = page.evaluate("navigator.clipboard.readText()")
    assert note.count("www.awmrisk.com for the risk group") == 1
    shown = page.inner_text(result("awm_factors"))
    assert shown.count("www.awmrisk.com for the risk group") == 1


def test_the_next_calculator_opens_with_the_shared_answers_filled_in(ipsswm):
    page = ipsswm
    link = page.locator('[data-calculator-panel="ipsswm"] a[data-related="ripsswm"]')
    assert link.is_visible()
    href = link.get_attribute("href")
    assert href.startswith("../../calculators/ripsswm/#carry?") and "age_years=70" in href and "beta2m=3.5" in href
    assert "hemoglobin" not in href  # rIPSSWM does not ask for it
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    link.click()
    page.wait_for_url(re.compile(r"/calculators/ripsswm/$"))  # the answers left the address bar
    ripsswm = form("ripsswm")
    assert page.input_value(f"{ripsswm} [name=age_years]") == "70"
    assert page.input_value(f"{ripsswm} [name=beta2m]") == "3.5"
    assert page.input_value(f"{ripsswm} [name=ldh]") == ""
    assert "2 answers were filled in" in page.inner_text(f"{ripsswm} [data-calculator-carried]")
    # Carried in the fragment only: no request carried them anywhere.
    assert not [url for url in requests if "carry" in url or "age_years" in url]


def test_a_carried_answer_the_form_cannot_take_is_left_out(recorded):
    carried = "age_years=70&age_years__unit=years&beta2m=9&beta2m__unit=furlongs&ldh=300&nope=1"
    page = recorded().open(f"/calculators/ripsswm/#carry?{carried}")
    wait_ready(page, "ripsswm")
    assert page.input_value(f"{form('ripsswm')} [name=age_years]") == "70"
    assert page.input_value(f"{form('ripsswm')} [name=beta2m]") == ""  # a unit the field does not offer
    assert page.input_value(f"{form('ripsswm')} [name=ldh]") == ""  # a measurement without its unit
    assert page.evaluate("location.hash") == ""


def test_status_regions_announce_the_result_once_not_at_every_keystroke(recorded):
    page = recorded().open("/calculators/ipsswm/")
    wait_ready(page, "ipsswm")
    page.evaluate(
        """() => {
          window.__igmLive = [];
          for (const region of document.querySelectorAll('[role=status], [aria-live]')) {
            new MutationObserver(() => window.__igmLive.push([region.className, region.textContent]))
              .observe(region, { childList: true, characterData: true, subtree: true });
          }
        }"""
    )
    typed = 0
    for name, value in IPSSWM.items():
        page.locator(f"{form('ipsswm')} [name={name}]").press_sequentially(value, delay=60)
        typed += len(value)
    page.wait_for_selector(f"{result('ipsswm')}[data-category]")
    page.wait_for_timeout(1500)
    changes = page.evaluate("window.__igmLive")
    said = [text for _, text in changes if text.strip()]
    assert typed >= 11
    assert len(said) == 1 and said[0].startswith("Result: "), changes
    assert said[0] == "Result: " + calculators.run("ipsswm", _sent(IPSSWM))["headline"]


def _sent(entries: dict) -> dict:
    desc = {i["id"]: i for i in calculators.describe("ipsswm")["inputs"]}
    return {
        k: {"value": v, "unit": desc[k]["units"][0]["label"]} if len(desc[k]["units"]) > 1 else v
        for k, v in entries.items()
    }


def test_skip_to_content_lands_on_the_form_and_clear_returns_to_the_first_field(recorded):
    page = recorded().open("/calculators/ipsswm/")
    wait_ready(page, "ipsswm")
    page.focus(".md-skip")  # the first stop of the Tab order (the page has already focused the form to start it)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "age_years"
    fill(page, "ipsswm", IPSSWM)
    page.wait_for_selector(f"{result('ipsswm')}[data-category]")
    page.evaluate("scrollTo(0, document.body.scrollHeight)")
    page.click(f"{form('ipsswm')} button[type=reset]")
    page.wait_for_function("document.activeElement?.name === 'age_years'")
    box = page.locator(f"{form('ipsswm')} [name=age_years]").bounding_box()
    assert 0 <= box["y"] <= 900


def test_on_a_phone_the_bar_says_where_the_result_will_come_while_python_loads(recorded):
    session = recorded(**PHONE)
    held = []
    session.page.route("**/pyodide.asm.wasm", lambda route: held.append(route))  # still downloading
    page = session.open("/calculators/ipsswm/")
    page.locator(f"{form('ipsswm')} [name=m_protein]").scroll_into_view_if_needed()
    page.locator(f"{form('ipsswm')} [name=m_protein]").press_sequentially("2", delay=50)
    panel = page.locator('[data-calculator-panel="ipsswm"]')
    panel.wait_for(state="visible")
    assert "Your result will appear here" in panel.inner_text()
    box = panel.bounding_box()
    assert box["y"] + box["height"] <= 844 and box["y"] >= 844 / 2  # the bar at the foot of the screen
    assert page.get_attribute(form("ipsswm"), "data-state") == "loading"


def test_the_ready_line_says_when_the_calculators_work_offline(recorded):
    session = recorded(service_workers="allow")
    page = session.open("/calculators/ipsswm/")
    wait_ready(page, "ipsswm")
    status = f"{form('ipsswm')} [data-calculator-status]"
    page.wait_for_function(
        "(s) => document.querySelector(s).textContent.includes('Works offline on this device')",
        arg=status,
        timeout=60000,
    )
