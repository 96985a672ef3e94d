"""Hyperviscosity and rituximab IgM-flare precautions (spec §8, corrected 2026-11-30): plasmapheresis now,
before rituximab, or not at all; fundoscopy and viscosity now at a high IgM; and the retinal examination at
least yearly. Rules evaluated in order, every applicable message shown: the yearly rule is a minimum interval,
never the only advice when a higher rule applies.
"""

from __future__ import annotations

from fractions import Fraction as F

from .emergency import HIGH_RISK, HIGH_RISK_STEP, URGENT, URGENT_STEP
from .engine import Evaluation
from .model import Calculator, ChoiceCriterion, Criterion, Derived, NextStep
from .quantities import SERUM_IGM, SERUM_VISCOSITY, optional, yes_no
from .sources import (
    ABEYKOON,
    ECOG_FLARE_2004,
    ESMO_2018,
    GERTZ_2003,
    GUSTINE_2017,
    IWWM8_LEBLOND_2016,
    JAPANESE_SERIES_2024,
    KAPOOR_2017,
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
        sources=("kapoor2017", "esmo2018", NC),
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
    # "IgM ≥ 4000 mg/dL (≥ 40 g/L)": 4000 meets it, 3999 does not (NCCN per summary). IWWM-8 (Leblond 2016, M1):
    # plasmapheresis "to prevent flare in patients with high IgM level (typically >4000 mg/dL) before rituximab":
    # a typical level, not a strict cut-off, so the NCCN boundary is kept and the wording shown as a disagreement.
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
        sources=("iwwm8_leblond2016", "ther_apher_dial2024"),
    ),
    # "> 60 g/L" (Gustine 2017, PMID 28485115) and "greater than 6000 mg/dL" (NCCN per summary): strict, 6000 does
    # not meet it; Gustine's next band down is 50.01-60 g/L.
    Criterion(
        "igm_gt_6000",
        "Serum IgM > 6000 mg/dL",
        "serum_igm",
        ">",
        F(6),
        0,
        "gustine2017",
        "A serum IgM level >60 g/l at diagnosis was associated with a median time to symptomatic hyperviscosity of 3 "
        "months",
        native=(("mg/dL", F(6000)), ("g/L", F(60))),
        sources=(NC, "abeykoon_hvs"),
    ),
    # "≥ 4000 mg/dL": measure viscosity, fundoscopy at baseline (NCCN per summary; Medscape 2021 "greater than 4000
    # mg/dL ... viscosity measurement is required"). The same criterion as the rituximab rule above.
    # "greater than 3000 mg/dL": 3000 does not meet it.
    Criterion(
        "igm_gt_3000",
        "Serum IgM > 3000 mg/dL",
        "serum_igm",
        ">",
        F(3),
        0,
        NC,
        "retinal examination once a year if serum IgM level is greater than 3000 mg/dL (a minimum interval)",
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
    # One definition for every calculator (`emergency`, issue 18 H1/S5).
    "urgent": URGENT,
    "cryo": "Plasmapheresis for severe cryoglobulin-related symptoms (NCCN per summary).",
    "preemptive": (
        "Rituximab planned with IgM ≥ 4000 mg/dL: pre-emptive plasmapheresis before rituximab, or omit rituximab "
        "in the initial cycle(s) until IgM falls; monitor IgM closely, and repeat plasmapheresis if hyperviscosity "
        "recurs or IgM is ≥ 4000 mg/dL on rituximab (NCCN per summary; Medscape; IWWM-8, Leblond 2016: "
        "plasmapheresis can prevent the flare at a high IgM, 'typically >4000 mg/dL', before rituximab)."
    ),
    "flare": (
        "Rituximab planned: a transient IgM rise (flare) followed rituximab in up to 54% of patients in the ECOG "
        "study (Cancer 2004, PMID 15493038) and is not treatment failure; monitor IgM and viscosity (IWWM-2 "
        "treatment panel)."
    ),
    # M2: Gustine's 36% is of the 113 who developed symptomatic hyperviscosity (reworded in `emergency`).
    "high_risk": HIGH_RISK,
    "measure_viscosity": (
        "Serum IgM ≥ 4000 mg/dL: measure serum viscosity, and examine the fundi at baseline (NCCN per summary; "
        "Medscape 2021: 'viscosity measurement is required'). Menke 2006 found the earliest hyperviscosity "
        "retinopathy at a mean IgM of 5442 mg/dL."
    ),
    "retina": (
        "Serum IgM > 3000 mg/dL: retinal (fundoscopic) examination at least once a year (NCCN per summary); this "
        "is a minimum interval, not the only check at a higher IgM."
    ),
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
    high_risk = ev.met("igm_gt_6000") is True
    measure = ev.met("igm_ge_4000") is True
    viscosity = ev.met("viscosity_gt_4")
    viscosity_risk = None if viscosity is None else (viscosity and not hvs)
    codes = []
    if hvs:
        codes.append("urgent")
    if cryo:
        codes.append("cryo")
    if preemptive:
        codes.append("preemptive")
    elif rituximab:
        codes.append("flare")
    # Spec §8 rules 4-6: the higher IgM rule first; the yearly retinal rule always follows as the minimum.
    if high_risk:
        codes.append("high_risk")
    if measure:
        codes.append("measure_viscosity")
    if retina:
        codes.append("retina")
    if viscosity_risk:
        codes.append("viscosity")
    elif ev.met("viscosity_gt_1_8") and not hvs:
        codes.append("viscosity_predictor")
    if not codes:
        codes.append("none")
    messages = [MESSAGES[c] for c in codes]
    values = {
        "urgent_plasmapheresis": hvs,
        "plasmapheresis_for_cryoglobulinemia": cryo,
        "preemptive_plasmapheresis_or_omit_rituximab": preemptive,
        "annual_retinal_exam": retina,
        "high_risk_hyperviscosity": high_risk,
        "measure_viscosity_now": measure,
        "viscosity_high_risk": viscosity_risk,
        "messages": messages,
        # One stable code per message, in the same order: pages and tests rely on codes, never on wording.
        "message_codes": codes,
    }
    return Derived(category=None, values=values, summary=tuple(messages))


PLASMAPHERESIS_CHECK = Calculator(
    id="plasmapheresis_check",
    title="Hyperviscosity and rituximab IgM-flare precautions",
    version="1.1.0",
    purpose=(
        "Checks whether plasmapheresis is needed now or before rituximab, whether fundoscopy and serum viscosity "
        "are needed now, and whether a retinal examination at least yearly is due."
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
        ("urgent_plasmapheresis", True, (URGENT_STEP,)),
        ("plasmapheresis_for_cryoglobulinemia", True, (NextStep(MESSAGES["cryo"], NC),)),
        ("preemptive_plasmapheresis_or_omit_rituximab", True, (NextStep(MESSAGES["preemptive"], NC),)),
        ("high_risk_hyperviscosity", True, (HIGH_RISK_STEP,)),
        ("measure_viscosity_now", True, (NextStep(MESSAGES["measure_viscosity"], NC),)),
        ("annual_retinal_exam", True, (NextStep(MESSAGES["retina"], NC),)),
        ("viscosity_high_risk", True, (NextStep(MESSAGES["viscosity"], "medscape_wm"),)),
    ),
    references=(
        MSMART_2010,
        ESMO_2018,
        NCCN_SUMMARY,
        GUSTINE_2017,
        ECOG_FLARE_2004,
        JAPANESE_SERIES_2024,
        MEDSCAPE_WM,
        MENKE_2006,
        STONE_BOGEN_2012,
        ABEYKOON,
        GERTZ_2003,
        KAPOOR_2017,
        IWWM8_LEBLOND_2016,
    ),
    notes=(
        "Rules are evaluated in order and every applicable message is shown.",
        "IgM > 6000 mg/dL (> 60 g/L, strict: 6000 does not meet it): fundoscopy and serum viscosity now, and "
        "discuss therapy, with the Gustine and Mayo figures side by side. IgM ≥ 4000 mg/dL (≥ 40 g/L): 4000 meets "
        "it, 3999 does not; measure serum viscosity and examine the fundi at baseline, and, with rituximab planned, "
        "the pre-emptive step. IgM > 3000 mg/dL: 3000 does not meet it; retinal examination at least yearly, a "
        "minimum that never stands alone when a higher rule applies. Values in g/dL, g/L or mg/dL are compared "
        "exactly.",
        "The 6000, 4000 and 3000 mg/dL figures come from a third-party summary of NCCN; NCCN's own text was not "
        "reached. IWWM-8 (Leblond 2016, as quoted by the 2026-12 independent review) supports plasmapheresis before "
        "rituximab at a high IgM, 'typically >4000 mg/dL'. The > 60 g/L risk is Gustine 2017's (PMID 28485115); the ≥ 4000 viscosity rule rests on the NCCN "
        "summary and Medscape, not on Menke. "
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
            "IWWM-8 (Leblond 2016) vs NCCN per summary",
            "IWWM-8: before rituximab at a high IgM, 'typically >4000 mg/dL' (a typical level, not a cut-off); NCCN "
            "per summary: ≥ 4000 mg/dL. This check keeps ≥ 4000 (4000 counts).",
        ),
        (
            "Gustine 2017 vs Mayo (Abeykoon)",
            "IgM > 60 g/L: median 3 months to symptomatic hyperviscosity (Gustine, from diagnosis); 15% of 13 "
            "asymptomatic patients above 6000 mg/dL developed symptoms, median 6.9 years to therapy (Mayo). Both "
            "are shown.",
        ),
        (
            "This project's first version (before 2026-11-30)",
            "gave only 'retinal examination once a year' for an asymptomatic IgM of 80 g/L; an independent review "
            "found that harmful reassurance. The > 6000 and ≥ 4000 mg/dL rules now come first.",
        ),
        (
            "IWWM-2 treatment panel vs ECOG on the flare",
            "IWWM-2 panel: a flare in about 40–60% (secondary); ECOG (PMID 15493038): up to 54%. ECOG is cited.",
        ),
        (
            "Omit rituximab vs plasmapheresis",
            "NCCN (per summary) offers pre-emptive plasmapheresis; Medscape describes omitting rituximab from the "
            "first cycle in at-risk patients. Both are shown.",
        ),
    ),
)
