"""Visits in Debian's headless chromium. A cold visit uses a new, empty persistent profile; a warm one
is the third visit in the same persistent profile (in-memory contexts never keep the 9.6 MB wasm); an
offline one is a fourth, with the network off (only the service worker answers); a slow one is a cold
visit through Chromium's own network emulation (DevTools protocol)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page, Playwright

from .server import CountingServer

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VALID = {"age_years": "70", "hemoglobin": "10.5", "platelets": "150", "beta2m": "3.5", "m_protein": "2"}
FORM = 'form[data-calculator="ipsswm"]'

# Fill and submit at once, as a reader who already knows the values would at the first moment possible: Calculate is
# disabled in the page's HTML until the page script has bound the form (requestSubmit() would submit a form nobody
# bound, as a GET to the server). Then wait for the result. The waits are the page's own MutationObserver, not
# Playwright's selector engine, whose injected script (compiled afresh in every page) cost 0.3-0.6 s of main-thread
# CPU during the very start being measured (issue 23, traced), a cost no reader's browser has.
FILL_AND_SUBMIT = """async ([form, values, result]) => {
  const until = (selector) => new Promise((resolve, reject) => {
    if (document.querySelector(selector)) return resolve();
    const limit = setTimeout(() => { watch.disconnect(); reject(new Error(`no ${selector} after 60 s`)); }, 60000);
    const watch = new MutationObserver(() => {
      if (document.querySelector(selector)) { watch.disconnect(); clearTimeout(limit); resolve(); }
    });
    watch.observe(document, { subtree: true, childList: true, attributes: true });
  });
  await until(`${form} button[type=submit]:not([disabled])`);
  const f = document.querySelector(form);
  for (const [name, value] of Object.entries(values)) f.elements[name].value = value;
  f.requestSubmit();
  await until(result);
}"""
RESULT = '[data-calculator-result="ipsswm"][data-category]'
MARK = "(name) => { const m = performance.getEntriesByName(name); return m.length ? m[0].startTime : null; }"
# Where a start spends its time, from the worker's own marks (calc-runtime.js puts them on the page's clock).
# "snapshot" is there only when the worker restored Python from the memory snapshot (the time its bytes were there).
STEPS = (
    "igm:worker-start",
    "igm:worker-imported",
    "igm:worker-fetched",
    "igm:worker-snapshot",
    "igm:worker-downloaded",
    "igm:worker-compiled",
    "igm:worker-interpreter",
    "igm:ready",
)
LATENCIES = """async ([form, n]) => {
  const f = document.querySelector(form);
  const region = document.querySelector('[data-calculator-result="ipsswm"]');
  const times = [];
  for (let i = 0; i < n; i++) {
    f.elements.age_years.value = String(40 + (i % 50));
    const done = new Promise((resolve) => {
      const watch = new MutationObserver(() => {
        if (region.dataset.category) { watch.disconnect(); resolve(); }
      });
      watch.observe(region, { attributes: true });
    });
    const start = performance.now();
    f.requestSubmit();
    await done;
    times.push(performance.now() - start);
  }
  return times;
}"""


@dataclass
class Visit:
    ready_ms: float | None
    first_result_ms: float
    bytes: int
    latencies: list[float]
    steps: dict[str, float | None] | None = None


def _visit(page: Page, url: str, server: CountingServer, latencies: int) -> Visit:
    server.take_bytes()
    page.goto(url, wait_until="domcontentloaded")
    page.evaluate(FILL_AND_SUBMIT, [FORM, VALID, RESULT])
    page.wait_for_load_state("networkidle")
    first = page.evaluate(MARK, "igm:first-result")
    ready = page.evaluate(MARK, "igm:ready")
    sent = server.take_bytes()
    times = page.evaluate(LATENCIES, [FORM, latencies]) if latencies else []
    steps = {name.split(":")[1]: page.evaluate(MARK, name) for name in STEPS}
    return Visit(ready, first, sent, times, steps)


def calculator_visits(
    pw: Playwright, server: CountingServer, path: str, latencies: int = 50, offline: bool = False
) -> tuple[Visit, ...]:
    """(cold visit, warm third visit[, offline fourth visit]) in one new persistent profile."""
    with tempfile.TemporaryDirectory(prefix="igm-bench-profile-") as profile:
        context = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = context.new_page()
            cold = _visit(page, server.url + path, server, latencies)
            for _ in range(2):
                page.close()
                page = context.new_page()
                warm = _visit(page, server.url + path, server, 0)
            visits = (cold, warm)
            if offline:
                page.close()
                context.set_offline(True)
                page = context.new_page()
                visits += (_visit(page, server.url + path, server, 0),)
        finally:
            context.close()
    return visits


def slow_visit(pw: Playwright, server: CountingServer, path: str, mbit: float, rtt_ms: int) -> tuple[float, str]:
    """(seconds to "ready" or "unavailable", which) of a cold visit over an emulated slow link."""
    with tempfile.TemporaryDirectory(prefix="igm-bench-profile-") as profile:
        context = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            rate = mbit * 1e6 / 8
            conditions = {"offline": False, "latency": rtt_ms, "downloadThroughput": rate, "uploadThroughput": rate}
            cdp.send("Network.emulateNetworkConditions", conditions)
            page.goto(server.url + path, wait_until="domcontentloaded")
            done = f'{FORM}[data-state="ready"], {FORM}[data-state="unavailable"]'
            page.wait_for_selector(done, timeout=180000)
            state = page.get_attribute(FORM, "data-state")
            ready = page.evaluate(MARK, "igm:ready")
            seconds = ready / 1000 if ready is not None else page.evaluate("performance.now()") / 1000
        finally:
            context.close()
    return seconds, state


def page_bytes_and_fcp(pw: Playwright, server: CountingServer, path: str) -> tuple[int, int, float, int]:
    """(cold bytes, warm bytes, cold first contentful paint in ms, cold runtime bytes) of a page."""
    with tempfile.TemporaryDirectory(prefix="igm-bench-profile-") as profile:
        context = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = context.new_page()
            server.take_bytes()
            page.goto(server.url + path, wait_until="networkidle")
            fcp = page.evaluate(MARK, "first-contentful-paint")
            cold = server.take_bytes()
            runtime = server.runtime_bytes
            page.close()
            page = context.new_page()
            page.goto(server.url + path, wait_until="networkidle")
            warm = server.take_bytes()
        finally:
            context.close()
    return cold, warm, fcp, runtime


def repeat(runs: int, measure: Callable[[], object]) -> list:
    return [measure() for _ in range(runs)]
