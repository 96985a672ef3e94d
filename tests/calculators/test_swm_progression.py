"""Smoldering WM cumulative progression, Kyle 2012 (Blood 119:4462, PMID 22451426), spec §5b: the four
published horizons, nothing interpolated, bad input."""

from __future__ import annotations

import pytest

from calculators import describe, run

from .common import bad_inputs, command_line, error_codes

# Spec §5b: "6% at 1 y, 39% at 3 y, 59% at 5 y, 68% at 10 y".
PUBLISHED = [(1, 6), (3, 39), (5, 59), (10, 68), ("1", 6), ("10", 68)]


@pytest.mark.parametrize(("years", "pct"), PUBLISHED)
def test_published_horizons(years, pct):
    result = run("swm_progression", {"horizon_years": years})
    assert result["cumulative_progression_pct"] == pct
    assert result["outcome"][0]["value"] == f"{pct}%"
    assert result["references"][0]["pmid"] == "22451426"


@pytest.mark.parametrize("years", [0, 2, 4, 7, 15, "5.0", "five", -1])
def test_no_other_horizon_is_interpolated(years):
    assert ("horizon_years", "invalid_choice") in error_codes("swm_progression", {"horizon_years": years})


def test_progression_only_rises_with_time():
    values = [run("swm_progression", {"horizon_years": y})["cumulative_progression_pct"] for y in (1, 3, 5, 10)]
    assert values == sorted(values)


def test_the_2009_disagreement_is_shown():
    assert any("55%" in d["difference"] for d in describe("swm_progression")["disagreements"])


BAD = [
    *bad_inputs("swm_progression", {"horizon_years": 5}),
    *(
        ({"horizon_years": v}, "horizon_years", "invalid_choice")
        for v in ("2", "20", "1 year", "5y", " 5", "03", "10.0", "ten")
    ),
    *(({"horizon_years": v}, "horizon_years", "invalid_choice") for v in (True, 3.0, [5], {"value": 5})),
    *(({"horizon_years": 5, k: 1}, k, "unknown_input") for k in ("age_years", "serum_igm", "bm_infiltration_pct")),
]


def test_there_are_at_least_twenty_bad_inputs():
    assert len(BAD) >= 20


@pytest.mark.parametrize(("inputs", "input_id", "code"), BAD)
def test_bad_input_is_rejected_at_its_field(inputs, input_id, code):
    assert (input_id, code) in error_codes("swm_progression", inputs)


def test_command_line():
    code, out = command_line("swm_progression", {"horizon_years": 3})
    assert code == 0 and out["cumulative_progression_pct"] == 39
    code, out = command_line("swm_progression", {})
    assert code == 2 and out["errors"][0]["input"] == "horizon_years"
