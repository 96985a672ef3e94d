"""The edges between calculators (issue 18; independent review 2026-12, H1/S5; reliability review 2026-12, F3).

Properties, with Hypothesis, over the calculators that take symptomatic hyperviscosity or the serum IgM as an
input for the hyperviscosity decision:

- any entry with symptomatic hyperviscosity yields the one urgent message first (code, summary, next step, and
  both classifier columns); "do not start WM therapy" never stands without it;
- any IgM above 6000 mg/dL (60 g/L) yields the high-risk message, and none at or below it;
- no calculator contradicts another on the same patient. The pairs, written down:
  1. classifier ↔ treatment check ↔ plasmapheresis check: symptomatic hyperviscosity is urgent in all three,
     with the same words and the same source;
  2. classifier ↔ treatment check ↔ plasmapheresis check: IgM > 6000 mg/dL is high risk in all three; the
     treatment check then never gives a routine follow-up interval;
  3. classifier ↔ treatment check: an IgM MGUS with an IgM-related complication that the treatment check can
     name (CAD, cryoglobulinaemia, AL) meets an indication there with the MGCS population; Schnitzler syndrome
     is never an indication for clone-directed therapy in either;
  4. classifier ↔ treatment check: cold agglutinin disease says "corticosteroids should not be used" in both;
  5. classifier ↔ treatment check: smoldering WM with nothing else is not indicated, followed every 6 months in
     both (IWWM-2), unless the IgM is above 6000 mg/dL.
- and the metamorphic property of F3 over every calculator: inputs called "not needed", filled with random
  valid values all at once, change neither the category, the score, `indicated`, `urgent`, the message codes
  nor the next steps.

Expected words come from `calculators.emergency` (the one definition) and from the sources named there.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from calculators import calculator_ids, describe, run
from calculators.emergency import HIGH_RISK, HIGH_RISK_HEADLINE, URGENT, URGENT_STEP

from .common import _value_in, valid_inputs
from .test_treatment_indication import YES_NO

#: The hyperviscosity question of each calculator that asks it.
HVS_INPUT = {
    "igm_classifier": "symptoms_hyperviscosity",
    "treatment_indication": "symptomatic_hyperviscosity",
    "plasmapheresis_check": "hvs_symptoms",
}
#: The IgM input each of them reads for the hyperviscosity risk; and every other calculator that takes the patient's
#: current IgM (or IgM M-spike) gives the same message too (issue 18: "over EVERY calculator that takes an IgM").
IGM_INPUT = {
    "igm_classifier": "igm_m_protein",
    "treatment_indication": "serum_igm",
    "plasmapheresis_check": "serum_igm",
    "ipsswm": "m_protein",  # WM: the monoclonal protein is the IgM
    "awm_factors": "serum_igm",
    "iwwm_response": "current_igm",
    "unit_converter": "serum_igm",
}
#: Calculators that refuse an IgM of 3 g/dL or more as outside their population (MGUS scores): the refusal at the
#: field carries the high-risk message instead; (input, the other answers that make the M-protein an IgM).
IGM_REFUSED = {
    "mayo_mgus": ("m_protein", {"isotype": "IgM", "flc_ratio": "1"}),
    "igm_mgus_2factor": ("m_protein", {"flc_ratio": "1"}),
}
#: IgM-unit inputs that give no message of their own, and why.
IGM_EXEMPT = {
    ("iwwm_response", "baseline_igm"): "before therapy, not today's value (the current IgM gives the message)",
    ("iwwm_response", "nadir_igm"): "the lowest value since therapy, not today's value",
    ("unit_converter", "m_protein"): "any isotype (the converter asks none); its serum IgM gives the message",
}
FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# 6000 mg/dL in each unit the three calculators accept, written out from the sources (Gustine 2017: > 60 g/L).
LIMIT = {"mg/dL": Decimal(6000), "g/L": Decimal(60), "g/dL": Decimal(6)}


def _igm(value_mg_dl: Decimal, unit: str) -> dict[str, str]:
    return {"value": str(value_mg_dl / LIMIT["mg/dL"] * LIMIT[unit]), "unit": unit}


def _drawn_igm(data, above: bool, lowest_mg_dl: Decimal) -> dict[str, str]:
    """An IgM in any accepted unit: above 6000 mg/dL (up to 9000, within every calculator's hard limits), or
    from `lowest_mg_dl` up to 6000 itself, which is not above (strict, Gustine 2017)."""
    unit = data.draw(st.sampled_from(sorted(LIMIT)))
    value = data.draw(
        st.decimals(Decimal("6000.01"), Decimal(9000), places=2)
        if above
        else st.decimals(lowest_mg_dl, Decimal(6000), places=2)
    )
    return _igm(value, unit)


def _answers(calculator: str, input_ids) -> st.SearchStrategy[dict]:
    """A valid answer, never empty, for each of the given inputs (any accepted unit, within the hard limits)."""
    specs = {s["id"]: s for s in describe(calculator)["inputs"]}
    return st.fixed_dictionaries(
        {
            i: st.sampled_from([c["value"] for c in specs[i]["choices"]])
            if specs[i]["kind"] == "choice"
            else st.sampled_from(specs[i]["units"]).flatmap(_value_in(specs[i]["integer"]))
            for i in input_ids
        }
    )


def _ok(result):
    assume("errors" not in result)  # an inconsistent draw (e.g. a complication without IgM symptoms) is refused
    return result


@pytest.mark.parametrize("calculator", sorted(HVS_INPUT))
@FAST
@given(data=st.data())
def test_symptomatic_hyperviscosity_always_leads_with_the_urgent_message(calculator, data):
    inputs = {**data.draw(valid_inputs(calculator)), HVS_INPUT[calculator]: "yes"}
    result = _ok(run(calculator, inputs))
    assert result["message_codes"][0] == "urgent"
    assert result["summary"][0] == URGENT
    assert result["next_steps"][0] == {"text": URGENT_STEP.text, "source": "kapoor2017"}
    assert URGENT in result["headline"]
    assert result["required_now"] == []  # the emergency never waits for another answer
    texts = [s["text"] for s in result["next_steps"]] + [result.get("mayo_next_step") or ""]
    for text in texts:
        if "do not start WM" in text:
            assert text.startswith(URGENT) or texts.index(text) > 0, text
    if calculator == "igm_classifier":
        assert result["mayo_next_step"].startswith(URGENT) and result["iwwm2_next_step"].startswith(URGENT)
        assert result["urgent"] is True


@pytest.mark.parametrize("calculator", sorted(IGM_INPUT))
@FAST
@given(data=st.data(), above=st.booleans())
def test_an_igm_above_6000_mg_dl_always_gives_the_high_risk_message(calculator, data, above):
    inputs = {**data.draw(valid_inputs(calculator)), IGM_INPUT[calculator]: _drawn_igm(data, above, Decimal(1))}
    result = _ok(run(calculator, inputs))
    assert ("high_risk" in result["message_codes"]) is above
    assert ({"text": HIGH_RISK, "source": "gustine2017"} in result["next_steps"]) is above
    assert result["high_risk_hyperviscosity"] is above
    # On a phone only the headline shows before "Details": it says so too, unless the urgent message leads it.
    if "urgent" not in result["message_codes"]:
        said = HIGH_RISK_HEADLINE in result["headline"] or result["headline"].startswith(HIGH_RISK)
        assert said is above


def test_every_calculator_that_takes_an_igm_is_covered_by_the_high_risk_property():
    """A new calculator with an IgM input fails here until it gives the message (or says why its input is history)."""
    for calculator in calculator_ids():
        for spec in describe(calculator)["inputs"]:
            if spec["kind"] != "measured" or "mg/dL" not in [u["label"] for u in spec["units"]]:
                continue
            if not ("igm" in spec["id"] or spec["id"] == "m_protein"):
                continue
            covered = (
                IGM_INPUT.get(calculator) == spec["id"]
                or IGM_REFUSED.get(calculator, ("",))[0] == spec["id"]
                or (calculator, spec["id"]) in IGM_EXEMPT
            )
            assert covered, f"{calculator}.{spec['id']} takes an IgM but is not in the high-risk property"


@pytest.mark.parametrize("calculator", sorted(IGM_REFUSED))
@FAST
@given(data=st.data(), above=st.booleans())
def test_an_igm_above_6000_mg_dl_refused_as_not_mgus_still_gets_the_high_risk_message(calculator, data, above):
    input_id, others = IGM_REFUSED[calculator]
    result = run(calculator, {**others, input_id: _drawn_igm(data, above, Decimal(3000))})
    (error,) = [e for e in result["errors"] if e["input"] == input_id]
    assert error["code"] == "outside_population"
    assert (HIGH_RISK in error["message"]) is above


def test_an_igg_m_protein_above_6000_mg_dl_gets_no_igm_message():
    result = run("mayo_mgus", {"isotype": "IgG", "m_protein": {"value": "7000", "unit": "mg/dL"}, "flc_ratio": "1"})
    assert all(HIGH_RISK not in e["message"] for e in result["errors"])


# ---- one patient, three calculators ------------------------------------------------------------------------


@st.composite
def patients(draw):
    return {
        "igm_mg_dl": draw(st.decimals(Decimal(100), Decimal(9000), places=0)),
        "unit": draw(st.sampled_from(sorted(LIMIT))),
        "marrow": draw(st.integers(0, 90)),
        "hvs": draw(st.sampled_from(["yes", "no"])),
        "tumour": draw(st.sampled_from(["yes", "no"])),
        "complication": draw(
            st.sampled_from(
                [
                    None,
                    "cold_agglutinin_disease",
                    "cryoglobulinaemia",
                    "igm_al_amyloidosis",
                    "schnitzler_syndrome",
                    "anti_mag_neuropathy",
                ]
            )
        ),
        "rituximab": draw(st.sampled_from(["yes", "no"])),
    }


#: The treatment check's question for each complication the classifier names (None: not asked there).
TREATMENT_QUESTION = {
    "cold_agglutinin_disease": "cold_agglutinin_disease_symptomatic",
    "cryoglobulinaemia": "cryoglobulinemia_symptomatic",
    "igm_al_amyloidosis": "amyloidosis",
    "schnitzler_syndrome": "schnitzler_syndrome",
}


def _three(p):
    igm = _igm(p["igm_mg_dl"], p["unit"])
    related = "yes" if p["complication"] else "no"
    classifier = {
        "igm_m_protein": igm,
        "bm_lpl_infiltration_pct": p["marrow"],
        "symptoms_tumour": p["tumour"],
        "symptoms_igm_related": related,
        "symptoms_hyperviscosity": p["hvs"],
        **({"igm_related_complication": p["complication"]} if p["complication"] else {}),
    }
    treatment = {"symptomatic_hyperviscosity": p["hvs"], "serum_igm": igm}
    if p["complication"] in TREATMENT_QUESTION:
        treatment[TREATMENT_QUESTION[p["complication"]]] = "yes"
    plasma = {
        "serum_igm": igm,
        "hvs_symptoms": p["hvs"],
        "severe_cryo_symptoms": "no",
        "rituximab_planned": p["rituximab"],
    }
    return (
        run("igm_classifier", classifier),
        run("treatment_indication", treatment),
        run("plasmapheresis_check", plasma),
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patients())
def test_the_three_calculators_never_contradict_each_other(p):
    classifier, treatment, plasma = _three(p)
    for result in (classifier, treatment, plasma):
        assert "errors" not in result, result
    results = (classifier, treatment, plasma)
    # Pair 1: the emergency, word for word, first in each.
    urgent = p["hvs"] == "yes"
    for result in results:
        assert (result["message_codes"][:1] == ["urgent"]) is urgent
        assert (result["next_steps"][0] == {"text": URGENT_STEP.text, "source": "kapoor2017"}) is urgent
    # Pair 2: IgM > 6000 mg/dL is high risk in all three, and then no routine interval in the treatment check.
    high = p["igm_mg_dl"] > 6000
    for result in results:
        assert ("high_risk" in result["message_codes"]) is high
    if high:
        assert treatment["follow_up"] is None
        assert not any("every 6 months" in s["text"] for s in treatment["next_steps"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patients())
def test_an_igm_mgcs_reading_is_an_indication_in_the_treatment_check(p):
    # Pair 3: with IgM < 3 g/dL and marrow < 10%, the classifier says IgM MGUS with a complication; the same
    # complication, answered in the treatment check for IgM MGUS, meets an IgM-driven indication there.
    p = {**p, "igm_mg_dl": min(p["igm_mg_dl"], Decimal(2999)), "marrow": p["marrow"] % 10, "tumour": "no", "hvs": "no"}
    assume(p["complication"] in TREATMENT_QUESTION)
    classifier = run(
        "igm_classifier",
        {
            "igm_m_protein": _igm(p["igm_mg_dl"], p["unit"]),
            "bm_lpl_infiltration_pct": p["marrow"],
            "symptoms_tumour": "no",
            "symptoms_igm_related": "yes",
            "symptoms_hyperviscosity": "no",
            "igm_related_complication": p["complication"],
        },
    )
    treatment = run(
        "treatment_indication",
        {"diagnosis": "igm_mgus_igm_related", TREATMENT_QUESTION[p["complication"]]: "yes"},
    )
    assert classifier["mayo_who2016"] in {"igm_mgus_igm_related", "al_amyloidosis"}
    assert treatment["population"] == "igm_mgus_igm_related"
    if p["complication"] == "schnitzler_syndrome":
        # IL-1 blockade, not the clone, in both.
        assert treatment["indicated"] is not True and "schnitzler_il1" in treatment["message_codes"]
        assert "IL-1 blockade" in " ".join(classifier["summary"])
    else:
        assert treatment["indicated"] is True


def test_cold_agglutinin_disease_says_no_corticosteroids_in_both():
    # Pair 4 (Berentsen 2021: "Corticosteroids should not be used to treat CAD").
    classifier = run(
        "igm_classifier",
        {
            "igm_m_protein": 1,
            "bm_lpl_infiltration_pct": 0,
            "symptoms_tumour": "no",
            "symptoms_igm_related": "yes",
            "igm_related_complication": "cold_agglutinin_disease",
        },
    )
    treatment = run("treatment_indication", {"cold_agglutinin_disease_symptomatic": "yes"})
    assert "corticosteroids should not be used" in " ".join(classifier["summary"]).lower()
    assert "corticosteroids should not be used" in " ".join(s["text"] for s in treatment["next_steps"]).lower()


@pytest.mark.parametrize(("igm", "routine"), [(5000, True), (6000, True), (6001, False)])
def test_smoldering_wm_follow_up_agrees_unless_the_igm_is_high_risk(igm, routine):
    # Pair 5: IWWM-2 (PMID 12720119) every 6 months in both; replaced above 6000 mg/dL (Gustine 2017).
    classifier = run(
        "igm_classifier",
        {
            "igm_m_protein": {"value": igm, "unit": "mg/dL"},
            "bm_lpl_infiltration_pct": 30,
            "symptoms_tumour": "no",
            "symptoms_igm_related": "no",
            "symptoms_hyperviscosity": "no",
        },
    )
    every = dict.fromkeys([*YES_NO, "suspected_transformation", "schnitzler_syndrome"], "no")
    treatment = run(
        "treatment_indication",
        {
            **every,
            "diagnosis": "wm",
            "hemoglobin": 13,
            "platelets": 250,
            "largest_node_cm": 1,
            "neuropathy": "none",
            "serum_igm": {"value": igm, "unit": "mg/dL"},
        },
    )
    assert classifier["mayo_who2016"] == "smoldering_wm" and treatment["indicated"] is False
    six_monthly = [any("every 6 months" in s["text"] for s in r["next_steps"]) for r in (classifier, treatment)]
    if routine:
        assert six_monthly == [True, True]
    else:
        assert six_monthly[1] is False
        assert all("high_risk" in r["message_codes"] for r in (classifier, treatment))


# ---- F3: "not needed" never hides what changes the advice --------------------------------------------------


def _advice(result):
    """What the reader acts on (F3): category, score, indicated, urgent, message codes, next steps; for a
    calculator without categories, every value it derives as well."""
    keys = ["category", "score", "indicated", "urgent", "message_codes", "next_steps"]
    advice = {k: result.get(k) for k in keys}
    if result["category"] is None:
        own = (
            set(result)
            - set(describe(result["calculator"]))
            - {
                "criteria",
                "not_assessed",
                "inputs",
                "inputs_not_entered",
                "summary",
                "warnings",
                "required_now",
                "not_needed",
                "headline",
                "copy",
                "factors",
                "points",
                "outcome",
                "statements",
                "references",
            }
        )
        advice |= {
            k: result[k]
            for k in own
            if k
            not in {
                "calculator",
                "title",
                "version",
                "scored",
                "max_score",
                "category_label",
                "category_rule",
                "messages",
            }
        }
    return advice


@pytest.mark.parametrize("calculator", calculator_ids())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_inputs_called_not_needed_change_nothing_when_filled_at_random(calculator, data):
    full = data.draw(valid_inputs(calculator))
    kept = data.draw(st.lists(st.sampled_from(sorted(full)), unique=True)) if full else []
    inputs = {k: full[k] for k in kept}
    result = run(calculator, inputs)
    if "errors" in result or not result["not_needed"]:
        return  # nothing called not needed in this draw (the seeded test below always has some)
    fill = data.draw(_answers(calculator, result["not_needed"]))
    filled = run(calculator, {**inputs, **fill})
    assert "errors" not in filled, (inputs, fill, filled.get("errors"))
    assert _advice(filled) == _advice(result), (inputs, fill)


#: Entries that leave answers "not needed", so the metamorphic property is exercised on each of these every run.
SEEDED = [
    ("treatment_indication", {"diagnosis": "wm", "b_symptoms": "yes"}),
    ("treatment_indication", {"largest_node_cm": 6}),
    ("treatment_indication", {"diagnosis": "igm_mgus_igm_related", "avwd_bleeding": "yes", "serum_igm": 1.1}),
    (
        "iwwm_response",
        {
            "baseline_igm": {"value": 4000, "unit": "mg/dL"},
            "current_igm": {"value": 400, "unit": "mg/dL"},
            "ife": "positive",
            "emd_at_baseline": "no",
            "new_symptoms": "no",
        },
    ),
]


@pytest.mark.parametrize(("calculator", "inputs"), SEEDED)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_seeded_not_needed_inputs_change_nothing_when_filled_at_random(calculator, inputs, data):
    result = run(calculator, inputs)
    assert "errors" not in result and result["not_needed"], result.get("errors")
    fill = data.draw(_answers(calculator, result["not_needed"]))
    filled = run(calculator, {**inputs, **fill})
    assert "errors" not in filled, (fill, filled.get("errors"))
    assert _advice(filled) == _advice(result), fill


def test_the_f3_reproduction_no_longer_hides_hyperviscosity():
    # Reliability review 2026-12, F3: with B symptoms, hyperviscosity was "not needed" yet adds the urgent message.
    result = run("treatment_indication", {"diagnosis": "wm", "b_symptoms": "yes"})
    assert "symptomatic_hyperviscosity" not in result["not_needed"]
    assert run("treatment_indication", {"diagnosis": "wm", "b_symptoms": "yes", "symptomatic_hyperviscosity": "yes"})[
        "message_codes"
    ] == ["urgent"]
