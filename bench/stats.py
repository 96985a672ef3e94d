"""Summaries of repeated measurements: every figure is reported as median, min and max."""

from __future__ import annotations

import statistics


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
        "runs": len(values),
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def ratio(ours: dict[str, float], baseline: dict[str, float]) -> float:
    return round(ours["median"] / baseline["median"], 3) if baseline["median"] else float("nan")
