"""Smoldering WM cumulative progression, Kyle 2012 (Blood 119:4462, PMID 22451426), spec §5b: the four
published horizons and nothing interpolated are cases in tests/cases/swm_progression.json."""

from __future__ import annotations

from calculators import describe, run


def test_progression_only_rises_with_time():
    values = [run("swm_progression", {"horizon_years": y})["cumulative_progression_pct"] for y in (1, 3, 5, 10)]
    assert values == sorted(values)


def test_the_2009_disagreement_is_shown():
    assert any("55%" in d["difference"] for d in describe("swm_progression")["disagreements"])
