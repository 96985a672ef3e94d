"""Live and never stale: every change recomputes without Calculate; an edit or an invalid entry never leaves an
earlier result on screen; the form marks which entries are needed now, as Python says."""

from __future__ import annotations

import json

import pytest

import calculators
from tests.browser.reader import form, result, wait_ready

pytestmark = pytest.mark.browser

IPSSWM = {"age_years": "72", "hemoglobin": "10.2", "platelets": "150", "beta2m": "3.5", "m_protein": "2.1"}


def sent(entries: dict) -> dict:
    """The entries as the page sends them (units left at their first choice)."""
    desc = {i["id"]: i for i in calculators.describe("ipsswm")["inputs"]}
    return {
        k: {"value": v, "unit": desc[k]["units"][0]["label"]} if len(desc[k]["units"]) > 1 else v
        for k, v in entries.items()
    }


def type_into(page, name: str, value: str) -> None:
    page.fill(f"{form('ipsswm')} [name={name}]", value)


@pytest.fixture
def ipsswm(recorded):
    session = recorded()
    page = session.open("/calculators/ipsswm/")
    wait_ready(page, "ipsswm")
    yield page
    assert session.errors == []


def test_result_appears_and_follows_each_edit_without_calculate(ipsswm):
    page = ipsswm
    for name, value in IPSSWM.items():
        type_into(page, name, value)
    expected = calculators.run("ipsswm", sent(IPSSWM))
    page.wait_for_selector(f"{result('ipsswm')}[data-category='{expected['category']}']")
    assert page.get_attribute(result("ipsswm"), "data-score") == str(expected["score"])

    younger = {**IPSSWM, "age_years": "60", "hemoglobin": "13"}
    type_into(page, "age_years", "60")
    type_into(page, "hemoglobin", "13")
    now = calculators.run("ipsswm", sent(younger))
    assert now["category"] != expected["category"]
    page.wait_for_selector(f"{result('ipsswm')}[data-category='{now['category']}']")
    assert page.get_attribute(result("ipsswm"), "data-score") == str(now["score"])


def test_an_edit_withdraws_the_category_at_once(ipsswm):
    page = ipsswm
    for name, value in IPSSWM.items():
        type_into(page, name, value)
    page.wait_for_selector(f"{result('ipsswm')}[data-category]")
    # In the same task as the edit, before Python can have answered: no category for entries it has not seen.
    seen = page.evaluate(
        """([selector, region]) => {
          const field = document.querySelector(selector);
          field.value = "61";
          field.dispatchEvent(new Event("input", { bubbles: true }));
          return document.querySelector(region).getAttribute("data-category");
        }""",
        [f"{form('ipsswm')} [name=age_years]", result("ipsswm")],
    )
    assert seen is None
    page.wait_for_selector(f"{result('ipsswm')}[data-category]")


def test_an_invalid_entry_replaces_the_result_with_what_is_wrong(ipsswm):
    page = ipsswm
    for name, value in IPSSWM.items():
        type_into(page, name, value)
    page.wait_for_selector(f"{result('ipsswm')}[data-category]")
    type_into(page, "hemoglobin", "115")  # g/dL left selected: out of range, never guessed
    page.wait_for_selector(f"{result('ipsswm')}:not([data-category])[hidden]:not([aria-busy])", state="attached")
    assert page.is_hidden(result("ipsswm"))
    assert page.inner_text(result("ipsswm")) == ""
    status = page.inner_text('[data-calculator-panel="ipsswm"] [data-calculator-progress]')
    error = calculators.run("ipsswm", sent({**IPSSWM, "hemoglobin": "115"}))["errors"][0]
    assert error["input"] == "hemoglobin" and error["message"] in status

    type_into(page, "platelets", "")  # now also incomplete
    page.wait_for_function(
        """(s) => document.querySelector(s).innerText.includes("Platelets")""",
        arg='[data-calculator-panel="ipsswm"] [data-calculator-progress]',
    )
    assert page.get_attribute(result("ipsswm"), "data-category") is None


def expected_marks(entries: dict) -> dict[str, str]:
    """What the form should mark for these entries, from Python's own answer."""
    answer = calculators.run("ipsswm", sent(entries))
    if "required_now" in answer or "not_needed" in answer:
        required, not_needed = answer.get("required_now", []), answer.get("not_needed", [])
    else:  # an engine without the relevance keys: the entries it reports as required
        required, not_needed = [e["input"] for e in answer.get("errors", []) if e["code"] == "required"], []
    return {i: "required" if i in required else "not-needed" if i in not_needed else "" for i in IPSSWM}


