"""Failing safely: without JavaScript, without WebAssembly, without the Pyodide download, and on a Python error."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from igm_site.runtime import calculators_zip
from tests.browser.reader import (
    ROOT,
    calculate,
    calculator_pages,
    fill,
    form,
    result,
    start_from_bundle,
    use_form,
    valid_entries,
    wait_ready,
)

pytestmark = pytest.mark.browser

WITHIN_MS = 20000
# A real Python exception, raised by the engine itself for one specific entry (never in the shipped bundle).
FAILING_ENTRY = "4.321"
FAILING_ENGINE = f"""

_igm_test_evaluate = evaluate


def evaluate(calculator, inputs):
    if {FAILING_ENTRY!r} in repr(inputs):
        return 1 / 0
    return _igm_test_evaluate(calculator, inputs)
"""


@pytest.fixture(scope="module")
def calcs(built_site):
    return calculator_pages(built_site)


def assert_readable_without_calculator(page, calc_id: str) -> None:
    """The calculator's tables (criteria, categories) and references are there to use by hand; no result shown."""
    hidden_parts = page.eval_on_selector(
        f"#calculator-{calc_id}",
        """block => [...block.children]
          .filter((part) => part.textContent.trim() && !part.matches("form, [data-calculator-result]"))
          .filter((part) => !part.checkVisibility()).map((part) => part.outerHTML.slice(0, 80))""",
    )
    assert hidden_parts == [], calc_id
    assert page.is_hidden(result(calc_id))
    assert page.get_attribute(result(calc_id), "data-category") is None
    assert page.locator(f"{form(calc_id)} button[type=submit]").is_disabled()


def says_how_to_do_without(page, calc_id: str, message: str) -> bool:
    """The message points to the criteria table when the page has one, and never to a table it lacks."""
    has_criteria = page.locator(f'[data-criteria-table="{calc_id}"]').count() > 0
    has_tables = page.locator(f"#calculator-{calc_id} > table").count() > 0
    return ("criteria table" in message) == has_criteria and ("table" in message) <= has_tables


def assert_says_it_cannot_run(page, calc_id: str, started: float) -> None:
    use_form(page, calc_id)  # an embedded form starts Python on first use
    page.wait_for_selector(f'{form(calc_id)}[data-state="unavailable"]', timeout=WITHIN_MS)
    assert time.monotonic() - started < WITHIN_MS / 1000
    status = page.inner_text(f"{form(calc_id)} [data-calculator-status]")
    assert "cannot run here" in status and says_how_to_do_without(page, calc_id, status)
    assert_readable_without_calculator(page, calc_id)


def test_without_javascript_article_and_tables_stay_readable(recorded, calcs):
    session = recorded(java_script_enabled=False)
    page = session.open("/articles/free-heavy-igm/")
    assert page.locator(".igm-review").is_visible() and page.locator(".igm-disclaimer").is_visible()
    assert page.locator("ol.igm-references li").count() >= 1
    for calc_id, path in calcs.items():
        page = session.open(path)
        message = page.inner_text(f"{form(calc_id)} .igm-calc__unavailable")
        assert "cannot run here" in message and "JavaScript" in message
        assert says_how_to_do_without(page, calc_id, message)
        assert page.is_hidden(f"{form(calc_id)} [data-calculator-status]")
        assert_readable_without_calculator(page, calc_id)
    assert not [url for url in session.requests if "pyodide" in url]


def test_without_webassembly_the_calculator_says_it_cannot_run(recorded, calcs):
    session = recorded()
    session.context.add_init_script("delete globalThis.WebAssembly;")
    for calc_id, path in calcs.items():
        started = time.monotonic()
        page = session.open(path)
        assert_says_it_cannot_run(page, calc_id, started)
        assert "WebAssembly" in page.inner_text(f"{form(calc_id)} [data-calculator-status]")


def test_with_the_pyodide_download_blocked_the_calculator_says_it_cannot_run(recorded, calcs):
    session = recorded()
    session.page.route("**/pyodide.asm.wasm", lambda route: route.abort())
    for calc_id, path in calcs.items():
        started = time.monotonic()
        page = session.open(path)
        assert_says_it_cannot_run(page, calc_id, started)
        # What the reader already typed stays, but nothing is computed from it.
        fill(page, calc_id, valid_entries(calc_id))
        assert page.locator(f"{form(calc_id)} button[type=submit]").is_disabled()
        assert page.is_hidden(result(calc_id))


def failing_bundle() -> bytes:
    """The real calculators bundle, built from the sources, with an engine that raises for one entry."""
    source = zipfile.ZipFile(io.BytesIO(calculators_zip(ROOT / "calculators")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "calculators/engine.py":
                data += FAILING_ENGINE.encode()
            archive.writestr(info, data)
    return out.getvalue()


def test_a_python_error_shows_a_clear_message_never_a_stale_result_and_the_next_calculation_works(recorded):
    session = recorded()
    bundle = failing_bundle()
    start_from_bundle(session.page, bundle)
    page = session.open("/calculators/ipsswm/")
    wait_ready(page, "ipsswm")
    good = {"age_years": "70", "hemoglobin": "10", "platelets": "150", "beta2m": "3", "m_protein": "2"}
    calculate(page, "ipsswm", good)
    assert page.get_attribute(result("ipsswm"), "data-category") == "intermediate"

    fill(page, "ipsswm", {"m_protein": FAILING_ENTRY})
    page.click(f"{form('ipsswm')} button[type=submit]")
    summary = page.locator("[data-calculator-errors]")
    summary.wait_for(state="visible")
    text = summary.inner_text()
    assert "failed" in text and "no result" in text and "ZeroDivisionError: division by zero" in text
    assert "Traceback" not in text and 'File "' not in text
    assert page.is_hidden(result("ipsswm"))
    assert page.get_attribute(result("ipsswm"), "data-category") is None
    assert page.inner_text(result("ipsswm")) == ""
    assert page.evaluate("document.activeElement.matches('[data-calculator-errors]')")

    calculate(page, "ipsswm", {**good, "m_protein": "8", "platelets": "90"})
    assert page.get_attribute(result("ipsswm"), "data-category") == "high"
    assert page.is_hidden("[data-calculator-errors]")
    assert session.errors == []
