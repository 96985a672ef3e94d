"""`python -m bench.snapshot`: Pyodide's memory snapshot measured in Chromium (issue 23), beside the start the site
uses (the precompiled standard library), on the same page, in the same persistent profile, interleaved run by run.

A snapshot of the calculators' state is made under Node with the very files the site ships; a page then starts
Pyodide on the main thread either way, unpacks the calculators bundle and computes one IPSSWM result. Printed: the
snapshot's size (raw, gzipped), and from `loadPyodide` to the first result, the cold visit and the third (warm) visit.
The site does not use the snapshot; this is the figure to decide whether it should.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from . import sites
from .browser import ARGS, CHROMIUM
from .server import CountingServer
from .stats import summary

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>snapshot trial</title>
<script type="module" src="snap.js"></script></head><body><p>snapshot trial</p></body></html>
"""
SCRIPT = """import { PYODIDE_BASE, STDLIB_URL, CALCULATORS_BUNDLE, LOCKFILE } from "../assets/igm/{runtime}";
import { loadPyodide } from "../assets/pyodide/{version}/pyodide.mjs";
const snapshot = new URL(location.href).searchParams.get("mode") === "snapshot";
const options = { indexURL: PYODIDE_BASE, stdLibURL: STDLIB_URL, lockFileContents: LOCKFILE, packages: [] };
if (snapshot) options._loadSnapshot = fetch("snapshot.bin").then((response) => response.arrayBuffer());
const bundle = fetch(CALCULATORS_BUNDLE).then((response) => response.arrayBuffer());
performance.mark("trial:start");
const pyodide = await loadPyodide(options);
performance.mark("trial:interpreter");
pyodide.unpackArchive(await bundle, "zip", { extractDir: "/home/pyodide/igm" });
pyodide.runPython(
  "import sys\\nif '/home/pyodide/igm' not in sys.path: sys.path.insert(0, '/home/pyodide/igm')\\n" +
  "import calculators\\nfrom calculators.registry import CALCULATORS\\nCALCULATORS['ipsswm']",
);
const answer = pyodide.runPython(
  `import calculators; calculators.run_json("ipsswm", '{"age_years": 70, "hemoglobin": 10, "platelets": 150, "beta2m": 3, "m_protein": 2}')`,
);
performance.mark("trial:result");
document.body.dataset.category = JSON.parse(answer).category;
"""
MARK = "(name) => performance.getEntriesByName(name)[0]?.startTime ?? null"


def add_trial_page(site: Path, snapshot: Path) -> str:
    igm = site / "assets" / "igm"
    runtime = next(igm.glob("runtime.*.js")).name
    version = next((site / "assets" / "pyodide").iterdir()).name
    trial = site / "snap"
    trial.mkdir(exist_ok=True)
    (trial / "index.html").write_text(PAGE)
    (trial / "snap.js").write_text(SCRIPT.replace("{runtime}", runtime).replace("{version}", version))
    (trial / "snapshot.bin").write_bytes(snapshot.read_bytes())
    return "/snap/"


def make_snapshot(site: Path, out: Path) -> None:
    igm = site / "assets" / "igm"
    stdlib, bundle = next(igm.glob("python_stdlib.*.zip")), next(igm.glob("calculators.*.zip"))
    pyodide = sites.ROOT / "node_modules" / "pyodide"
    script = Path(__file__).with_name("snapshot_make.mjs")
    subprocess.run(["node", str(script), str(pyodide), str(stdlib), str(bundle), str(out), "ipsswm"], check=True)


def visit(page, url: str) -> tuple[float, float]:
    """(loadPyodide to interpreter, loadPyodide to first result) in ms."""
    page.goto(url)
    page.wait_for_selector("body[data-category]", timeout=120000)
    start, interpreter, result = (page.evaluate(MARK, f"trial:{m}") for m in ("start", "interpreter", "result"))
    return interpreter - start, result - start


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.snapshot")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="igm-snapshot-") as tmp:
        work = Path(tmp)
        sites.mkdocs_build(sites.ROOT / "mkdocs.yml", work / "site")
        snapshot = work / "snapshot.bin"
        make_snapshot(work / "site", snapshot)
        raw = snapshot.read_bytes()
        path = add_trial_page(work / "site", snapshot)
        server = CountingServer(work / "site")
        times: dict[str, dict[str, list[float]]] = {m: {"cold": [], "warm": []} for m in ("stdlib", "snapshot")}
        load = os.getloadavg()
        with sync_playwright() as pw:
            for _ in range(args.runs):
                for mode in times:
                    with tempfile.TemporaryDirectory(prefix="igm-bench-profile-") as profile:
                        context = pw.chromium.launch_persistent_context(
                            profile, executable_path=CHROMIUM, args=ARGS, headless=True
                        )
                        try:
                            url = f"{server.url}{path}?mode={mode}"
                            for visit_number in range(3):
                                page = context.new_page()
                                _, result = visit(page, url)
                                page.close()
                                if visit_number == 0:
                                    times[mode]["cold"].append(result)
                            times[mode]["warm"].append(result)
                        finally:
                            context.close()
        print(
            f"snapshot of the calculators' state: {len(raw) / 1e6:.1f} MB, {len(gzip.compress(raw, 6)) / 1e6:.1f} MB gzipped"
        )
        print(f"load average before: {[round(x, 2) for x in load]}, after: {[round(x, 2) for x in os.getloadavg()]}")
        print("loadPyodide to first IPSSWM result, ms (median, min-max):")
        for mode, rows in times.items():
            for which, values in rows.items():
                s = summary(values)
                print(f"  {mode:9} {which:5} {s['median']:8.0f} ({s['min']:.0f}-{s['max']:.0f})")


if __name__ == "__main__":
    main()
