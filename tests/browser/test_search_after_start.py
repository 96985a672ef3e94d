"""On a calculator's own page Material's search builds its index only once Python has started, so the two do not
share the CPU (issue 23); a reader who turns to search before that gets it at once."""

from __future__ import annotations

import pytest

from .test_search_forgiving import search

pytestmark = pytest.mark.browser

FORM = 'form[data-calculator="ipsswm"]'
CAP_MS = 10000  # search-after-start.js: WAIT_MS
SENT = """() => {
  const index = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/search/search_index.json"));
  const ready = performance.getEntriesByName("igm:ready")[0];
  return { index: index ? index.startTime : null, ready: ready ? ready.startTime : null };
}"""


def test_the_index_is_asked_for_once_the_calculator_is_ready_and_search_then_works(recorded):
    session = recorded()
    page = session.open("/calculators/ipsswm/")
    page.wait_for_selector(f'{FORM}[data-state="ready"]', timeout=60000)
    page.wait_for_load_state("networkidle")
    sent = page.evaluate(SENT)
    assert sent["ready"] is not None and sent["index"] is not None, sent
    # After "ready", unless Python took longer than the cap (a heavily loaded machine), which then sent it.
    assert sent["index"] >= min(sent["ready"], CAP_MS), sent
    count, found = search(page, "ipss")
    assert count > 0 and "/calculators/ipsswm/" in found, found
    assert session.errors == []


def test_a_reader_who_turns_to_search_before_python_has_started_gets_it_at_once(recorded):
    session = recorded()
    held = []
    session.page.route("**/pyodide.asm.wasm", lambda route: held.append(route))  # Python never starts
    page = session.open("/calculators/ipsswm/")
    page.wait_for_selector(f'{FORM}[data-state="loading"]')
    page.wait_for_timeout(500)
    assert page.evaluate(SENT)["index"] is None  # held while Python starts
    turned = page.evaluate("performance.now()")
    assert turned < CAP_MS, "the page took too long to open for this test to tell the focus from the cap"
    page.keyboard.press("/")  # Material's shortcut: the search field takes the focus
    page.keyboard.type("waldenstrom")
    page.wait_for_selector(".md-search-result__item > a", timeout=20000)
    sent = page.evaluate(SENT)["index"]
    assert turned <= sent < CAP_MS  # released by the reader's turn to search, not by the cap
    assert page.get_attribute(FORM, "data-state") == "loading"  # search came first, not after Python
    assert session.errors == []


def test_pages_that_start_python_on_first_use_ask_for_the_index_as_before(recorded):
    session = recorded()
    page = session.open("/articles/free-heavy-igm/")
    page.wait_for_load_state("networkidle")
    assert page.locator('script[src*="search-after-start"]').count() == 0
    assert page.evaluate(SENT)["index"] is not None