def marks(page) -> dict[str, str]:
    return page.eval_on_selector_all(
        f"{form('ipsswm')} .igm-field",
        "fields => Object.fromEntries(fields.map((f) => [f.dataset.input, f.dataset.relevance || '']))",
    )


def test_the_form_marks_what_is_needed_now_as_python_says(ipsswm):
    page = ipsswm
    entries = {}
    for name, value in IPSSWM.items():
        want = expected_marks(entries)
        page.wait_for_function(
            "([s, want]) => [...document.querySelectorAll(s)].every((f) => (f.dataset.relevance || '') === want[f.dataset.input])",
            arg=[f"{form('ipsswm')} .igm-field", want],
        )
        assert marks(page) == want
        required = [i for i, mark in want.items() if mark == "required"]
        for input_id in required:
            assert page.get_attribute(f"#ipsswm-{input_id}", "aria-required") == "true"
        entries[name] = value
        type_into(page, name, value)
    page.wait_for_selector(f"{result('ipsswm')}[data-category]")
    assert marks(page) == expected_marks(entries)


def test_the_unit_chosen_is_remembered_through_clear_and_on_the_next_page(recorded):
    session = recorded()
    page = session.open("/calculators/ipsswm/")
    wait_ready(page, "ipsswm")
    page.select_option(f"{form('ipsswm')} [name=hemoglobin__unit]", "g/L")
    type_into(page, "hemoglobin", "102")
    page.click(f"{form('ipsswm')} button[type=reset]")
    page.wait_for_function(f"() => document.querySelector('{form('ipsswm')} [name=hemoglobin]').value === ''")
    page.wait_for_timeout(50)  # the units are put back just after the reset
    assert page.input_value(f"{form('ipsswm')} [name=hemoglobin__unit]") == "g/L"
    stored = page.evaluate("({...localStorage})")
    assert json.loads(stored["igm-guide.units"]) == {"hemoglobin": "g/L"} and "102" not in json.dumps(stored)

    page = session.open("/calculators/ripsswm/")  # the same quantity on another calculator
    if page.locator(f"{form('ripsswm')} [name=hemoglobin__unit]").count():
        assert page.input_value(f"{form('ripsswm')} [name=hemoglobin__unit]") == "g/L"
    page = session.open("/calculators/ipsswm/")
    assert page.input_value(f"{form('ipsswm')} [name=hemoglobin__unit]") == "g/L"
    page.select_option(f"{form('ipsswm')} [name=hemoglobin__unit]", "g/dL")  # back to the default: forgotten
    assert page.evaluate("localStorage.length") == 0


def test_choices_are_one_tap_radio_buttons_read_like_the_old_select(recorded):
    page = recorded().open("/calculators/plasmapheresis_check/")
    wait_ready(page, "plasmapheresis_check")
    calc = form("plasmapheresis_check")
    desc = calculators.describe("plasmapheresis_check")
    choice = next(i for i in desc["inputs"] if i["kind"] == "choice")
    radios = page.locator(f"{calc} input[type=radio][name={choice['id']}]")
    assert radios.count() == len(choice["choices"]) + (1 if choice["optional"] else 0)
    value = choice["choices"][0]["value"]
    page.click(f"{calc} label:has(input[name={choice['id']}][value='{value}'])")  # one tap
    assert page.evaluate(f"document.querySelector('{calc}').elements['{choice['id']}'].value") == value
    # A visible focus ring on the button whose radio has keyboard focus.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = page.eval_on_selector(
        f"{calc} label:has(input[name={choice['id']}]:focus-visible)", "l => getComputedStyle(l).outlineStyle"
    )
    assert ring == "solid"


def test_a_value_that_fits_another_unit_offers_it_in_pythons_words(ipsswm):
    page = ipsswm
    entries = {**IPSSWM, "hemoglobin": "115"}
    error = next(e for e in calculators.run("ipsswm", sent(entries))["errors"] if e["input"] == "hemoglobin")
    if not isinstance(error.get("hint"), dict):
        pytest.skip("this engine gives no unit hint")
    for name, value in entries.items():
        type_into(page, name, value)
    page.keyboard.press("Tab")  # leaves the field: its problem is now said there
    hint = page.locator("#ipsswm-hemoglobin-error .igm-field__hint")
    hint.wait_for()
    assert error["hint"]["message"] in hint.inner_text()
    assert page.get_attribute(result("ipsswm"), "data-category") is None
    hint.locator("button").click()
    assert page.input_value(f"{form('ipsswm')} [name=hemoglobin__unit]") == error["hint"]["unit"]
    expected = calculators.run(
        "ipsswm", {**sent(entries), "hemoglobin": {"value": "115", "unit": error["hint"]["unit"]}}
    )
    page.wait_for_selector(f"{result('ipsswm')}[data-category='{expected['category']}']")
