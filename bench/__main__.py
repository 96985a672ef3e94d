"""`python -m bench`: build, serve on 127.0.0.1, measure in headless Chromium, print a table, write JSON.

Every figure is the median, min and max over `--runs` runs, and each is compared, in the same run on
the same machine, with the naive baseline (loadPyodide() on the main thread at submit, stock core).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from . import browser, reader, sites, startup
from .server import CountingServer
from .stats import percentile, ratio, summary

TARGETS = {  # issues 6, 12 and 23, on this 2-core machine
    "ready_cold_s": ("<=", 1.3),
    "ready_warm_s": ("<=", 0.6),
    "ready_warm_straight_s": ("<=", 0.6),
    "ready_cold_ratio": ("<=", 0.5),
    "ready_warm_ratio": ("<=", 0.4),
    "ready_warm_straight_ratio": ("<=", 0.4),
    "ready_offline_s": ("<=", 0.6),
    "ready_3mbit_s": ("<=", 30),
    "cannot_run_3mbit": ("==", 0),
    "result_p95_ms": ("<=", 50),
    "article_pyodide_bytes": ("==", 0),
    "article_fcp_ratio": ("<=", 1.1),
    "build_500_ratio": ("<=", 1.2),
    **reader.TARGETS,  # issue 21: the article's length, its "In brief" on a phone, one printed page
}


SLOW = (3, 100)  # Mbit/s and round trip in ms: a congested ward Wi-Fi (issue 12)


def start_profile(visits: list) -> dict:
    """Median ms from navigation to each step of the worker's start, and the share of each step."""
    # A step some visits lack (the snapshot's, on a first visit) is left out where all lack it.
    steps = [s for s in visits[0].steps if any(v.steps[s] is not None for v in visits)]
    medians = {s: statistics.median(v.steps[s] for v in visits if v.steps[s] is not None) for s in steps}
    out, previous = {}, 0.0
    for step in steps:
        out[f"to_{step}_ms"] = round(medians[step] - previous)
        previous = medians[step]
    return out


def calculator_figures(pw, server, path: str, runs: int, offline: bool = False) -> dict:
    visits = browser.repeat(runs, lambda: browser.calculator_visits(pw, server, path, offline=offline))
    cold, warm = [v[0] for v in visits], [v[1] for v in visits]
    ready = lambda vs: [(v.ready_ms if v.ready_ms is not None else v.first_result_ms) / 1000 for v in vs]  # noqa: E731
    extra = {}
    if offline:
        extra["ready_offline_s"] = summary(ready([v[2] for v in visits]))
        extra["profile_cold"] = start_profile(cold)
        extra["profile_warm"] = start_profile(warm)
    return extra | {
        "ready_cold_s": summary(ready(cold)),
        "ready_warm_s": summary(ready(warm)),
        "first_result_cold_s": summary([v.first_result_ms / 1000 for v in cold]),
        "first_result_warm_s": summary([v.first_result_ms / 1000 for v in warm]),
        "result_p50_ms": summary([statistics.median(v.latencies) for v in cold]),
        "result_p95_ms": summary([percentile(v.latencies, 95) for v in cold]),
        "bytes_cold": summary([v.bytes for v in cold]),
        "bytes_warm": summary([v.bytes for v in warm]),
    }


def build_figures(runs: int, pages: int, work: Path) -> dict:
    real = [sites.mkdocs_build(sites.ROOT / "mkdocs.yml", work / "real-site") for _ in range(runs)]
    ours_cfg = sites.generated_site(work / "gen", pages, with_plugin=True)
    plain_cfg = sites.generated_site(work / "gen", pages, with_plugin=False)
    ours, plain = [], []
    for _ in range(runs):  # interleaved, so drift in machine load hits both alike
        ours.append(sites.mkdocs_build(ours_cfg, work / "gen-site-igm"))
        plain.append(sites.mkdocs_build(plain_cfg, work / "gen-site-plain"))
    return {
        "build_real_s": summary(real),
        f"build_{pages}_igm_s": summary(ours),
        f"build_{pages}_plain_s": summary(plain),
        "build_500_ratio": ratio(summary(ours), summary(plain)),
    }


def article_figures(pw, ours: CountingServer, plain: CountingServer, runs: int) -> dict:
    path = "/articles/free-heavy-igm/"
    o = browser.repeat(runs, lambda: browser.page_bytes_and_fcp(pw, ours, path))
    p = browser.repeat(runs, lambda: browser.page_bytes_and_fcp(pw, plain, path))
    fcp_ours, fcp_plain = summary([x[2] for x in o]), summary([x[2] for x in p])
    return {
        "article_bytes_cold": summary([x[0] for x in o]),
        "article_bytes_warm": summary([x[1] for x in o]),
        "article_fcp_ms": fcp_ours,
        "plain_material_fcp_ms": fcp_plain,
        "article_fcp_ratio": ratio(fcp_ours, fcp_plain),
        "article_pyodide_bytes": max(x[3] for x in o),
    }


