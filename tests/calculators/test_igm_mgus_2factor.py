"""IgM MGUS two-factor risk against Kyle 2018 (N Engl J Med 378:241), spec §6b: M-protein ≥ 1.5 g/dL and
an abnormal FLC ratio (< 0.26 or > 1.65), an independent oracle, and the population gate at 3 g/dL. The
published cases are in tests/cases/igm_mgus_2factor.json."""

from __future__ import annotations

import itertools

from hypothesis import given, settings

from calculators import compute, describe, run

from .common import around, compare, valid_inputs

NORMAL = {"m_protein": "0.5", "flc_ratio": 1}


def two(**changes):
    return compute("igm_mgus_2factor", {**NORMAL, **changes}).to_dict()


def test_the_pmid_is_not_presented_as_verified():
    kyle = next(r for r in describe("igm_mgus_2factor")["references"] if r["id"] == "kyle2018")
    assert kyle["verification"] == "R"


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
def test_valid_input_computes_below_3_g_dl_and_is_refused_from_3(inputs):
    result = run("igm_mgus_2factor", inputs)
    m = inputs["m_protein"]
    if inputs.get("marrow_ge_10") == "yes":  # not MGUS (spec §6d population gate)
        assert [(e["input"], e["code"]) for e in result["errors"]] == [("marrow_ge_10", "outside_population")]
        return
    if compare(m["value"], ">=", {"g/dL": "3", "g/L": "30", "mg/dL": "3000"}[m["unit"]]):  # not MGUS (spec §6d)
        assert [(e["input"], e["code"]) for e in result["errors"]] == [("m_protein", "outside_population")]
        assert [link["calculator"] for link in result["errors"][0]["links"]] == ["swm_progression", "awm_factors"]
    else:
        assert "errors" not in result, result
        assert 0 <= result["score"] <= 2
