"""Consensus indication to treat, spec §7 (IWWM-2 PMID 12720119; IWWM-7; ESMO 2018; Gustine 2017 PMID
28485115): each criterion on both sides, cytopenias only when due to WM, optional inputs reported "not
assessed" and never assumed, IgM never an indication by itself, and an independent oracle."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import compute, describe, run

from .common import around, bad_inputs, command_line, compare, error_codes, valid_inputs

YES_NO = [
    "b_symptoms",
    "symptomatic_hyperviscosity",
    "cytopenia_due_to_wm",
    "node_symptomatic",
    "node_progressive",
    "organomegaly_symptomatic",
    "cryoglobulinemia_symptomatic",
    "cold_agglutinin_disease_symptomatic",
    "autoimmune_cytopenia",
    "wm_nephropathy",
    "amyloidosis",
]
# Every criterion assessed and none met: a complete "no indication".
NONE_MET = {
    **dict.fromkeys(YES_NO, "no"), "hemoglobin": 13, "platelets": 250, "largest_node_cm": 2,
    "neuropathy": "none", "serum_igm": 2,
}  # fmt: skip


def treat(**changes):
    return compute("treatment_indication", {**NONE_MET, **changes}).to_dict()


# (changes, indicated, ids of the indications met), each from the wording quoted in spec §7.
CASES = [
    ({}, False, []),
    ({"b_symptoms": "yes"}, True, ["b_symptoms"]),  # IWWM-2, IWWM-7, ESMO
    ({"symptomatic_hyperviscosity": "yes"}, True, ["symptomatic_hyperviscosity"]),
    ({"hemoglobin": 10, "cytopenia_due_to_wm": "yes"}, True, ["anaemia"]),  # "≤ 10 g/dL"
    ({"hemoglobin": "10.1", "cytopenia_due_to_wm": "yes"}, False, []),
    ({"hemoglobin": 10, "cytopenia_due_to_wm": "no"}, False, []),  # "due to marrow infiltration"
    ({"hemoglobin": {"value": 100, "unit": "g/L"}, "cytopenia_due_to_wm": "yes"}, True, ["anaemia"]),
    ({"hemoglobin": {"value": 101, "unit": "g/L"}, "cytopenia_due_to_wm": "yes"}, False, []),
    ({"hemoglobin": {"value": "6.21", "unit": "mmol/L"}, "cytopenia_due_to_wm": "yes"}, True, ["anaemia"]),  # native
    ({"hemoglobin": {"value": "6.22", "unit": "mmol/L"}, "cytopenia_due_to_wm": "yes"}, False, []),
    ({"platelets": 99, "cytopenia_due_to_wm": "yes"}, True, ["thrombocytopenia"]),
    ({"platelets": 100, "cytopenia_due_to_wm": "yes"}, False, []),  # "< 100", strict
    ({"platelets": {"value": 99999, "unit": "/µL"}, "cytopenia_due_to_wm": "yes"}, True, ["thrombocytopenia"]),
    ({"largest_node_cm": 5}, True, ["bulky_node"]),  # "≥ 5 cm"
    ({"largest_node_cm": "4.9"}, False, []),
    ({"largest_node_cm": {"value": 50, "unit": "mm"}}, True, ["bulky_node"]),
    ({"largest_node_cm": {"value": 49, "unit": "mm"}}, False, []),
    ({"node_symptomatic": "yes"}, True, ["node_symptomatic"]),
    ({"node_progressive": "yes"}, True, ["node_progressive"]),
    ({"organomegaly_symptomatic": "yes"}, True, ["organomegaly_symptomatic"]),
    ({"neuropathy": "mild"}, False, []),  # ESMO: moderate or severe
    ({"neuropathy": "moderate_severe"}, True, ["neuropathy"]),
    ({"cryoglobulinemia_symptomatic": "yes"}, True, ["cryoglobulinemia"]),
    ({"cold_agglutinin_disease_symptomatic": "yes"}, True, ["cold_agglutinin_disease"]),
    ({"autoimmune_cytopenia": "yes"}, True, ["autoimmune_cytopenia"]),
    ({"wm_nephropathy": "yes"}, True, ["wm_nephropathy"]),
    ({"amyloidosis": "yes"}, True, ["amyloidosis"]),
    ({"serum_igm": 8}, False, []),  # IgM alone never an indication
    ({"b_symptoms": "yes", "amyloidosis": "yes"}, True, ["b_symptoms", "amyloidosis"]),
]


@pytest.mark.parametrize(("changes", "indicated", "met"), CASES)
def test_published_criteria(changes, indicated, met):
    result = treat(**changes)
    assert result["indicated"] is indicated
    assert [c["id"] for c in result["criteria_met"]] == met
    assert result["category"] == ("indicated" if indicated else "not_indicated")


def test_every_criterion_met_names_its_sources():
    result = treat(b_symptoms="yes", hemoglobin=9, cytopenia_due_to_wm="yes")
    known = {r["id"] for r in describe("treatment_indication")["references"]}
    for item in result["criteria_met"]:
        assert item["sources"] and set(item["sources"]) <= known


@pytest.mark.parametrize(
    ("igm", "flag"),
    [
        ({"value": 6000, "unit": "mg/dL"}, False),
        ({"value": 6001, "unit": "mg/dL"}, True),
        ({"value": 60, "unit": "g/L"}, False),
        ({"value": "60.1", "unit": "g/L"}, True),
        ("6", False),
        ("6.01", True),
    ],
)
def test_igm_over_6000_is_a_flag_never_an_indication(igm, flag):
    result = treat(serum_igm=igm)
    assert result["preemptive_flag"] is flag
    assert result["indicated"] is False
    assert any("IgM level alone is not an indication" in s for s in result["statements"])
    assert any("Discuss" in s for s in result["summary"]) is flag


def test_flag_is_not_raised_when_another_criterion_is_met():
    assert treat(serum_igm=8, b_symptoms="yes")["preemptive_flag"] is False


def test_urgent_only_for_symptomatic_hyperviscosity():
    assert treat(symptomatic_hyperviscosity="yes")["urgent"] is True
    assert "URGENT" in treat(symptomatic_hyperviscosity="yes")["summary"][0]
    assert treat(serum_igm=10)["urgent"] is False


def test_nothing_entered_is_not_a_verdict():
    result = run("treatment_indication", {})
    assert result["indicated"] is None and result["category"] == "incomplete"
    assert len(result["not_assessed"]) == len(describe("treatment_indication")["criteria"])
    assert all(c["met"] is None and c["status"] == "not_assessed" for c in result["criteria"])


def test_missing_criterion_is_never_assumed_absent():
    inputs = {k: v for k, v in NONE_MET.items() if k != "amyloidosis"}
    result = run("treatment_indication", inputs)
    assert result["indicated"] is None
    assert result["not_assessed"] == ["amyloidosis"]
    assert "amyloidosis" in result["inputs_not_entered"]


def test_cytopenia_not_attributed_is_not_assumed_due_to_wm():
    inputs = {k: v for k, v in NONE_MET.items() if k != "cytopenia_due_to_wm"}
    result = run("treatment_indication", {**inputs, "hemoglobin": 8})
    assert result["indicated"] is None
    assert any("due to marrow infiltration" in s for s in result["summary"])


BAD = [
    *bad_inputs("treatment_indication", NONE_MET),
    ({**NONE_MET, "neuropathy": "severe"}, "neuropathy", "invalid_choice"),
    ({**NONE_MET, "b_symptoms": "y"}, "b_symptoms", "invalid_choice"),
    ({**NONE_MET, "serum_igm": {"value": 6000, "unit": "mmol/L"}}, "serum_igm", "unknown_unit"),
]


def test_there_are_at_least_twenty_bad_inputs():
    assert len(BAD) >= 20


@pytest.mark.parametrize(("inputs", "input_id", "code"), BAD)
def test_bad_input_is_rejected_at_its_field(inputs, input_id, code):
    assert (input_id, code) in error_codes("treatment_indication", inputs)


# --- independent oracle: the consensus list, written as integer comparisons without the engine ---

HB = {"g/dL": "10", "g/L": "100", "mmol/L": "6.21"}
IGM = {"mg/dL": "6000", "g/L": "60"}


def oracle(hb, plt, cyto, node_mm, igm, other) -> tuple[bool | None, bool]:
    """indicated (None when undecidable) and the pre-emptive flag."""

    def due(cond):  # cond is None (not entered) or a bool
        if cond is False or cyto == "no":
            return False
        return None if cond is None or cyto is None else True

    hb_low = None if hb is None else compare(hb[0], "<=", HB[hb[1]])
    plt_low = None if plt is None else compare(plt, "<", "100")
    node = None if node_mm is None else compare(node_mm, ">=", "50")
    amyloid = None if other is None else other == "yes"
    parts = [due(hb_low), due(plt_low), node, amyloid]
    parts += [False] * 9  # every other yes/no criterion answered "no" below
    if any(p is True for p in parts):
        indicated = True
    elif all(p is False for p in parts):
        indicated = False
    else:
        indicated = None
    flag = igm is not None and compare(igm[0], ">", IGM[igm[1]]) and indicated is not True
    return indicated, flag


def test_engine_matches_independent_oracle_over_boundary_grid():
    base = {k: "no" for k in YES_NO if k not in {"cytopenia_due_to_wm", "amyloidosis"}} | {"neuropathy": "none"}
    hbs = [None, *((v, u) for u, t in HB.items() for v in around(t))]
    plts = [None, *around("100")]
    nodes = [None, "49", "50", "51"]
    igms = [None, *((v, u) for u, t in IGM.items() for v in around(t))]
    checked = 0
    for hb, plt, cyto, node, igm, other in itertools.product(
        hbs, plts, [None, "yes", "no"], nodes, igms, [None, "yes", "no"]
    ):
        inputs = dict(base)
        if hb is not None:
            inputs["hemoglobin"] = {"value": hb[0], "unit": hb[1]}
        if plt is not None:
            inputs["platelets"] = plt
        if cyto is not None:
            inputs["cytopenia_due_to_wm"] = cyto
        if node is not None:
            inputs["largest_node_cm"] = {"value": node, "unit": "mm"}
        if igm is not None:
            inputs["serum_igm"] = {"value": igm[0], "unit": igm[1]}
        if other is not None:
            inputs["amyloidosis"] = other
        result = run("treatment_indication", inputs)
        assert (result["indicated"], result["preemptive_flag"]) == oracle(hb, plt, cyto, node, igm, other), inputs
        checked += 1
    assert checked == 10 * 4 * 3 * 4 * 7 * 3


@settings(max_examples=300, deadline=None)
@given(valid_inputs("treatment_indication"))
def test_valid_input_never_raises(inputs):
    result = run("treatment_indication", inputs)
    assert "errors" not in result, result
    assert result["indicated"] in (True, False, None)
    assert not (result["preemptive_flag"] and result["indicated"])


@settings(max_examples=200, deadline=None)
@given(valid_inputs("treatment_indication"), st.sampled_from([k for k in YES_NO if k != "cytopenia_due_to_wm"]))
def test_adding_a_finding_never_removes_an_indication(inputs, finding):
    before = run("treatment_indication", inputs)["indicated"]
    after = run("treatment_indication", {**inputs, finding: "yes"})["indicated"]
    assert after is True
    if before is True:
        assert after is True


def test_command_line():
    code, out = command_line("treatment_indication", {"b_symptoms": True})
    assert code == 0 and out["indicated"] is True
    code, out = command_line("treatment_indication", {"hemoglobin": "low"})
    assert code == 2 and out["errors"][0]["input"] == "hemoglobin"
