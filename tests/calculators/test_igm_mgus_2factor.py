"""IgM MGUS two-factor risk against Kyle 2018 (N Engl J Med 378:241), spec §6b: M-protein ≥ 1.5 g/dL and
an abnormal FLC ratio (< 0.26 or > 1.65), 20-year progression 19/41/55%, bad input, and an oracle."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings

from calculators import compute, describe, run

from .common import around, bad_inputs, command_line, compare, error_codes, valid_inputs

NORMAL = {"m_protein": "0.5", "flc_ratio": 1}


def two(**changes):
    return compute("igm_mgus_2factor", {**NORMAL, **changes}).to_dict()


CASES = [
    ({}, 0, "19%"),
    ({"m_protein": "1.49"}, 0, "19%"),
    ({"m_protein": "1.5"}, 1, "41%"),  # "≥ 1.5 g/dL"
    ({"m_protein": {"value": 15, "unit": "g/L"}}, 1, "41%"),
    ({"m_protein": {"value": "14.99", "unit": "g/L"}}, 0, "19%"),
    ({"m_protein": {"value": 1500, "unit": "mg/dL"}}, 1, "41%"),
    ({"flc_ratio": "0.26"}, 0, "19%"),
    ({"flc_ratio": "0.259"}, 1, "41%"),
    ({"flc_ratio": "1.65"}, 0, "19%"),
    ({"flc_ratio": "1.651"}, 1, "41%"),
    ({"m_protein": 2, "flc_ratio": "0.1"}, 2, "55%"),
    ({"m_protein": 2, "flc_ratio": 4}, 2, "55%"),
]


@pytest.mark.parametrize(("changes", "count", "p20"), CASES)
def test_published_rules(changes, count, p20):
    result = two(**changes)
    assert result["score"] == count == len(result["factors"])
    assert result["outcome"][0]["value"] == p20


def test_the_pmid_is_not_presented_as_verified():
    kyle = next(r for r in describe("igm_mgus_2factor")["references"] if r["id"] == "kyle2018")
    assert kyle["verification"] == "R"


BAD = [*bad_inputs("igm_mgus_2factor", NORMAL), ({**NORMAL, "isotype": "IgM"}, "isotype", "unknown_input")]


def test_there_are_at_least_twenty_bad_inputs():
    assert len(BAD) >= 20


@pytest.mark.parametrize(("inputs", "input_id", "code"), BAD)
def test_bad_input_is_rejected_at_its_field(inputs, input_id, code):
    assert (input_id, code) in error_codes("igm_mgus_2factor", inputs)


M = {"g/dL": "1.5", "g/L": "15", "mg/dL": "1500"}


def test_engine_matches_independent_oracle_over_boundary_grid():
    ms = [(v, u) for u, t in M.items() for v in around(t)]
    flcs = [*around("0.26"), *around("1.65"), "0.001", "10000"]
    for m, flc in itertools.product(ms, flcs):
        n = compare(m[0], ">=", M[m[1]]) + (compare(flc, "<", "0.26") or compare(flc, ">", "1.65"))
        result = compute("igm_mgus_2factor", {"m_protein": {"value": m[0], "unit": m[1]}, "flc_ratio": flc})
        assert (result.score, result.category) == (n, ["no_factor", "one_factor", "two_factors"][n])


@settings(max_examples=200, deadline=None)
@given(valid_inputs("igm_mgus_2factor"))
def test_valid_input_never_raises_and_stays_in_range(inputs):
    result = run("igm_mgus_2factor", inputs)
    assert "errors" not in result, result
    assert 0 <= result["score"] <= 2


def test_command_line():
    code, out = command_line("igm_mgus_2factor", {"m_protein": 2, "flc_ratio": 2})
    assert code == 0 and out["score"] == 2
    code, out = command_line("igm_mgus_2factor", {"m_protein": 2})
    assert code == 2 and out["errors"][0]["input"] == "flc_ratio"
