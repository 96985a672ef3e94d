"""The page's runtime API and the panel after a crash (reliability review 2026-12, F11, F12), and the characters an
entry is trimmed of, the same in Chromium as in Python (F14)."""

from __future__ import annotations

import pytest

from calculators.numbers import TRIMMED
from tests.browser.reader import fill, form, result, wait_ready
from tests.browser.test_runtime_recovery import KEEP_WORKERS

pytestmark = pytest.mark.browser

GOOD = {"age_years": "70", "hemoglobin": "10", "platelets": "150", "beta2m": "3", "m_protein": "2"}
# The page's own runtime module (the same URL, so the same instance), and every state it goes through from now on.
WATCH = """async () => {
  const href = document.querySelector('link[rel=modulepreload][href*="calc-runtime."]').href;
  const { runtime } = await import(href);
  window.__runtime = runtime;
  window.__states = [];
  runtime.addEventListener("change", ({ detail }) => window.__states.push(detail.state));
}"""
COMPUTE = """async (kind) => {
  const inputs = {
    function: { age_years: () => 1 },
    symbol: { age_years: Symbol("x") },
    bigint: { age_years: 10n },
    cycle: (() => { const o = {}; o.self = o; return o; })(),
    date: { age_years: new Date() },
  }[kind];
  try {
    await window.__runtime.compute("ipsswm", inputs);
    return "resolved";
  } catch (error) {
    return error.code;
  }
}"""


@pytest.mark.parametrize("kind", ["function", "symbol", "bigint", "cycle", "date"])
def test_an_input_that_is_not_plain_data_is_refused_and_the_worker_stays(recorded, kind):
    session = recorded()
    page = session.open("/calculators/ipsswm/")
    wait_ready(page, "ipsswm")
    page.evaluate(WATCH)
    assert page.evaluate(COMPUTE, kind) == "invalid"
    page.wait_for_timeout(2500)  # longer than the 2 s watchdog, which must not have been armed
    assert page.evaluate("window.__states") == []
    assert page.evaluate("window.__runtime.state") == "ready"
    answer = page.evaluate("(inputs) => window.__runtime.compute('ipsswm', inputs)", GOOD)
    assert answer["result"]["category"] == "intermediate"
    assert session.errors == []


def test_after_a_crash_the_panel_counts_no_wrong_entry_and_the_same_entries_are_retried(recorded):
    session = recorded()
    session.context.add_init_script(KEEP_WORKERS)
    page = session.open("/calculators/ipsswm/")
    wait_ready(page, "ipsswm")
    fill(page, "ipsswm", GOOD)
    page.wait_for_selector(f"{result('ipsswm')}[data-category='intermediate']")
    page.evaluate("window.__workers.forEach((worker) => worker.terminate())")  # as a crash would, silently

    fill(page, "ipsswm", {"platelets": "90", "m_protein": "8"})  # live: computed at once, by the dead worker
    summary = page.locator(f"{form('ipsswm')} [data-calculator-errors]")
    summary.wait_for(state="visible")
    text = summary.inner_text()
    assert "stopped working" in text and "calculated again" in text
    assert "to correct" not in text and "correcting" not in text
    progress = page.inner_text("[data-calculator-panel='ipsswm'] [data-calculator-progress]")
    assert "to correct" not in progress
    # No Calculate pressed: the fresh worker computes the same entries.
    page.wait_for_selector(f"{result('ipsswm')}[data-category='high']", timeout=60000)
    assert page.evaluate("window.__workers.length") == 2
    assert session.errors == []


def test_the_browser_trims_exactly_what_python_trims(recorded):
    session = recorded()
    page = session.open("/")
    trimmed = page.evaluate(
        """() => {
      const out = [];
      for (let c = 0; c <= 0xffff; c++) if (String.fromCharCode(c).trim() === "") out.push(c);
      for (let c = 0x10000; c <= 0x10ffff; c++) if (String.fromCodePoint(c).trim() === "") out.push(c);
      return out;
    }"""
    )
    assert sorted(trimmed) == sorted(ord(c) for c in TRIMMED)
