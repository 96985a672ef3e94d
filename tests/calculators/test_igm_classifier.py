"""IgM gammopathy classifier, spec §6d: Mayo/WHO-2016 (IgM < 3 g/dL and marrow < 10% for MGUS; Kyle 2012)
and IWWM-2/ECWM (any unequivocal marrow infiltration is WM; Owen 2003 PMID 12720118) side by side, both
thresholds inclusive, undefined combinations "not classifiable", bad input, and an independent oracle."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings

from calculators import run

from .common import around, bad_inputs, command_line, compare, error_codes, valid_inputs

NONE = {"igm_m_protein": 1, "bm_lpl_infiltration_pct": 0, "symptoms_tumour": "no", "symptoms_igm_related": "no"}


def classify(**changes):
    result = run("igm_classifier", {**NONE, **changes})
    return result["mayo_who2016"], result["iwwm2_ecwm"]


CASES = [
    ({}, ("igm_mgus", "igm_mgus")),
    ({"bm_lpl_infiltration_pct": 5}, ("igm_mgus", "smoldering_wm")),  # D16: the definitions disagree
    ({"bm_lpl_infiltration_pct": "9.9"}, ("igm_mgus", "smoldering_wm")),
    ({"bm_lpl_infiltration_pct": 10}, ("smoldering_wm", "smoldering_wm")),  # "≥ 10%"
    ({"igm_m_protein": "2.99"}, ("igm_mgus", "igm_mgus")),
    ({"igm_m_protein": 3}, ("smoldering_wm", "igm_mgus")),  # "≥ 3 g/dL"; IWWM-2 has no IgM cut-off
    ({"igm_m_protein": {"value": 30, "unit": "g/L"}}, ("smoldering_wm", "igm_mgus")),
    ({"igm_m_protein": {"value": 2999, "unit": "mg/dL"}}, ("igm_mgus", "igm_mgus")),
    ({"bm_lpl_infiltration_pct": 40, "symptoms_tumour": "yes"}, ("symptomatic_wm", "symptomatic_wm")),
    ({"bm_lpl_infiltration_pct": 40, "symptoms_igm_related": "yes"}, ("symptomatic_wm", "symptomatic_wm")),
    ({"symptoms_igm_related": "yes"}, ("not_classifiable", "igm_related_disorder")),
    ({"symptoms_tumour": "yes"}, ("not_classifiable", "not_classifiable")),
    ({"bm_lpl_infiltration_pct": 5, "symptoms_tumour": "yes"}, ("not_classifiable", "symptomatic_wm")),
]


@pytest.mark.parametrize(("changes", "expected"), CASES)
def test_definitions(changes, expected):
    assert classify(**changes) == expected


def test_disagreement_is_said():
    result = run("igm_classifier", {**NONE, "bm_lpl_infiltration_pct": 5})
    assert result["agree"] is False and any("disagree" in s for s in result["summary"])


BAD = [
    *bad_inputs("igm_classifier", NONE),
    ({**NONE, "bm_lpl_infiltration_pct": "5%"}, "bm_lpl_infiltration_pct", "not_a_number"),
]


def test_there_are_at_least_twenty_bad_inputs():
    assert len(BAD) >= 20


@pytest.mark.parametrize(("inputs", "input_id", "code"), BAD)
def test_bad_input_is_rejected_at_its_field(inputs, input_id, code):
    assert (input_id, code) in error_codes("igm_classifier", inputs)


IGM = {"g/dL": "3", "g/L": "30", "mg/dL": "3000"}


def oracle(igm, bm, tumour, related):
    high = compare(igm[0], ">=", IGM[igm[1]]) or compare(bm, ">=", "10")
    any_bm = compare(bm, ">", "0")
    symptoms = tumour == "yes" or related == "yes"
    mayo = ("symptomatic_wm" if high else "not_classifiable") if symptoms else ("smoldering_wm" if high else "igm_mgus")
    if any_bm:
        iwwm = "symptomatic_wm" if symptoms else "smoldering_wm"
    elif tumour == "yes":
        iwwm = "not_classifiable"
    else:
        iwwm = "igm_related_disorder" if related == "yes" else "igm_mgus"
    return mayo, iwwm


def test_engine_matches_independent_oracle_over_boundary_grid():
    igms = [(v, u) for u, t in IGM.items() for v in around(t)]
    for igm, bm, tumour, related in itertools.product(igms, ["0", "0.1", *around("10")], ["yes", "no"], ["yes", "no"]):
        inputs = {"igm_m_protein": {"value": igm[0], "unit": igm[1]}, "bm_lpl_infiltration_pct": bm,
                  "symptoms_tumour": tumour, "symptoms_igm_related": related}  # fmt: skip
        result = run("igm_classifier", inputs)
        assert (result["mayo_who2016"], result["iwwm2_ecwm"]) == oracle(igm, bm, tumour, related), inputs


@settings(max_examples=200, deadline=None)
@given(valid_inputs("igm_classifier"))
def test_valid_input_never_raises(inputs):
    result = run("igm_classifier", inputs)
    assert "errors" not in result
    labels = {"igm_mgus", "smoldering_wm", "symptomatic_wm", "igm_related_disorder", "not_classifiable"}
    assert {result["mayo_who2016"], result["iwwm2_ecwm"]} <= labels


def test_command_line():
    code, out = command_line("igm_classifier", {**NONE, "bm_lpl_infiltration_pct": 12})
    assert code == 0 and out["mayo_who2016"] == "smoldering_wm"
    code, out = command_line("igm_classifier", {**NONE, "symptoms_tumour": "maybe"})
    assert code == 2 and out["errors"][0]["input"] == "symptoms_tumour"
