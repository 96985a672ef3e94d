"""Hyperviscosity and rituximab IgM-flare precautions (spec §8): plasmapheresis now, before rituximab,
or not at all, and the yearly retinal examination. Rules evaluated in order, every applicable message shown.
"""

from __future__ import annotations

from fractions import Fraction as F

from .engine import Evaluation
from .model import Calculator, ChoiceCriterion, Criterion, Derived, NextStep
from .quantities import SERUM_IGM, SERUM_VISCOSITY, optional, yes_no
from .sources import (
    ABEYKOON,
    ESMO_2018,
    GERTZ_2003,
    JAPANESE_SERIES_2024,
    MEDSCAPE_WM,
    MENKE_2006,
    MSMART_2010,
    NCCN_SUMMARY,
    STONE_BOGEN_2012,
)

NC = "nccn_wm"

CRITERIA = (
    ChoiceCriterion(
        "hvs_symptoms",
        "Symptoms of hyperviscosity",
        "hvs_symptoms",
        ("yes",),
        0,
        "msmart2010",
        "Any patient with symptoms of hyperviscosity should first be treated with plasmapheresis",
        sources=("esmo2018", NC),
    ),
    ChoiceCriterion(
        "severe_cryo_symptoms",
        "Severe cryoglobulin-related symptoms",
        "severe_cryo_symptoms",
        ("yes",),
        0,
        NC,
        "plasmapheresis for severe cryoglobulin-related symptoms",
    ),
    ChoiceCriterion(
        "rituximab_planned",
        "Rituximab or another anti-CD20 planned",
        "rituximab_planned",
        ("yes",),
        0,
        NC,
        "rituximab-containing regimen",
    ),
    # "IgM ≥ 4000 mg/dL (≥ 40 g/L)": 4000 meets it, 3999 does not.
    Criterion(
        "igm_ge_4000",
        "Serum IgM ≥ 4000 mg/dL",
        "serum_igm",
        ">=",
        F(4),
        0,
        NC,
        "pre-emptive plasmapheresis before rituximab if IgM ≥4000 mg/dL",
        native=(("mg/dL", F(4000)), ("g/L", F(40))),
        sources=("ther_apher_dial2024",),
    ),
    # "greater than 3000 mg/dL": 3000 does not meet it.
    Criterion(
        "igm_gt_3000",
        "Serum IgM > 3000 mg/dL",
        "serum_igm",
        ">",
        F(3),
        0,
        NC,
        "retinal examination once a year if serum IgM level is greater than 3000 mg/dL",
        native=(("mg/dL", F(3000)), ("g/L", F(30))),
    ),
    Criterion(
        "viscosity_gt_4",
        "Serum viscosity > 4 cP",
        "serum_viscosity_cp",
        ">",
        F(4),
        0,
        "medscape_wm",
        "suspect HVS when serum viscosity >4 cP",
        sources=("stone_bogen2012",),
    ),
    Criterion(
        "viscosity_gt_1_8",
        "Serum viscosity > 1.8 cP",
        "serum_viscosity_cp",
        ">",
        F("1.8"),
        0,
        "abeykoon_hvs",
        "viscosity >1.8 cP at diagnosis was the only independent predictor of symptomatic hyperviscosity",
    ),
)

MESSAGES = {
    "urgent": (
        "URGENT plasmapheresis for symptomatic hyperviscosity, then systemic therapy (mSMART 2010; ESMO; NCCN). "
        "If red cells are needed, transfuse after plasmapheresis, not before (NCCN per summary)."
    ),
    "cryo": "Plasmapheresis for severe cryoglobulin-related symptoms (NCCN per summary).",
    "preemptive": (
        "Rituximab planned with IgM ≥ 4000 mg/dL: pre-emptive plasmapheresis before rituximab, or omit rituximab "
        "in the initial cycle(s) until IgM falls; monitor IgM closely, and repeat plasmapheresis if hyperviscosity "
        "recurs or IgM is ≥ 4000 mg/dL on rituximab (NCCN per summary; Medscape)."
    ),
    "flare": (
        "Rituximab planned: a transient IgM rise (flare) follows rituximab in about 40–60% of patients and is not "
        "treatment failure; monitor IgM and viscosity (IWWM-2 treatment panel)."
    ),
    "retina": "Serum IgM > 3000 mg/dL: retinal (fundoscopic) examination once a year (NCCN per summary).",
    "viscosity": (
        "Serum viscosity > 4 cP without symptoms: high risk of hyperviscosity; fundoscopy; consider treatment "
        "(informational; no guideline uses viscosity as a treatment criterion)."
    ),
    "viscosity_predictor": (
        "Serum viscosity > 1.8 cP: at diagnosis this predicted later symptomatic hyperviscosity (RR 4.0; "
        "Abeykoon, Mayo)."
    ),
    "none": "None of the precautions in this check applies.",
}


