"""IgM gammopathy classifier, spec §6d (corrected 2026-11-30): an independent oracle over the boundary grid of
both definitions (Mayo/WHO-2016: Kyle 2012, Kyle 2016 PMID 27825464; IWWM-2/ECWM: Owen 2003 PMID 12720118),
and the properties the independent review asked for. The published cases are in tests/cases/igm_classifier.json."""

from __future__ import annotations

import itertools

from hypothesis import given, settings

from calculators import run

from .common import around, compare, valid_inputs

IGM = {"g/dL": "3", "g/L": "30", "mg/dL": "3000"}


def oracle(igm, bm, tumour, related, hvs, al):
    """Written from the spec §6d table, without the engine: WM needs marrow ≥ 10% under Mayo."""
    igm_high, bm_10, bm_any = compare(igm[0], ">=", IGM[igm[1]]), compare(bm, ">=", "10"), compare(bm, ">", "0")
    damage = tumour == "yes" or hvs == "yes"  # hyperviscosity is end-organ damage under Mayo
    igm_symptom = related == "yes"
    if bm_10:
        mayo = "symptomatic_wm" if damage or igm_symptom else "smoldering_wm"
    elif damage:
        mayo = "not_wm" if igm_high else "not_classifiable"
    elif igm_symptom:
        mayo = "al_amyloidosis" if al else ("smoldering_wm_igm_related" if igm_high else "igm_mgus_igm_related")
    else:
        mayo = "smoldering_wm" if igm_high else "igm_mgus"
    symptoms = tumour == "yes" or igm_symptom or hvs == "yes"  # IWWM-2: hyperviscosity is an IgM symptom
    if bm_any:
        iwwm = "symptomatic_wm" if symptoms else "smoldering_wm"
    elif tumour == "yes":
        iwwm = "not_classifiable"
    else:
        iwwm = "igm_related_disorder" if igm_symptom or hvs == "yes" else "igm_mgus"
    return mayo, iwwm


def test_engine_matches_independent_oracle_over_boundary_grid():
    igms = [(v, u) for u, t in IGM.items() for v in around(t)]
    checked = 0
    for igm, bm, tumour, related, hvs, al in itertools.product(
        igms, ["0", "0.1", *around("10")], ["yes", "no"], ["yes", "no"], [None, "yes", "no"], [False, True]
    ):
        if al and related == "no":
            continue  # a complication without IgM-related symptoms is refused (a case in the case file)
        inputs = {"igm_m_protein": {"value": igm[0], "unit": igm[1]}, "bm_lpl_infiltration_pct": bm,
                  "symptoms_tumour": tumour, "symptoms_igm_related": related}  # fmt: skip
        if hvs is not None:
            inputs["symptoms_hyperviscosity"] = hvs
        if al:
            inputs["igm_related_complication"] = "igm_al_amyloidosis"
        result = run("igm_classifier", inputs)
        assert (result["mayo_who2016"], result["iwwm2_ecwm"]) == oracle(igm, bm, tumour, related, hvs, al), inputs
        checked += 1
    assert checked == 9 * 5 * 2 * 3 * 3


@settings(max_examples=300, deadline=None)
@given(valid_inputs("igm_classifier"))
def test_mayo_never_calls_wm_without_ten_percent_marrow(inputs):
    result = run("igm_classifier", inputs)
    if "errors" in result:
        assert [e["code"] for e in result["errors"]] == ["inconsistent"]
        return
    below_ten = not compare(str(inputs["bm_lpl_infiltration_pct"]["value"]), ">=", "10")
    if below_ten:
        assert result["mayo_who2016"] not in {"symptomatic_wm"}, inputs
    assert result["igm_related_complication_flag"] is (inputs["symptoms_igm_related"] == "yes")


def test_disagreement_is_said_and_the_mgcs_reading_agrees_with_iwwm2():
    base = {"igm_m_protein": 1, "symptoms_tumour": "no", "symptoms_igm_related": "no"}
    assert run("igm_classifier", {**base, "bm_lpl_infiltration_pct": 5})["agree"] is False
    same = run("igm_classifier", {**base, "bm_lpl_infiltration_pct": 0, "symptoms_igm_related": "yes"})
    assert (same["mayo_who2016"], same["iwwm2_ecwm"], same["agree"]) == (
        "igm_mgus_igm_related",
        "igm_related_disorder",
        True,
    )


def test_every_reading_has_its_next_step_and_every_complication_its_work_up():
    from calculators.classifier import COMPLICATIONS, LABELS, NEXT_STEPS

    assert set(NEXT_STEPS) <= set(LABELS)
    assert {"igm_mgus_igm_related", "smoldering_wm_igm_related", "not_wm", "al_amyloidosis"} <= set(NEXT_STEPS)
    for value in COMPLICATIONS:
        result = run("igm_classifier", {"igm_m_protein": 1, "bm_lpl_infiltration_pct": 0, "symptoms_tumour": "no",
                                        "symptoms_igm_related": "yes", "igm_related_complication": value})  # fmt: skip
        assert result["complication"] == value and result["mayo_next_step"]
