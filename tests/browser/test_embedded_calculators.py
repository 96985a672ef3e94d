"""Calculators embedded in an article: rendered like their own pages, and Python starts only when a reader
first uses one of the forms, so an article that is only read downloads no Pyodide at all."""

from __future__ import annotations

import pytest

import calculators
from tests.browser.reader import READY_MS, fill, form, page_file, page_paths, result, valid_entries

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def article(built_site) -> str:
    """An article that embeds at least one calculator form."""
    for path in page_paths(built_site):
        if path.startswith("/articles/") and "data-calculator=" in page_file(built_site, path).read_text():
            return path
    pytest.fail("no article embeds a calculator")


def pyodide_requests(session) -> list[str]:
    return [url for url in session.requests if "/assets/pyodide/" in url or "/calculators." in url]


def embedded(page) -> list[str]:
    return page.eval_on_selector_all("form[data-calculator]", "forms => forms.map((f) => f.dataset.calculator)")


def test_reading_the_article_downloads_no_pyodide(recorded, article):
    session = recorded()
    page = session.open(article)
    page.wait_for_load_state("networkidle")
    forms = embedded(page)
    assert forms, "the article embeds no calculator"
    page.mouse.wheel(0, 4000)  # reading: scrolling past the forms is not using them
    page.wait_for_timeout(300)
    assert pyodide_requests(session) == []
    for calc_id in forms:
        assert page.get_attribute(form(calc_id), "data-state") == "idle"
        # The workspace with its panel, folded; its criteria, disagreements and sources are one link away, on
        # the calculator's own page, not repeated in the article (issue 21).
        assert page.locator(f'[data-calculator-workspace="{calc_id}"] [data-calculator-panel="{calc_id}"]').count() == 1
        embed = page.locator(f'details[data-calculator-embed="{calc_id}"]')
        assert embed.count() == 1 and not embed.evaluate("d => d.open")
        assert page.locator(f'[data-criteria-table="{calc_id}"]').count() == 0
        link = embed.locator(".igm-calc-embed__more a")
        assert link.count() == 1 and link.get_attribute("href").endswith(f"calculators/{calc_id}/")
    assert session.foreign_requests() == []


def test_first_focus_on_an_embedded_form_starts_python_and_it_computes_live(recorded, article):
    session = recorded()
    page = session.open(article)
    page.wait_for_load_state("networkidle")
    calc_id = embedded(page)[0]
    assert pyodide_requests(session) == []
    page.click(f'details[data-calculator-embed="{calc_id}"] > summary')  # the reader opens the folded form
    assert pyodide_requests(session) == []  # opening is not using
    first = page.locator(f"{form(calc_id)} input, {form(calc_id)} select").first
    first.focus()
    page.wait_for_selector(f'{form(calc_id)}[data-state="ready"]', timeout=READY_MS)
    assert any(url.endswith("pyodide.asm.wasm") for url in session.requests)
    # One worker for the page: every embedded form is ready with it.
    for other in embedded(page):
        assert page.get_attribute(form(other), "data-state") == "ready"

    entries = valid_entries(calc_id)
    fill(page, calc_id, entries)  # no Calculate: the result follows the entries
    expected = calculators.run(calc_id, entries)
    page.wait_for_selector(f"{result(calc_id)}:not([hidden])")
    if expected.get("category"):
        page.wait_for_selector(f"{result(calc_id)}[data-category='{expected['category']}']")
    assert page.inner_text(f"{result(calc_id)} .igm-result__headline") == expected["headline"]
    assert session.foreign_requests() == []
    assert session.errors == []
