"""Mayo MGUS risk stratification against Rajkumar 2005 (Blood 106:812, PMID 15855274), spec §6a: non-IgG
isotype, M-protein ≥ 1.5 g/dL in every unit, FLC ratio < 0.26 or > 1.65 (limits normal), IgM never low
risk, bad input, and an independent oracle over a grid around every threshold."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings

from calculators import compute, run

from .common import around, bad_inputs, command_line, compare, error_codes, valid_inputs

NORMAL = {"isotype": "IgG", "m_protein": "0.5", "flc_ratio": 1}


def mayo(**changes):
    return compute("mayo_mgus", {**NORMAL, **changes}).to_dict()


# (changes, expected factors, expected category), each read from Rajkumar 2005 (spec §6a).
CASES = [
    ({}, [], "low"),
    ({"isotype": "IgA"}, ["non_igg"], "low_intermediate"),
    ({"isotype": "IgM"}, ["non_igg"], "low_intermediate"),
    ({"m_protein": "1.49"}, [], "low"),
    ({"m_protein": "1.5"}, ["m_protein"], "low_intermediate"),  # "≥ 1.5 g/dL" (a clone uses > 1.5)
    ({"m_protein": {"value": 15, "unit": "g/L"}}, ["m_protein"], "low_intermediate"),
    ({"m_protein": {"value": "14.9", "unit": "g/L"}}, [], "low"),
    ({"m_protein": {"value": 1500, "unit": "mg/dL"}}, ["m_protein"], "low_intermediate"),
    ({"m_protein": {"value": 1499, "unit": "mg/dL"}}, [], "low"),
    ({"flc_ratio": "0.26"}, [], "low"),  # the limits are normal
    ({"flc_ratio": "0.25"}, ["flc_low"], "low_intermediate"),
    ({"flc_ratio": "1.65"}, [], "low"),
    ({"flc_ratio": "1.66"}, ["flc_high"], "low_intermediate"),
    ({"isotype": "IgM", "m_protein": 2}, ["non_igg", "m_protein"], "high_intermediate"),
    ({"isotype": "IgA", "flc_ratio": "0.1"}, ["non_igg", "flc_low"], "high_intermediate"),
    ({"isotype": "IgM", "m_protein": 2, "flc_ratio": 5}, ["non_igg", "m_protein", "flc_high"], "high"),
]


@pytest.mark.parametrize(("changes", "factors", "category"), CASES)
def test_published_rules(changes, factors, category):
    result = mayo(**changes)
    assert result["factors"] == factors
    assert result["score"] == len(factors)
    assert result["category"] == category


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


BAD = [*bad_inputs("mayo_mgus", NORMAL), ({**NORMAL, "isotype": "igm"}, "isotype", "invalid_choice")]


def test_there_are_at_least_twenty_bad_inputs():
    assert len(BAD) >= 20


@pytest.mark.parametrize(("inputs", "input_id", "code"), BAD)
def test_bad_input_is_rejected_at_its_field(inputs, input_id, code):
    assert (input_id, code) in error_codes("mayo_mgus", inputs)


def test_missing_inputs_are_never_imputed():
    assert error_codes("mayo_mgus", {"isotype": "IgM", "m_protein": 3}) == [("flc_ratio", "required")]


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
def test_valid_input_never_raises_and_stays_in_range(inputs):
    result = run("mayo_mgus", inputs)
    assert "errors" not in result, result
    assert 0 <= result["score"] <= 3
    if inputs["isotype"] != "IgG":
        assert result["category"] != "low"


def test_command_line():
    code, out = command_line("mayo_mgus", {**NORMAL, "isotype": "IgM"})
    assert code == 0 and out["category"] == "low_intermediate"
    code, out = command_line("mayo_mgus", {**NORMAL, "isotype": "IgD"})
    assert code == 2 and out["errors"][0]["input"] == "isotype"
