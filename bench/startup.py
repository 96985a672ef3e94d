"""Start-up as a returning reader's browser has it (issue 23): in one new persistent profile, with service workers
allowed, a cold visit, a visit straight after it (the service worker may still be installing), a visit once the
worker has installed and kept the runtime for offline use, and a visit with the network off. The naive page gets
the same visits, interleaved run by run with ours, so a change in machine load hits both alike."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator

from playwright.sync_api import BrowserContext, Playwright

from .browser import ARGS, CHROMIUM, Visit, _visit
from .server import CountingServer
from .stats import ratio, summary

ROWS = ("cold", "straight", "installed", "offline")
LABELS = {
    "cold": "cold (new profile)",
    "straight": "warm, straight after the first visit",
    "installed": "warm, after the service worker installed",
    "offline": "offline repeat visit",
}
# Issue 23's targets: (seconds, ratio to the naive page in the same run); offline has no naive figure.
TARGETS = {"cold": (1.3, 0.5), "straight": (0.6, 0.4), "installed": (0.6, 0.4), "offline": (0.6, None)}
INSTALLED = '[data-igm-offline="all"]'  # offline.js: the site and the runtime are kept for offline use
SETTLE_S = 1.0  # after the worker reports it kept the runtime, its writes finish
NAIVE_WAIT_S = 8.0  # the naive page has no service worker; it waits about as long as ours does before its 3rd visit


def traced_visit(context, url: str, server: CountingServer) -> tuple[Visit, bool, bool]:
    """A visit traced for one category (v8.wasm, light): (the visit, whether it took Pyodide's compiled WebAssembly
    from the browser's code cache, a `wasm.Deserialize` event, rather than compiling the 9.6 MB again, and whether
    the service worker controlled the page). The reuse is the figure that does not depend on the machine's load."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    done: dict = {}
    cdp.on("Tracing.tracingComplete", lambda event: done.update(event))
    cdp.send("Tracing.start", {"categories": "v8.wasm", "transferMode": "ReturnAsStream"})
    visit = _visit(page, url, server, 0)
    cdp.send("Tracing.end")
    while not done:
        page.wait_for_timeout(50)
    chunks = []
    while True:
        read = cdp.send("IO.read", {"handle": done["stream"]})
        chunks.append(read["data"])
        if read.get("eof"):
            break
    controlled = page.evaluate("navigator.serviceWorker?.controller != null")
    page.close()
    return visit, '"wasm.Deserialize"' in "".join(chunks), controlled


@contextlib.contextmanager
def reader_profile(pw: Playwright) -> Iterator[BrowserContext]:
    """A new, empty persistent profile with service workers allowed, as a reader's browser keeps one."""
    with tempfile.TemporaryDirectory(prefix="igm-bench-profile-") as profile:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=ARGS, headless=True, service_workers="allow"
        )
        try:
            yield context
        finally:
            context.close()


# The floor page has no form to submit: a visit waits for the runtime's "ready" mark (calc-runtime.js).
READY = """() => new Promise((resolve, reject) => {
  const mark = () => performance.getEntriesByName("igm:ready")[0];
  if (mark()) return resolve(mark().startTime);
  const limit = setTimeout(() => reject(new Error("no igm:ready after 60 s")), 60000);
  new PerformanceObserver((list, observer) => {
    if (!mark()) return;
    observer.disconnect();
    clearTimeout(limit);
    resolve(mark().startTime);
  }).observe({ type: "mark" });
})"""
FLOOR_ROWS = ("cold", "straight", "third")
# Each of our rows against the floor's nearest visit (the floor page has no service worker, so no offline visit).
FLOOR_OF = {"cold": "cold", "straight": "straight", "installed": "third", "offline": "third"}


def floor_visits(pw: Playwright, server: CountingServer, path: str) -> dict[str, float]:
    """Seconds to ready of the floor page's cold visit, the one straight after, and a third as the naive page has it."""
    out: dict[str, float] = {}
    with reader_profile(pw) as context:
        for row in FLOOR_ROWS:
            if row == "third":
                time.sleep(NAIVE_WAIT_S)
            page = context.new_page()
            page.goto(server.url + path, wait_until="domcontentloaded")
            out[row] = page.evaluate(READY) / 1000
            page.close()
    return out


def _ready_s(visit: Visit | None) -> float | None:
    if visit is None:
        return None
    ms = visit.ready_ms if visit.ready_ms is not None else visit.first_result_ms
    return ms / 1000


