"""Hyperviscosity and rituximab-flare precautions, spec §8 (mSMART 2010 PMID 20702770; NCCN per summary):
the order of the rules, IgM ≥ 4000 (4000 meets, 3999 does not) and > 3000 (3000 does not) in every
unit, the optional viscosity reported not assessed, bad input, and an independent oracle."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings

from calculators import compute, run

from .common import around, bad_inputs, command_line, compare, error_codes, valid_inputs

NORMAL = {"serum_igm": 2, "hvs_symptoms": "no", "severe_cryo_symptoms": "no", "rituximab_planned": "no"}


def check(**changes):
    return compute("plasmapheresis_check", {**NORMAL, **changes}).to_dict()


KEYS = ("urgent_plasmapheresis", "preemptive_plasmapheresis_or_omit_rituximab", "annual_retinal_exam")
CASES = [
    ({}, (False, False, False)),
    ({"hvs_symptoms": "yes"}, (True, False, False)),
    ({"rituximab_planned": "yes", "serum_igm": {"value": 4000, "unit": "mg/dL"}}, (False, True, True)),
    ({"rituximab_planned": "yes", "serum_igm": {"value": 3999, "unit": "mg/dL"}}, (False, False, True)),
    ({"rituximab_planned": "yes", "serum_igm": {"value": 40, "unit": "g/L"}}, (False, True, True)),
    ({"rituximab_planned": "yes", "serum_igm": {"value": "39.99", "unit": "g/L"}}, (False, False, True)),
    ({"rituximab_planned": "yes", "serum_igm": "4"}, (False, True, True)),
    ({"rituximab_planned": "no", "serum_igm": 5}, (False, False, True)),  # no rituximab: no pre-emptive step
    ({"serum_igm": {"value": 3000, "unit": "mg/dL"}}, (False, False, False)),  # "> 3000": 3000 does not
    ({"serum_igm": {"value": 3001, "unit": "mg/dL"}}, (False, False, True)),
    ({"serum_igm": {"value": 30, "unit": "g/L"}}, (False, False, False)),
    ({"serum_igm": {"value": "30.01", "unit": "g/L"}}, (False, False, True)),
    ({"hvs_symptoms": "yes", "rituximab_planned": "yes", "serum_igm": 6}, (True, True, True)),
]


@pytest.mark.parametrize(("changes", "expected"), CASES)
def test_published_rules(changes, expected):
    result = check(**changes)
    assert tuple(result[k] for k in KEYS) == expected


def test_messages_follow_the_spec_order():
    result = check(hvs_symptoms="yes", severe_cryo_symptoms="yes", rituximab_planned="yes", serum_igm=6)
    assert [m.split(" ")[0] for m in result["messages"]] == ["URGENT", "Plasmapheresis", "Rituximab", "Serum"]
    assert result["plasmapheresis_for_cryoglobulinemia"] is True
    assert "after plasmapheresis" in result["messages"][0]  # transfuse after, not before


def test_nothing_applies_says_so():
    assert check()["messages"] == ["None of the precautions in this check applies."]


def test_rituximab_below_threshold_warns_of_the_flare():
    assert any("flare" in m for m in check(rituximab_planned="yes")["messages"])


@pytest.mark.parametrize(("viscosity", "high"), [("4", False), ("4.01", True), ("1.8", False)])
def test_viscosity_above_4_is_informational(viscosity, high):
    result = check(serum_viscosity_cp=viscosity)
    assert result["viscosity_high_risk"] is high
    assert result["urgent_plasmapheresis"] is False


def test_viscosity_with_symptoms_is_already_urgent():
    result = check(serum_viscosity_cp=6, hvs_symptoms="yes")
    assert result["viscosity_high_risk"] is False and result["urgent_plasmapheresis"] is True


def test_viscosity_left_empty_is_not_assessed():
    result = check()
    assert result["viscosity_high_risk"] is None
    assert result["not_assessed"] == ["viscosity_gt_4", "viscosity_gt_1_8"]
    assert check(serum_viscosity_cp={"value": "", "unit": "cP"})["viscosity_high_risk"] is None


def test_viscosity_above_1_8_mentions_the_mayo_predictor():
    assert any("1.8 cP" in m for m in check(serum_viscosity_cp="2.5")["messages"])


BAD = [
    *bad_inputs("plasmapheresis_check", NORMAL),
    ({**NORMAL, "serum_viscosity_cp": {"value": 2, "unit": "relative"}}, "serum_viscosity_cp", "unknown_unit"),
]


def test_there_are_at_least_twenty_bad_inputs():
    assert len(BAD) >= 20


@pytest.mark.parametrize(("inputs", "input_id", "code"), BAD)
def test_bad_input_is_rejected_at_its_field(inputs, input_id, code):
    assert (input_id, code) in error_codes("plasmapheresis_check", inputs)


def test_missing_answers_are_never_assumed_no():
    assert error_codes("plasmapheresis_check", {"serum_igm": 5}) == [
        ("hvs_symptoms", "required"), ("severe_cryo_symptoms", "required"), ("rituximab_planned", "required"),
    ]  # fmt: skip


FOUR = {"mg/dL": "4000", "g/L": "40", "g/dL": "4"}
THREE = {"mg/dL": "3000", "g/L": "30", "g/dL": "3"}


def test_engine_matches_independent_oracle_over_boundary_grid():
    igms = [(v, u) for table in (FOUR, THREE) for u, t in table.items() for v in around(t)]
    checked = 0
    for igm, hvs, ritux, visc in itertools.product(igms, ["yes", "no"], ["yes", "no"], [None, *around("4")]):
        inputs = {
            **NORMAL,
            "serum_igm": {"value": igm[0], "unit": igm[1]},
            "hvs_symptoms": hvs,
            "rituximab_planned": ritux,
        }
        if visc is not None:
            inputs["serum_viscosity_cp"] = visc
        result = run("plasmapheresis_check", inputs)
        expected = (
            hvs == "yes",
            ritux == "yes" and compare(igm[0], ">=", FOUR[igm[1]]),
            compare(igm[0], ">", THREE[igm[1]]),
            None if visc is None else (compare(visc, ">", "4") and hvs == "no"),
        )
        assert (*(result[k] for k in KEYS), result["viscosity_high_risk"]) == expected, inputs
        checked += 1
    assert checked == 18 * 2 * 2 * 4


@settings(max_examples=300, deadline=None)
@given(valid_inputs("plasmapheresis_check"))
def test_valid_input_never_raises_and_always_says_something(inputs):
    result = run("plasmapheresis_check", inputs)
    assert "errors" not in result, result
    assert result["messages"]
    if result["preemptive_plasmapheresis_or_omit_rituximab"]:
        assert result["annual_retinal_exam"]  # ≥ 4000 implies > 3000


def test_command_line():
    code, out = command_line("plasmapheresis_check", {**NORMAL, "hvs_symptoms": True})
    assert code == 0 and out["urgent_plasmapheresis"] is True
    code, out = command_line("plasmapheresis_check", {**NORMAL, "rituximab_planned": "perhaps"})
    assert code == 2 and out["errors"][0]["input"] == "rituximab_planned"
