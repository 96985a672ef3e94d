"""`python -m bench.wheel_start`: how fast real Pyodide (under Node) starts with the calculators loaded each way.

- bundle: what the site ships: the trimmed stdlib and the calculators, both precompiled by Pyodide itself;
- wheel, stock stdlib: `loadPyodide({packages: ["igm-calculators"]})` through the lockfile, npm's stdlib as is;
- wheel, precompiled stdlib + email: the same, with our precompiled stdlib keeping `email`, which installing
  any wheel needs (importlib.metadata); the site's trimmed stdlib drops it, so the wheel cannot load there.

Runs alternate (bundle, wheel, wheel, bundle, ...) so that the machine's load falls on all alike; each figure is
the median of `--runs` starts, timed inside Node from the runner's start to the calculators imported.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from igm_site.runtime import ROOT, Runtime
from igm_site.stdlib import PLAN, precompiled_stdlib

RUNNER = ROOT / "tests" / "pyodide" / "runner.mjs"
PROBE = {"id": 1, "calculator": "ipsswm", "text": json.dumps({"age_years": 70})}


def start_once(args: list[str]) -> tuple[float, float]:
    """(ms inside Node until the calculators are imported, wall ms until the first answer)."""
    began = time.perf_counter()
    process = subprocess.Popen(
        [shutil.which("node") or "node", str(RUNNER), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    hello = json.loads(process.stdout.readline())
    process.stdin.write(json.dumps(PROBE) + "\n")
    process.stdin.flush()
    reply = json.loads(process.stdout.readline())
    wall = (time.perf_counter() - began) * 1000
    process.stdin.close()
    process.wait(timeout=30)
    assert "output" in reply, reply
    return hello["ms"], wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    runtime = Runtime.locate()
    lockfile = json.dumps(runtime.lockfile())
    with_email = {**PLAN, "drop": [name for name in PLAN["drop"] if name != "email"]}
    stdlib_email = precompiled_stdlib(runtime.pyodide_dir, ROOT / ".cache" / "igm", with_email)
    with tempfile.TemporaryDirectory() as tmp:
        bundle = Path(tmp) / "calculators.zip"
        bundle.write_bytes(runtime.bundle)
        (Path(tmp) / runtime.wheel.filename).write_bytes(runtime.wheel.data)
        core = str(runtime.pyodide_dir)
        variants = {
            "bundle (what the site ships)": [core, str(bundle), str(runtime.stdlib), lockfile],
            "wheel, stock stdlib": [core, "-", str(runtime.pyodide_dir / "python_stdlib.zip"), lockfile, tmp],
            "wheel, precompiled stdlib + email": [core, "-", str(stdlib_email), lockfile, tmp],
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
        for n in range(runs):
            order = list(variants) if n % 2 == 0 else list(reversed(variants))
            for name in order:
                times[name].append(start_once(variants[name]))
    load = os.getloadavg()
    print(f"Pyodide start under Node, calculators loaded, median of {runs} (load average {load[0]:.2f})")
    print(f"{'':36} {'in Node ms':>11} {'to 1st answer ms':>17} {'× bundle':>9}")
    base = statistics.median(t[0] for t in times["bundle (what the site ships)"])
    for name, samples in times.items():
        inside = statistics.median(t[0] for t in samples)
        wall = statistics.median(t[1] for t in samples)
        print(f"{name:36} {inside:11.0f} {wall:17.0f} {inside / base:9.2f}")
    sizes = (len(runtime.bundle), len(runtime.wheel.data))
    print(f"bytes: bundle {sizes[0]:,} (bytecode), wheel {sizes[1]:,} (sources)")


if __name__ == "__main__":
    main()