def derive(ev: Evaluation) -> Derived:
    hvs = ev.met("hvs_symptoms") is True
    cryo = ev.met("severe_cryo_symptoms") is True
    rituximab = ev.met("rituximab_planned") is True
    preemptive = rituximab and ev.met("igm_ge_4000") is True
    retina = ev.met("igm_gt_3000") is True
    viscosity = ev.met("viscosity_gt_4")
    viscosity_risk = None if viscosity is None else (viscosity and not hvs)
    messages = []
    if hvs:
        messages.append(MESSAGES["urgent"])
    if cryo:
        messages.append(MESSAGES["cryo"])
    if preemptive:
        messages.append(MESSAGES["preemptive"])
    elif rituximab:
        messages.append(MESSAGES["flare"])
    if retina:
        messages.append(MESSAGES["retina"])
    if viscosity_risk:
        messages.append(MESSAGES["viscosity"])
    elif ev.met("viscosity_gt_1_8") and not hvs:
        messages.append(MESSAGES["viscosity_predictor"])
    if not messages:
        messages.append(MESSAGES["none"])
    values = {
        "urgent_plasmapheresis": hvs,
        "plasmapheresis_for_cryoglobulinemia": cryo,
        "preemptive_plasmapheresis_or_omit_rituximab": preemptive,
        "annual_retinal_exam": retina,
        "viscosity_high_risk": viscosity_risk,
        "messages": messages,
    }
    return Derived(category=None, values=values, summary=tuple(messages))


PLASMAPHERESIS_CHECK = Calculator(
    id="plasmapheresis_check",
    title="Hyperviscosity and rituximab IgM-flare precautions",
    version="1.0.0",
    purpose=(
        "Checks whether plasmapheresis is needed now or before rituximab, and whether a yearly retinal "
        "examination is due."
    ),
    population=(
        "Patients with Waldenström macroglobulinemia or another IgM paraprotein at diagnosis, before therapy or "
        "during follow-up. It does not replace clinical judgement of hyperviscosity symptoms (visual disturbance, "
        "bleeding, headache, neurological signs)."
    ),
    inputs=(
        SERUM_IGM,
        yes_no(
            "hvs_symptoms",
            "Symptoms of hyperviscosity",
            "Visual disturbance, mucosal bleeding, headache, dizziness, confusion.",
        ),
        yes_no("severe_cryo_symptoms", "Severe cryoglobulin-related symptoms"),
        yes_no("rituximab_planned", "Planned regimen contains rituximab or another anti-CD20 antibody"),
        optional(SERUM_VISCOSITY),
    ),
    criteria=CRITERIA,
    categories=(),
    classify=None,
    scored=False,
    derive=derive,
    # Symptomatic hyperviscosity is the answer on its own: urgent plasmapheresis first (mSMART 2010; ESMO).
    decisive=("hvs_symptoms",),
    next_steps_by=(
        ("urgent_plasmapheresis", True, (NextStep(MESSAGES["urgent"], "msmart2010"),)),
        ("plasmapheresis_for_cryoglobulinemia", True, (NextStep(MESSAGES["cryo"], NC),)),
        ("preemptive_plasmapheresis_or_omit_rituximab", True, (NextStep(MESSAGES["preemptive"], NC),)),
        ("annual_retinal_exam", True, (NextStep(MESSAGES["retina"], NC),)),
        ("viscosity_high_risk", True, (NextStep(MESSAGES["viscosity"], "medscape_wm"),)),
    ),
    references=(
        MSMART_2010,
        ESMO_2018,
        NCCN_SUMMARY,
        JAPANESE_SERIES_2024,
        MEDSCAPE_WM,
        MENKE_2006,
        STONE_BOGEN_2012,
        ABEYKOON,
        GERTZ_2003,
    ),
    notes=(
        "Rules are evaluated in order and every applicable message is shown.",
        "IgM ≥ 4000 mg/dL (≥ 40 g/L): 4000 meets it, 3999 does not. IgM > 3000 mg/dL: 3000 does not meet it. "
        "Values in g/dL, g/L or mg/dL are compared exactly.",
        "The 4000 and 3000 mg/dL figures come from a third-party summary of NCCN; NCCN's own text was not reached. "
        "Menke 2006 found the earliest hyperviscosity retinopathy at a mean IgM of 5442 mg/dL and a mean serum "
        "viscosity of 3.1 cP: it supports screening but does not set the 3000 threshold.",
        "Serum viscosity is optional and used as reported (cP); it is never converted from a relative viscosity. "
        "Normal is about 1.4–1.8 cP; symptoms usually appear above 4 cP.",
        "Two to three plasma exchanges lower IgM by about 30–60% (Medscape).",
    ),
    disagreements=(
        (
            "droracle.ai ('per NCCN', possibly an older version)",
            "IgM ≥ 5000 mg/dL needs special attention before rituximab; NCCN per summary and a Japanese series: "
            "≥ 4000 mg/dL.",
        ),
        ("Medscape quiz 2021", "IgM 'greater than 4000 mg/dL' (strict); NCCN per summary: ≥ 4000 mg/dL."),
        (
            "Omit rituximab vs plasmapheresis",
            "NCCN (per summary) offers pre-emptive plasmapheresis; Medscape describes omitting rituximab from the "
            "first cycle in at-risk patients. Both are shown.",
        ),
    ),
)
