"""Asymptomatic WM risk factors, Bustoros 2019 (spec §5a): the four binary cut-points with their strictness
(IgM ≥ 4500 mg/dL, marrow ≥ 70%, β2M ≥ 4.0 mg/L, albumin ≤ 3.5 g/dL) as flags only; never a risk group,
always the statement that this is not the validated score; bad input; an independent oracle."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings

from calculators import compute, describe, run

from .common import around, bad_inputs, command_line, compare, error_codes, valid_inputs

NORMAL = {"serum_igm": 2, "bm_infiltration_pct": 30, "beta2m": 2, "albumin": 4}
FLAGS = ("igm_ge_4500", "bm_ge_70", "b2m_ge_4", "albumin_le_3_5")


def awm(**changes):
    return compute("awm_factors", {**NORMAL, **changes}).to_dict()


CASES = [
    ({}, ()),
    ({"serum_igm": {"value": 4500, "unit": "mg/dL"}}, ("igm_ge_4500",)),  # "≥ 4500"
    ({"serum_igm": {"value": 4499, "unit": "mg/dL"}}, ()),
    ({"serum_igm": {"value": 45, "unit": "g/L"}}, ("igm_ge_4500",)),
    ({"serum_igm": {"value": "44.99", "unit": "g/L"}}, ()),
    ({"serum_igm": "4.5"}, ("igm_ge_4500",)),
    ({"bm_infiltration_pct": 70}, ("bm_ge_70",)),  # "≥ 70%"
    ({"bm_infiltration_pct": "69.9"}, ()),
    ({"beta2m": "4.0"}, ("b2m_ge_4",)),  # "≥ 4.0 mg/L" (not mg/dL, a misprint)
    ({"beta2m": "3.99"}, ()),
    ({"beta2m": {"value": 4000, "unit": "µg/L"}}, ("b2m_ge_4",)),
    ({"albumin": "3.5"}, ("albumin_le_3_5",)),  # "≤ 3.5": 3.5 counts here
    ({"albumin": "3.51"}, ()),
    ({"albumin": {"value": 35, "unit": "g/L"}}, ("albumin_le_3_5",)),
    ({"serum_igm": 6, "bm_infiltration_pct": 80, "beta2m": 5, "albumin": 3}, FLAGS),
]


@pytest.mark.parametrize(("changes", "present"), CASES)
def test_published_cut_points(changes, present):
    result = awm(**changes)
    assert result["flags"] == {f: f in present for f in FLAGS}


@pytest.mark.parametrize("changes", [c for c, _ in CASES])
def test_never_a_risk_group(changes):
    result = awm(**changes)
    assert result["category"] is None and result["risk_group"] is None and result["score"] is None
    assert any("not the validated score" in s for s in result["statements"])
    assert any("awmrisk.com" in s for s in result["summary"])


def test_declares_no_categories_and_unverified_identifiers():
    desc = describe("awm_factors")
    assert desc["categories"] == [] and desc["scored"] is False
    assert next(r for r in desc["references"] if r["id"] == "bustoros2019")["verification"] == "R"


BAD = bad_inputs("awm_factors", NORMAL)


def test_there_are_at_least_twenty_bad_inputs():
    assert len(BAD) >= 20


@pytest.mark.parametrize(("inputs", "input_id", "code"), BAD)
def test_bad_input_is_rejected_at_its_field(inputs, input_id, code):
    assert (input_id, code) in error_codes("awm_factors", inputs)


def test_missing_inputs_are_never_imputed():
    assert error_codes("awm_factors", {"serum_igm": 5, "bm_infiltration_pct": 80}) == [
        ("beta2m", "required"), ("albumin", "required"),
    ]  # fmt: skip


IGM = {"mg/dL": "4500", "g/L": "45", "g/dL": "4.5"}
ALB = {"g/dL": "3.5", "g/L": "35"}


def test_engine_matches_independent_oracle_over_boundary_grid():
    igms = [(v, u) for u, t in IGM.items() for v in around(t)]
    albs = [(v, u) for u, t in ALB.items() for v in around(t)]
    for igm, bm, b2m, alb in itertools.product(igms, around("70"), around("4"), albs):
        inputs = {"serum_igm": {"value": igm[0], "unit": igm[1]}, "bm_infiltration_pct": bm, "beta2m": b2m,
                  "albumin": {"value": alb[0], "unit": alb[1]}}  # fmt: skip
        expected = {
            "igm_ge_4500": compare(igm[0], ">=", IGM[igm[1]]),
            "bm_ge_70": compare(bm, ">=", "70"),
            "b2m_ge_4": compare(b2m, ">=", "4"),
            "albumin_le_3_5": compare(alb[0], "<=", ALB[alb[1]]),
        }
        assert run("awm_factors", inputs)["flags"] == expected, inputs


@settings(max_examples=200, deadline=None)
@given(valid_inputs("awm_factors"))
def test_valid_input_never_raises_nor_groups(inputs):
    result = run("awm_factors", inputs)
    assert "errors" not in result, result
    assert result["risk_group"] is None and set(result["flags"]) == set(FLAGS)


def test_command_line():
    code, out = command_line("awm_factors", {**NORMAL, "bm_infiltration_pct": 70})
    assert code == 0 and out["flags"]["bm_ge_70"] is True and out["risk_group"] is None
    code, out = command_line("awm_factors", {**NORMAL, "bm_infiltration_pct": 101})
    assert code == 2 and out["errors"][0]["input"] == "bm_infiltration_pct"
