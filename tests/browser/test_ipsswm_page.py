"""The IPSSWM page in a real browser: Python in a module worker on the self-hosted Pyodide."""

from __future__ import annotations

FORM = 'form[data-calculator="ipsswm"]'
RESULT = '[data-calculator-result="ipsswm"]'
READY_MS = 30000


def fill(page, **values):
    for name, value in values.items():
        if isinstance(value, tuple):
            page.fill(f"{FORM} [name={name}]", value[0])
            page.select_option(f"{FORM} [name={name}__unit]", value[1])
        else:
            page.fill(f"{FORM} [name={name}]", value)


def open_ready(recorded):
    session = recorded()
    page = session.open("/calculators/ipsswm/")
    page.wait_for_selector(f'{FORM}[data-state="ready"]', timeout=READY_MS)
    return session, page


def test_fill_the_form_and_read_the_result(recorded):
    session, page = open_ready(recorded)
    fill(page, age_years="70", hemoglobin=("110", "g/L"), platelets="150", beta2m="3", m_protein="2")
    page.click(f"{FORM} button[type=submit]")
    page.wait_for_selector(f"{RESULT}[data-category]")
    assert page.get_attribute(RESULT, "data-score") == "2"
    assert page.get_attribute(RESULT, "data-category") == "intermediate"
    text = page.inner_text(RESULT)
    assert "Intermediate risk" in text and "110 ≤ 115 g/L" in text and "19196866" in text
    met = page.eval_on_selector_all(f"{RESULT} tr[data-met]", "rows => rows.map(r => r.dataset.met)")
    assert met == ["true", "true", "false", "false", "false"]
    assert session.errors == []


def test_native_unit_threshold_in_the_browser(recorded):
    _, page = open_ready(recorded)
    fill(page, age_years="60", hemoglobin=("7.14", "mmol/L"), platelets="150", beta2m="2", m_protein="2")
    page.click(f"{FORM} button[type=submit]")
    page.wait_for_selector(f"{RESULT}[data-category]")
    assert page.get_attribute(RESULT, "data-score") == "1"
    assert "7.14 ≤ 7.14 mmol/L" in page.inner_text(RESULT)


def test_bad_value_shows_a_message_at_the_field_and_no_result(recorded):
    _, page = open_ready(recorded)
    fill(page, age_years="70", hemoglobin="10", platelets="150", beta2m="2", m_protein="2")
    page.click(f"{FORM} button[type=submit]")
    page.wait_for_selector(f"{RESULT}[data-category]")
    fill(page, hemoglobin="abc", platelets="")
    page.click(f"{FORM} button[type=submit]")
    error = page.locator("#ipsswm-hemoglobin-error")
    error.wait_for(state="visible")
    assert "Enter a number" in error.inner_text()
    assert page.get_attribute("#ipsswm-hemoglobin", "aria-invalid") == "true"
    assert "required" in page.inner_text("#ipsswm-platelets-error")
    assert page.get_attribute(RESULT, "data-category") is None
    assert page.is_hidden(RESULT)
    assert page.get_attribute("#ipsswm-age_years", "aria-invalid") is None


def test_out_of_range_value_is_rejected_not_guessed(recorded):
    _, page = open_ready(recorded)
    # 115 typed with the unit left at g/dL: the unit is not guessed.
    fill(page, age_years="70", hemoglobin="115", platelets="150", beta2m="2", m_protein="2")
    page.click(f"{FORM} button[type=submit]")
    page.locator("#ipsswm-hemoglobin-error").wait_for(state="visible")
    assert "between 3 and 20 g/dL" in page.inner_text("#ipsswm-hemoglobin-error")
    assert page.get_attribute(RESULT, "data-score") is None


def test_every_request_goes_to_the_site_itself(recorded):
    session, page = open_ready(recorded)
    fill(page, age_years="70", hemoglobin="10", platelets="90", beta2m="4", m_protein="8")
    page.click(f"{FORM} button[type=submit]")
    page.wait_for_selector(f"{RESULT}[data-category]")
    assert page.get_attribute(RESULT, "data-category") == "high"
    assert any(url.endswith("pyodide.asm.wasm") for url in session.requests)
    assert session.foreign_requests() == []


def test_article_page_loads_no_pyodide(recorded):
    # An article that only links to calculators; the free heavy IgM article embeds three since issue 10.
    session = recorded()
    page = session.open("/articles/igm-workup/")
    page.wait_for_load_state("networkidle")
    assert "Under Review" in page.inner_text(".igm-review")
    assert not [url for url in session.requests if "pyodide" in url]
    assert session.foreign_requests() == []
