"""Asymptomatic WM risk factors, Bustoros 2019 (spec §5a): the four binary cut-points with their strictness
(IgM ≥ 4500 mg/dL, marrow ≥ 70%, β2M ≥ 4.0 mg/L, albumin ≤ 3.5 g/dL) as flags only; never a risk group,
always the statement that this is not the validated score; an independent oracle."""

from __future__ import annotations

import itertools

from hypothesis import given, settings

from calculators import compute, describe, run

from .common import around, compare, error_codes, valid_inputs

NORMAL = {"serum_igm": 2, "bm_infiltration_pct": 30, "beta2m": 2, "albumin": 4}
FLAGS = ("igm_ge_4500", "bm_ge_70", "b2m_ge_4", "albumin_le_3_5")


def awm(**changes):
    return compute("awm_factors", {**NORMAL, **changes}).to_dict()


def test_declares_no_categories_and_unverified_identifiers():
    desc = describe("awm_factors")
    assert desc["categories"] == [] and desc["scored"] is False
    assert next(r for r in desc["references"] if r["id"] == "bustoros2019")["verification"] == "R"


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
