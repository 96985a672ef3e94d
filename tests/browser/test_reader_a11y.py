"""Accessibility (WCAG 2.2 AA): axe-core on every page and every calculator state, and keyboard-only use."""

from __future__ import annotations

import pytest

from tests.browser.reader import (
    axe_serious,
    calculate,
    calculator_pages,
    form,
    page_paths,
    result,
    valid_entries,
    wait_ready,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def calcs(built_site):
    return calculator_pages(built_site)


def axe_session(recorded):
    # axe-core is injected as a script tag, which the site's own policy rightly forbids: bypass it for axe only.
    return recorded(bypass_csp=True)


def test_axe_finds_nothing_critical_or_serious_on_any_page(recorded, built_site, calcs):
    session = axe_session(recorded)
    found = {}
    checked_with_their_calculator = set(calcs.values())  # the next test checks them, in three states
    for path in sorted(set(page_paths(built_site)) - checked_with_their_calculator):
        page = session.open(path)
        page.wait_for_load_state("networkidle")
        if violations := axe_serious(page):
            found[path] = violations
    assert found == {}


def test_axe_on_each_calculator_empty_with_errors_and_with_a_result(recorded, calcs):
    session = axe_session(recorded)
    found = {}
    for calc_id, path in calcs.items():
        page = session.open(path)
        wait_ready(page, calc_id)
        found[f"{calc_id} empty"] = axe_serious(page)
        text_field = page.locator(f"{form(calc_id)} input[type=text]")
        if text_field.count():  # every input may be optional: a word where a number belongs is always an error
            text_field.first.fill("not a number")
        page.click(f"{form(calc_id)} button[type=submit]")
        page.locator(f"{form(calc_id)} [data-calculator-errors]").wait_for(state="visible")
        found[f"{calc_id} errors"] = axe_serious(page)
        calculate(page, calc_id, valid_entries(calc_id))
        found[f"{calc_id} result"] = axe_serious(page)
    assert {state: v for state, v in found.items() if v} == {}


def test_axe_on_the_audience_chooser_and_a_patient_choice(recorded):
    page = axe_session(recorded).open("/")
    page.check("input[name=igm-audience][value=patient]")
    assert axe_serious(page) == []


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has focus, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_keyboard_only_errors_then_a_result(recorded):
    page = recorded().open("/calculators/ipsswm/")
    wait_ready(page, "ipsswm")
    calc = form("ipsswm")
    tab_to(page, f"{calc} [name=age_years]")
    page.keyboard.type("70")
    page.keyboard.press("Tab")  # haemoglobin
    page.keyboard.type("abc")
    page.keyboard.press("Enter")  # submits the form, as Enter in a text field does

    # The summary takes focus; each field in error is marked and names its message.
    page.wait_for_function("() => document.activeElement?.matches('[data-calculator-errors]')")
    summary = page.inner_text(f"{calc} [data-calculator-errors]")
    assert "No result" in summary and "Enter a number" in summary
    for name in ("hemoglobin", "platelets", "beta2m", "m_protein"):
        control = page.locator(f"#ipsswm-{name}")
        assert control.get_attribute("aria-invalid") == "true", name
        described = control.get_attribute("aria-describedby").split()
        assert f"ipsswm-{name}-error" in described
        assert page.locator(f"#ipsswm-{name}-error").is_visible()
        assert page.inner_text(f"#ipsswm-{name}-error").strip() in summary
    assert page.locator("#ipsswm-age_years").get_attribute("aria-invalid") is None
    assert page.is_hidden(result("ipsswm"))

    # From the summary, a link leads to the field to correct.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "ipsswm-hemoglobin"
    page.keyboard.press("Control+A")
    page.keyboard.type("10")
    for value in ("150", "3", "2"):  # platelets, β2-microglobulin, M-protein: Tab skips each unit select
        page.keyboard.press("Tab")
        while page.evaluate("document.activeElement.tagName") == "SELECT":
            page.keyboard.press("Tab")
        page.keyboard.type(value)
    page.keyboard.press("Enter")

    page.wait_for_selector(f"{result('ipsswm')}[data-category]")
    assert page.get_attribute(result("ipsswm"), "data-category") == "intermediate"
    assert page.evaluate(f"document.activeElement.closest('{result('ipsswm')}') !== null")
    assert page.get_attribute("#ipsswm-hemoglobin", "aria-invalid") is None
    assert page.is_hidden(f"{calc} [data-calculator-errors]")
