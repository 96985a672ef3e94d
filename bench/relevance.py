"""How long one answer takes now that it also decides which inputs matter: `run_json` for the entries that
cost the most evaluations, in CPython and in real Pyodide under Node (the runner of the parity tests, so
each Pyodide figure includes a JSON round trip over a pipe). Prints median and p95 over 50 calls.

    .venv/bin/python -m bench.relevance
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from calculators import run
from tests.pyodide.conftest import PyodideRunner

MG = "mg/dL"
ENTRIES = [
    ("ipsswm", "empty form", {}),
    ("ipsswm", "one value", {"age_years": 70}),
    ("mss_wm", "empty form", {}),
    ("ripsswm", "empty form", {}),
    (
        "iwwm_response",
        "IgM values only",
        {"baseline_igm": {"value": 4000, "unit": MG}, "current_igm": {"value": 400, "unit": MG}},
    ),
    ("plasmapheresis_check", "empty form", {}),
    ("plasmapheresis_check", "symptoms yes", {"hvs_symptoms": "yes"}),
    ("treatment_indication", "one criterion met", {"largest_node_cm": 6}),
    ("igm_classifier", "empty form", {}),
]


def _figures(call, n: int = 50) -> tuple[float, float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (n - 1))]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pyodide = PyodideRunner(Path(tmp))
        print(f"{'calculator':22} {'entry':20} {'CPython ms (median/p95)':>24} {'Pyodide ms (median/p95)':>24}")
        for calculator, label, inputs in ENTRIES:
            cpython = _figures(lambda c=calculator, i=inputs: run(c, i))
            in_pyodide = _figures(lambda c=calculator, i=inputs: pyodide.run(c, i))
            print(
                f"{calculator:22} {label:20} {cpython[0]:11.1f} / {cpython[1]:<10.1f} {in_pyodide[0]:11.1f} / {in_pyodide[1]:<10.1f}"
            )
        pyodide.close()


if __name__ == "__main__":
    main()
