"""`python -m bench.editorial_speed` (`make bench-editorial`): the editorial tools and the build at 115 pages.

Generates the repository of `bench.editorial_repo` in a temporary directory, then times, as an editor runs them
(whole processes, median of `--runs`, min and max):

- `editorial status` (target 0.5 s, with no cache: nothing is kept between runs) and `editorial check --production`;
- the production build as `make build` runs it (`editorial build`: `check --production`, `mkdocs build --strict`
  and `check-site` in one process), against `mkdocs build --strict` of the same config (target 1.2x) and a plain
  Material build (no plugin, no overrides), run alternately, medians; the three steps as separate processes too;
- `make build` right after an editor changed one page (uncommitted).

The editorial tools keep no cache: each run reads the ledgers, verifies the statements in-process and asks git one
batched log. The first run (cold) is printed beside the others (the OS file cache, Jinja's bytecode).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .editorial_repo import commit_count, generate, mkdocs_yml

VENV_BIN = Path(sys.executable).parent
TARGETS = {"status_s": 0.5, "check_production_s": 1.0, "build_ratio": 1.2}


def _run(args: list[str], cwd: Path) -> tuple[float, int]:
    # This sandbox sets PYTHONDONTWRITEBYTECODE, so our modules (unlike the installed MkDocs and Material, compiled by
    # pip) would be compiled from source at every run; a normal machine writes their bytecode once.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, done.returncode


def _summary(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3), "max": round(max(values), 3)}


def measure(root: Path, runs: int) -> dict:
    editorial = [str(VENV_BIN / "editorial"), "--root", str(root)]
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]
    plain = root / "mkdocs-plain.yml"
    plain.write_text(mkdocs_yml(with_plugin=False))
    steps = {
        "status": [*editorial, "status"],
        "check_production": [*editorial, "check", "--production"],
        "mkdocs_build": [*mkdocs, "--site-dir", str(root / "site")],
        "check_site": [*editorial, "check-site", str(root / "site")],
        # what `make build` runs: the three steps above in one process
        "make_build": [*editorial, "build", "--quiet", "--site-dir", str(root / "site")],
        "plain_build": [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(plain),
            "--site-dir",
            str(root / "plain-site"),
        ],
    }
    figures: dict = {}
    for name, args in steps.items():
        cold, code = _run(args, root)
        times = [_run(args, root)[0] for _ in range(runs)]
        figures[name] = {**_summary(times), "cold": round(cold, 3), "exit": code}
    separate = [
        a + b + c
        for a, b, c in zip(
            *(
                [_run(steps[s], root)[0] for _ in range(runs)]
                for s in ("check_production", "mkdocs_build", "check_site")
            ),
            strict=True,
        )
    ]
    figures["three_processes"] = _summary(separate)
    # The ratio from alternating runs, so a change in the machine's load falls on both sides alike.
    ours, strict_times, plain_times = [], [], []
    for _ in range(max(runs, 5)):
        ours.append(_run(steps["make_build"], root)[0])
        strict_times.append(_run(steps["mkdocs_build"], root)[0])
        plain_times.append(_run(steps["plain_build"], root)[0])
    figures["make_build_paired"] = _summary(ours)
    figures["mkdocs_strict_paired"] = _summary(strict_times)
    figures["plain_build_paired"] = _summary(plain_times)
    figures["build_ratio"] = round(statistics.median(ours) / statistics.median(strict_times), 2)
    figures["build_ratio_plain_material"] = round(statistics.median(ours) / statistics.median(plain_times), 2)
    figures["make_build_after_edit"] = _summary(_after_edit(root, steps["make_build"], runs))
    return figures


def _after_edit(root: Path, build: list[str], runs: int) -> list[float]:
    """`make build` right after an editor changed one approved page (not committed): what one edit costs."""
    page = sorted((root / "docs" / "articles").glob("*.md"))[0]
    original = page.read_bytes()
    times = []
    try:
        for n in range(runs):
            page.write_bytes(original + f"\nAn edit ({n}).\n".encode())
            times.append(_run(build, root)[0])
    finally:
        page.write_bytes(original)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.editorial_speed")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate here and keep it (default: a temporary directory)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="igm-editorial-bench-") as tmp:
        root = args.keep or Path(tmp) / "repo"
        start = time.perf_counter()
        if not (root / "editorial.yml").is_file():
            generate(root)
        pages = len(list((root / "docs").rglob("*.md"))) - 1  # the home page has no ledger
        print(
            f"repository: {pages} pages under review, {commit_count(root)} commits "
            f"(generated in {time.perf_counter() - start:.1f} s)"
        )
        figures = measure(root, args.runs)
    print(f"\n{'step':20} {'median':>8} {'min':>8} {'max':>8} {'cold':>8} {'exit':>5}")
    for name, value in figures.items():
        if isinstance(value, dict) and "cold" in value:
            row = f"{value['median']:>8} {value['min']:>8} {value['max']:>8} {value['cold']:>8} {value['exit']:>5}"
            print(f"{name:20} {row}")
    for name in ("three_processes", "make_build_paired", "plain_build_paired", "make_build_after_edit"):
        value = figures[name]
        print(f"{name:20} {value['median']:>8} {value['min']:>8} {value['max']:>8}")
    print("\ntargets (issue 19)")
    shown = {
        "status_s": figures["status"]["median"],
        "check_production_s": figures["check_production"]["median"],
        "build_ratio": figures["build_ratio"],
    }
    for key, value in shown.items():
        verdict = "met" if value <= TARGETS[key] else "NOT MET"
        print(f"  {key:22} {value:>8}  target <= {TARGETS[key]:<5} {verdict}")
    print(json.dumps({"figures": figures, "targets": shown}, indent=1), file=sys.stderr)


if __name__ == "__main__":
    main()
