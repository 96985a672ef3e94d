"""Consensus indication to treat, spec §7 (IWWM-2 PMID 12720119; IWWM-7; ESMO 2018; Gustine 2017 PMID
28485115), with the review's additions (own attribution per cytopenia, Bing–Neel, AVWD bleeding, suspected
transformation, IgM MGUS with an IgM-related complication): optional inputs reported "not assessed" and never
assumed, IgM never an indication by itself, an independent oracle and monotonicity. The published cases are
in tests/cases/treatment_indication.json."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import compute, describe, run

from .common import around, compare, valid_inputs

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
    "bing_neel",
    "avwd_bleeding",
]
# Every criterion assessed and none met: a complete "no indication".
NONE_MET = {
    **dict.fromkeys(YES_NO, "no"), "hemoglobin": 13, "platelets": 250, "largest_node_cm": 2,
    "neuropathy": "none", "serum_igm": 2,
}  # fmt: skip
# The indications driven by the IgM itself, which also apply to IgM MGUS with an IgM-related complication.
MGCS_FINDINGS = [
    "symptomatic_hyperviscosity",
    "cryoglobulinemia_symptomatic",
    "cold_agglutinin_disease_symptomatic",
    "amyloidosis",
    # Issue 18 (H2): bleeding from acquired von Willebrand syndrome and IgM-related kidney disease (MGRS) are
    # IgM-MGCS indications too (Khwaja 2022, table 1).
    "avwd_bleeding",
    "wm_nephropathy",
]


def treat(**changes):
    return compute("treatment_indication", {**NONE_MET, **changes}).to_dict()


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
    # Besides amyloidosis, only answers that decide no indication stay open: the per-cytopenia attributions
    # (the shared answer stands in for them) and the transformation question (a reason to biopsy, not an indication).
    assert set(result["not_assessed"]) == {
        "anaemia_due_to_wm", "thrombocytopenia_due_to_wm", "amyloidosis", "suspected_transformation",
        "schnitzler_syndrome",  # issue 18 (M7): IL-1 blockade, never an indication for clone-directed therapy
    }  # fmt: skip
    assert {i["id"]: i["status"] for i in result["indications"]}["amyloidosis"] == "not_assessed"
    assert "amyloidosis" in result["inputs_not_entered"]


def test_cytopenia_not_attributed_is_not_assumed_due_to_wm():
    inputs = {k: v for k, v in NONE_MET.items() if k != "cytopenia_due_to_wm"}
    result = run("treatment_indication", {**inputs, "hemoglobin": 8})
    assert result["indicated"] is None
    assert any("due to marrow infiltration" in s for s in result["summary"])


# --- independent oracle: the consensus list, written as integer comparisons without the engine ---

HB = {"g/dL": "10", "g/L": "100", "mmol/L": "6.21"}
IGM = {"mg/dL": "6000", "g/L": "60"}


def oracle(hb, plt, cyto, own, node_mm, igm, other) -> tuple[bool | None, bool]:
    """indicated (None when undecidable) and the pre-emptive flag. `own` is the anaemia's own attribution,
    which wins over the shared `cyto` answer; the platelets have only the shared one here."""

    def due(cond, attribution):  # cond is None (not entered) or a bool
        if cond is False or attribution == "no":
            return False
        return None if cond is None or attribution is None else True

    hb_low = None if hb is None else compare(hb[0], "<=", HB[hb[1]])
    plt_low = None if plt is None else compare(plt, "<", "100")
    node = None if node_mm is None else compare(node_mm, ">=", "50")
    amyloid = None if other is None else other == "yes"
    parts = [due(hb_low, own if own is not None else cyto), due(plt_low, cyto), node, amyloid]
    parts += [False] * 11  # every other yes/no criterion answered "no" below
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
    nodes = [None, "49", "50"]
    igms = [None, ("6000", "mg/dL"), ("6001", "mg/dL"), ("60.01", "g/L")]
    checked = 0
    for hb, plt, cyto, own, node, igm, other in itertools.product(
        hbs, plts, [None, "yes", "no"], [None, "yes", "no"], nodes, igms, [None, "yes", "no"]
    ):
        inputs = dict(base)
        if hb is not None:
            inputs["hemoglobin"] = {"value": hb[0], "unit": hb[1]}
        if plt is not None:
            inputs["platelets"] = plt
        if cyto is not None:
            inputs["cytopenia_due_to_wm"] = cyto
        if own is not None:
            inputs["anaemia_due_to_wm"] = own
        if node is not None:
            inputs["largest_node_cm"] = {"value": node, "unit": "mm"}
        if igm is not None:
            inputs["serum_igm"] = {"value": igm[0], "unit": igm[1]}
        if other is not None:
            inputs["amyloidosis"] = other
        result = run("treatment_indication", inputs)
        expected = oracle(hb, plt, cyto, own, node, igm, other)
        assert (result["indicated"], result["preemptive_flag"]) == expected, inputs
        checked += 1
    assert checked == 10 * 4 * 3 * 3 * 3 * 4 * 3


@settings(max_examples=300, deadline=None)
@given(valid_inputs("treatment_indication"))
def test_the_igm_flag_is_never_raised_beside_an_indication(inputs):
    result = run("treatment_indication", inputs)
    assert "errors" not in result, result
    assert not (result["preemptive_flag"] and result["indicated"])
    assert (result["category"] == "biopsy_first") is (inputs.get("suspected_transformation") == "yes")


@settings(max_examples=200, deadline=None)
@given(valid_inputs("treatment_indication"), st.data())
def test_adding_a_finding_never_removes_an_indication(inputs, data):
    mgcs = inputs.get("diagnosis") == "igm_mgus_igm_related"
    finding = data.draw(st.sampled_from(MGCS_FINDINGS if mgcs else [k for k in YES_NO if k != "cytopenia_due_to_wm"]))
    before = run("treatment_indication", inputs)["indicated"]
    after = run("treatment_indication", {**inputs, finding: "yes"})["indicated"]
    assert after is True
    if before is True:
        assert after is True