def slow_figures(pw, server, path: str, runs: int) -> dict:
    visits = browser.repeat(runs, lambda: browser.slow_visit(pw, server, path, *SLOW))
    return {
        "ready_3mbit_s": summary([seconds for seconds, state in visits if state == "ready"] or [float("nan")]),
        "cannot_run_3mbit": sum(state != "ready" for _, state in visits),
    }


def check(results: dict) -> dict:
    verdicts = {}
    for key, (op, limit) in TARGETS.items():
        if key not in results:
            continue
        value = results[key]["median"] if isinstance(results[key], dict) else results[key]
        verdicts[key] = {
            "value": value,
            "target": f"{op} {limit}",
            "met": value <= limit if op == "<=" else value == limit,
        }
    return verdicts


def print_table(results: dict) -> None:
    print(f"\n{'figure':34} {'median':>12} {'min':>12} {'max':>12}")
    for key, value in results.items():
        if key == "startup":
            continue
        if isinstance(value, dict) and "median" in value:
            print(f"{key:34} {value['median']:>12} {value['min']:>12} {value['max']:>12}")
        elif "profile_" in key:
            print(f"{key:34} " + ", ".join(f"{step} {ms}" for step, ms in value.items()))
        elif not isinstance(value, dict):
            print(f"{key:34} {value:>12}")
    print("\ntargets (issues 6, 12 and 23)")
    for key, verdict in results["targets"].items():
        print(
            f"  {key:32} {verdict['value']!s:>10}  target {verdict['target']:8}  {'met' if verdict['met'] else 'NOT MET'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--out", type=Path, default=sites.ROOT / "bench" / "results.json")
    parser.add_argument("--only", choices=("all", "startup"), default="all", help="startup: only the start-up rows")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="igm-bench-") as tmp:
        work = Path(tmp)
        sites.mkdocs_build(sites.ROOT / "mkdocs.yml", work / "site")
        naive_path = sites.add_naive_page(work / "site")
        floor_path = sites.add_floor_page(work / "site")
        ours_server = CountingServer(work / "site")
        if args.only == "all":
            plain_cfg = sites.plain_config(sites.ROOT / "mkdocs.yml", work / "plain.yml", sites.ROOT / "docs")
            sites.mkdocs_build(plain_cfg, work / "plain-site")
            plain_server = CountingServer(work / "plain-site")
        with sync_playwright() as pw:
            rows = startup.figures(pw, ours_server, "/calculators/ipsswm/", naive_path, floor_path, args.runs)
            startup_results = {
                "startup": rows,
                # issue 23: warm is the visit after the service worker installed; "straight" the one just after
                "ready_cold_s": rows["cold"]["ours"],
                "ready_warm_s": rows["installed"]["ours"],
                "ready_warm_straight_s": rows["straight"]["ours"],
                "ready_offline_s": rows["offline"]["ours"],
                "ready_cold_ratio": rows["cold"]["ratio"],
                "ready_warm_ratio": rows["installed"]["ratio"],
                "ready_warm_straight_ratio": rows["straight"]["ratio"],
            }
            if args.only == "startup":
                finish(args.out, startup_results | {"targets": check(startup_results)})
                return
            ours = calculator_figures(pw, ours_server, "/calculators/ipsswm/", args.runs, offline=True)
            naive = calculator_figures(pw, ours_server, naive_path, args.runs)
            slow = slow_figures(pw, ours_server, "/calculators/ipsswm/", args.runs)
            articles = article_figures(pw, ours_server, plain_server, args.runs)
            page_sizes = reader.figures(pw, ours_server.url)  # issue 21: sizes, not times
        results = {f"calculator_{k}": v for k, v in ours.items()}
        results |= {f"naive_{k}": v for k, v in naive.items()}
        results |= startup_results
        results |= {
            "first_result_cold_ratio": ratio(ours["first_result_cold_s"], naive["first_result_cold_s"]),
            "first_result_warm_ratio": ratio(ours["first_result_warm_s"], naive["first_result_warm_s"]),
            "result_p95_ms": ours["result_p95_ms"],
            "result_p95_ratio": ratio(ours["result_p95_ms"], naive["result_p95_ms"]),
            "bytes_cold_ratio": ratio(ours["bytes_cold"], naive["bytes_cold"]),
        }
        results |= slow
        results |= articles
        results |= page_sizes
        results |= build_figures(args.runs, args.pages, work)
        results["targets"] = check(results)
    finish(args.out, results)


def finish(out: Path, results: dict) -> None:
    results["machine"] = {"cpus": os.cpu_count(), "platform": platform.platform(), "loadavg": os.getloadavg()}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    if "calculator_ready_cold_s" in results:
        print_table(results)
    else:
        print("\ntargets (issue 23)")
        for key, verdict in results["targets"].items():
            print(
                f"  {key:32} {verdict['value']!s:>10}  target {verdict['target']:8}  {'met' if verdict['met'] else 'NOT MET'}"
            )
    startup.print_rows(results["startup"])
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
