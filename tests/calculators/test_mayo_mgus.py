"""Mayo MGUS risk stratification against Rajkumar 2005 (Blood 106:812, PMID 15855274), spec §6a: non-IgG
isotype, M-protein ≥ 1.5 g/dL in every unit, FLC ratio < 0.26 or > 1.65 (limits normal), IgM never low
risk, the population gate at 3 g/dL, and an independent oracle over a grid around every threshold.
The published cases are in tests/cases/mayo_mgus.json."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings

from calculators import compute, run

from .common import around, command_line, compare, error_codes, valid_inputs

NORMAL = {"isotype": "IgG", "m_protein": "0.5", "flc_ratio": 1}


def mayo(**changes):
    return compute("mayo_mgus", {**NORMAL, **changes}).to_dict()


@pytest.mark.parametrize(
    ("changes", "p20", "competing"),
    [
        ({}, "5%", "2%"),
        ({"isotype": "IgM"}, "21%", "10%"),
        ({"isotype": "IgM", "m_protein": 2}, "37%", "18%"),
        ({"isotype": "IgM", "m_protein": 2, "flc_ratio": 5}, "58%", "27%"),
    ],
)
def test_outcome_follows_category(changes, p20, competing):
    outcome = {o["label"]: o for o in mayo(**changes)["outcome"]}
    assert outcome["Progression at 20 years"]["value"] == p20
    assert outcome["Progression at 20 years, death as a competing risk"]["value"] == competing
    assert outcome["Relative risk"]["verification"] == "V2"


def test_igm_is_never_low_risk():
    for m, flc in itertools.product(["0", "0.5", "1.49"], ["0.26", "1", "1.65"]):
        assert mayo(isotype="IgM", m_protein=m, flc_ratio=flc)["category"] == "low_intermediate"


def test_abnormal_flc_is_one_factor_and_max_score_is_three():
    assert mayo()["max_score"] == 3
    assert mayo(flc_ratio="0.01")["points"]["flc"] == 1


def test_missing_inputs_are_never_imputed():
    assert error_codes("mayo_mgus", {"isotype": "IgM", "m_protein": 2}) == [("flc_ratio", "required")]


M = {"g/dL": "1.5", "g/L": "15", "mg/dL": "1500"}


def oracle(isotype, m, flc) -> tuple[int, str]:
    n = (isotype != "IgG") + compare(m[0], ">=", M[m[1]]) + (compare(flc, "<", "0.26") or compare(flc, ">", "1.65"))
    return n, ["low", "low_intermediate", "high_intermediate", "high"][n]


def test_engine_matches_independent_oracle_over_boundary_grid():
    ms = [(v, u) for u, t in M.items() for v in around(t)]
    flcs = [*around("0.26"), *around("1.65"), "1", "0.001", "10000"]
    checked = 0
    for isotype, m, flc in itertools.product(["IgG", "IgA", "IgM"], ms, flcs):
        result = compute(
            "mayo_mgus", {"isotype": isotype, "m_protein": {"value": m[0], "unit": m[1]}, "flc_ratio": flc}
        )
        assert (result.score, result.category) == oracle(isotype, m, flc)
        checked += 1
    assert checked == 3 * 9 * 9


@settings(max_examples=300, deadline=None)
@given(valid_inputs("mayo_mgus"))
def test_valid_input_computes_below_3_g_dl_and_is_refused_from_3(inputs):
    result = run("mayo_mgus", inputs)
    m = inputs["m_protein"]
    if inputs.get("marrow_ge_10") == "yes":  # not MGUS (spec §6d population gate)
        assert [(e["input"], e["code"]) for e in result["errors"]] == [("marrow_ge_10", "outside_population")]
        return
    if compare(m["value"], ">=", {"g/dL": "3", "g/L": "30", "mg/dL": "3000"}[m["unit"]]):  # not MGUS (spec §6d)
        assert [(e["input"], e["code"]) for e in result["errors"]] == [("m_protein", "outside_population")]
        return
    assert "errors" not in result, result
    assert 0 <= result["score"] <= 3
    if inputs["isotype"] != "IgG":
        assert result["category"] != "low"


def test_command_line_refuses_an_m_protein_of_3_g_dl_or_more():
    for calculator, inputs in (
        ("mayo_mgus", {"isotype": "IgG", "m_protein": 4, "flc_ratio": 1}),
        ("igm_mgus_2factor", {"m_protein": {"value": 35, "unit": "g/L"}, "flc_ratio": 3}),
    ):
        code, out = command_line(calculator, inputs)
        assert code == 2
        assert [(e["input"], e["code"]) for e in out["errors"]] == [("m_protein", "outside_population")]
        assert {link["calculator"] for link in out["errors"][0]["links"]} == {"swm_progression", "awm_factors"}
