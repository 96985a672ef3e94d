"""Every declaration, checked as data: the ids of issue 3, sources that resolve, identifiers never shown as
verified when the spec says they are not, score ranges that cover every score once, and the CLI."""

from __future__ import annotations

import json

import pytest

from calculators import calculator_ids, describe

from .common import command_line

# Issue 3's table: the API and the forms use exactly these ids.
ISSUE_INPUTS = {
    "ipsswm": {"age_years", "hemoglobin", "platelets", "beta2m", "m_protein"},
    "ripsswm": {"age_years", "beta2m", "ldh", "albumin"},
    "mss_wm": {"age_years", "ldh", "ldh_uln", "albumin"},
    "mayo_mgus": {"isotype", "m_protein", "flc_ratio"},
    "igm_mgus_2factor": {"m_protein", "flc_ratio"},
    "awm_factors": {"serum_igm", "bm_infiltration_pct", "beta2m", "albumin"},
    "swm_progression": {"horizon_years"},
    "treatment_indication": {
        "b_symptoms", "symptomatic_hyperviscosity", "hemoglobin", "platelets", "cytopenia_due_to_wm",
        "largest_node_cm", "node_symptomatic", "node_progressive", "organomegaly_symptomatic", "neuropathy",
        "cryoglobulinemia_symptomatic", "cold_agglutinin_disease_symptomatic", "autoimmune_cytopenia",
        "wm_nephropathy", "amyloidosis", "serum_igm",
    },
    "plasmapheresis_check": {"serum_igm", "hvs_symptoms", "severe_cryo_symptoms", "rituximab_planned", "serum_viscosity_cp"},
    "iwwm_response": {
        "baseline_igm", "current_igm", "nadir_igm", "ife", "igm_within_normal_range", "bone_marrow",
        "emd_at_baseline", "emd_status", "new_symptoms", "pd_confirmed", "weeks_since_rituximab_start",
    },
    "igm_classifier": {"igm_m_protein", "bm_lpl_infiltration_pct", "symptoms_tumour", "symptoms_igm_related"},
}  # fmt: skip
# Issue 10 adds inputs (never renames one): every addition is optional, so earlier requests still compute.
ISSUE_10_INPUTS = {
    "igm_classifier": {"igm_related_complication", "symptoms_hyperviscosity"},
    "mayo_mgus": {"marrow_ge_10"},
    "igm_mgus_2factor": {"marrow_ge_10"},
    "treatment_indication": {
        "diagnosis", "anaemia_due_to_wm", "thrombocytopenia_due_to_wm", "bing_neel", "avwd_bleeding",
        "suspected_transformation",
    },
}  # fmt: skip
# Issue 18 adds the optional BTK-inhibitor-hold question (Castillo 2018) to the response calculator, and Schnitzler
# syndrome (M7), optional like every treatment input, to the treatment check.
ISSUE_18_INPUTS = {"iwwm_response": {"btki_held_recently"}, "treatment_indication": {"schnitzler_syndrome"}}
for _calc, _added in (*ISSUE_10_INPUTS.items(), *ISSUE_18_INPUTS.items()):
    ISSUE_INPUTS[_calc] = ISSUE_INPUTS[_calc] | _added
OPTIONAL = {
    "treatment_indication": ISSUE_INPUTS["treatment_indication"],
    "plasmapheresis_check": {"serum_viscosity_cp"},
    "iwwm_response": {"nadir_igm", "weeks_since_rituximab_start", "emd_status", "btki_held_recently"},
    "igm_classifier": ISSUE_10_INPUTS["igm_classifier"],
    "mayo_mgus": ISSUE_10_INPUTS["mayo_mgus"],
    "igm_mgus_2factor": ISSUE_10_INPUTS["igm_mgus_2factor"],
}
# Identifiers the spec tags [R] (recalled): the reference must not be presented as verified.
RECALLED = {"kyle2018", "iwwm7_dimopoulos2014", "owen2013", "bustoros2019", "iwwm11_treon2023", "abeykoon_hvs"}


def test_every_calculator_of_the_issue_is_registered():
    assert set(ISSUE_INPUTS) | {"unit_converter"} == set(calculator_ids())


@pytest.mark.parametrize("calc", sorted(ISSUE_INPUTS))
def test_input_ids_are_the_issues(calc):
    desc = describe(calc)
    assert {i["id"] for i in desc["inputs"]} == ISSUE_INPUTS[calc]
    assert {i["id"] for i in desc["inputs"] if i["optional"]} == OPTIONAL.get(calc, set())


@pytest.mark.parametrize("calc", calculator_ids())
def test_declaration_is_json_and_every_source_resolves(calc):
    desc = json.loads(json.dumps(describe(calc)))
    refs = {r["id"]: r for r in desc["references"]}
    assert len(refs) == len(desc["references"])
    for criterion in desc["criteria"]:
        assert criterion["sources"][0] == criterion["source"]
        assert set(criterion["sources"]) <= set(refs), criterion["id"]
        assert criterion["wording"] and criterion["label"]
    for category in desc["categories"]:
        for outcome in category["outcomes"]:
            assert outcome["source"] in refs
            assert outcome["verification"] in {"V", "V2", "R"}
    for ref in desc["references"]:
        assert ref["verification"] in {"V", "V2", "R"}
        if ref["id"] in RECALLED:
            assert ref["verification"] == "R", ref["id"]
    assert desc["population"] and desc["notes"] and desc["version"]


@pytest.mark.parametrize("calc", [c for c in calculator_ids() if describe(c)["scored"]])
def test_score_ranges_cover_every_score_exactly_once(calc):
    desc = describe(calc)
    if all(k["score_min"] is None for k in desc["categories"]):
        pytest.skip("classified by its own rule (IPSSWM: age alone is intermediate)")
    covered = sorted(s for k in desc["categories"] for s in range(k["score_min"], k["score_max"] + 1))
    assert covered == list(range(covered[-1] + 1))


@pytest.mark.parametrize("calc", calculator_ids())
def test_command_line_describes_every_calculator(calc):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "calculators", calc, "--describe"], capture_output=True, text=True)
    assert done.returncode == 0 and json.loads(done.stdout)["id"] == calc


def test_command_line_rejects_an_unknown_calculator():
    code, out = command_line("ipss", {})
    assert code == 2 and out["errors"][0]["code"] == "unknown_calculator"


@pytest.mark.parametrize("calc", calculator_ids())
def test_mmol_per_litre_haemoglobin_is_a_derived_equivalent_never_published(calc):
    """Spec §1: Morel 2009 and IWWM-2 publish g/dL only; 7.14 and 6.21 mmol/L are rounded conversions."""
    text = json.dumps(describe(calc), ensure_ascii=False)
    assert "published 7.14" not in text and "published equivalent" not in text
    for criterion in describe(calc)["criteria"]:
        for native in criterion["native"]:
            if native.endswith("mmol/L") or "mmol/L (" in native:
                assert "derived equivalent" in native, (calc, native)