def visits(pw: Playwright, server: CountingServer, path: str, ours: bool) -> dict[str, Visit | None]:
    """The four visits of one reader; the naive page cannot run offline (None)."""
    out: dict[str, Visit | None] = {}
    with reader_profile(pw) as context:
        page = context.new_page()
        out["cold"] = _visit(page, server.url + path, server, 0)
        page.close()
        page = context.new_page()
        out["straight"] = _visit(page, server.url + path, server, 0)
        if ours:
            page.wait_for_selector(INSTALLED, timeout=120000)
            time.sleep(SETTLE_S)
        else:
            time.sleep(NAIVE_WAIT_S)
        page.close()
        out["installed"], out["wasm_reused"], out["installed_controlled"] = traced_visit(
            context, server.url + path, server
        )
        if ours:
            context.set_offline(True)
            page = context.new_page()
            out["offline"] = _visit(page, server.url + path, server, 0)
        else:
            out["offline"] = None
    return out


def figures(
    pw: Playwright, server: CountingServer, ours_path: str, naive_path: str, floor_path: str, runs: int
) -> dict:
    server.warm()
    load_before = os.getloadavg()
    ours, naive, floor = [], [], []
    for _ in range(runs):
        ours.append(visits(pw, server, ours_path, True))
        naive.append(visits(pw, server, naive_path, False))
        floor.append(floor_visits(pw, server, floor_path))
    load_after = os.getloadavg()
    out: dict = {
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in load_after],
        "floor": {row: summary([v[row] for v in floor]) for row in FLOOR_ROWS},
    }
    out["controlled_after_install"] = sum(bool(v["installed_controlled"]) for v in ours)
    out["wasm_reused_after_install"] = sum(bool(v["wasm_reused"]) for v in ours)
    out["naive_wasm_reused"] = sum(bool(v["wasm_reused"]) for v in naive)
    for row in ROWS:
        mine = summary([_ready_s(v[row]) for v in ours])
        base = summary([_ready_s(v[row]) for v in naive]) if row != "offline" else None
        seconds, most = TARGETS[row]
        share = ratio(mine, base) if base else None
        out[row] = {
            "ours": mine,
            "naive": base,
            "ratio": share,
            "target": {"seconds": seconds, "ratio": most},
            "met": {
                "seconds": mine["median"] <= seconds,
                "ratio": None if most is None or share is None else share <= most,
            },
            "from_snapshot": sum(v[row].steps.get("worker-snapshot") is not None for v in ours),
            "steps_ms": {
                step: round(sorted(v[row].steps[step] for v in ours)[len(ours) // 2])
                for step in ours[0][row].steps
                if all(v[row].steps[step] is not None for v in ours)
            },
        }
    return out


def print_rows(startup: dict) -> None:
    before, after = startup["loadavg_before"], startup["loadavg_after"]
    print(f"\nstart-up, navigation to calculator ready (median, min-max of {startup['cold']['ours']['runs']} runs)")
    print(f"load average (1, 5, 15 min): before {before}, after {after}")
    runs = startup["cold"]["ours"]["runs"]
    print(
        f"a visit after the service worker installed: controlled by it in {startup['controlled_after_install']} of "
        f"{runs} runs; its compiled wasm reused (traced wasm.Deserialize) in {startup['wasm_reused_after_install']} of "
        f"{runs} (naive page: {startup['naive_wasm_reused']} of {runs})"
    )
    print(
        "started from the memory snapshot: "
        + ", ".join(f"{row} {startup[row]['from_snapshot']} of {runs}" for row in ROWS)
        + " (a first visit only when the snapshot it fetches comes in time)"
    )
    floor = startup["floor"]
    print(
        "floor, the same runtime on a page with nothing else (no theme, form or service worker): "
        + ", ".join(
            f"{row} {floor[row]['median']:.2f} s ({floor[row]['min']:.2f}-{floor[row]['max']:.2f})"
            for row in FLOOR_ROWS
        )
        + "; a time target under its floor cannot be met on this machine by any change to the pages"
    )
    print(f"{'row':42} {'ours':>22} {'naive':>8} {'ratio':>6} {'floor':>7}  target               met")
    for row in ROWS:
        r = startup[row]
        under = floor[FLOOR_OF[row]]["median"]
        ours = f"{r['ours']['median']:.2f} s ({r['ours']['min']:.2f}-{r['ours']['max']:.2f})"
        naive = f"{r['naive']['median']:.2f} s" if r["naive"] else "cannot"
        share = f"{r['ratio']:.2f}" if r["ratio"] is not None else ""
        target = f"{r['target']['seconds']} s" + (f", {r['target']['ratio']}x" if r["target"]["ratio"] else "")
        met = r["met"]
        verdict = ("time met" if met["seconds"] else "time NOT MET") + (
            "" if met["ratio"] is None else (", ratio met" if met["ratio"] else ", ratio NOT MET")
        )
        if not met["seconds"] and under > r["target"]["seconds"]:
            verdict += " (under the floor)"
        print(f"{LABELS[row]:42} {ours:>22} {naive:>8} {share:>6} {under:>5.2f} s  {target:20} {verdict}")
    print(
        "where a start goes (median ms from navigation): "
        + "; ".join(
            f"{row}: " + ", ".join(f"{step} {ms}" for step, ms in startup[row]["steps_ms"].items()) for row in ROWS
        )
    )
