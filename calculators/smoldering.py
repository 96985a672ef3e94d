"""Smoldering (asymptomatic) WM: the Mayo natural-history lookup (Kyle 2012, spec §5b) and the Bustoros
2019 risk factors (spec §5a), shown as flags only because the validated model is continuous and its
coefficients were not available: no risk group is ever computed from a count of factors.
"""

from __future__ import annotations

from fractions import Fraction as F

from .emergency import HIGH_RISK_NOTE
from .engine import Evaluation
from .model import Calculator, Category, Choice, ChoiceInput, Criterion, Derived, NextStep, Outcome, Reference
from .quantities import ALBUMIN, BETA2M, BM_INFILTRATION, SERUM_IGM
from .sources import ESMO_2018, GUSTINE_2017, IWWM2_TREATMENT, NCCN_SUMMARY

KYLE_2012 = Reference(
    id="kyle2012",
    citation=(
        "Kyle RA, Benson JT, Larson DR, et al. Progression in smoldering Waldenström macroglobulinemia: long-term "
        "results. Blood 2012;119(19):4462-4466."
    ),
    pmid="22451426",
    doi="10.1182/blood-2011-10-384768",
)
KYLE_2009 = Reference(
    id="kyle2009",
    citation=(
        "Kyle RA, Benson JT, Larson DR, Therneau TM, Dispenzieri A, Melton LJ, Rajkumar SV. IgM monoclonal "
        "gammopathy of undetermined significance and smoldering Waldenström's macroglobulinemia. Clin Lymphoma "
        "Myeloma 2009;9(1):17-18."
    ),
    pmid="19362962",
    doi="10.3816/CLM.2009.n.002",
    note="Abstract read on a PubMed copy and the Mayo Clinic research portal.",
)
# Same 48-patient cohort, later report: 65% at 10 years (review M11). Read on the Mayo Clinic research portal;
# no DOI or PMID is shown there, so none is recorded.
KYLE_2013 = Reference(
    id="kyle2013",
    citation=(
        "Kyle RA, Therneau TM, Dispenzieri A, Kumar S, Benson JT, Larson DR, Melton LJ, Rajkumar SV. Immunoglobulin "
        "M monoclonal gammopathy of undetermined significance and smoldering Waldenström macroglobulinemia. Clin "
        "Lymphoma Myeloma Leuk 2013;13(2):184-186."
    ),
    note="Abstract read on the Mayo Clinic research portal: 6%, 39%, 59% and 65% at 1, 3, 5 and 10 years.",
)

HORIZONS = (("1", "6%"), ("3", "39%"), ("5", "59%"), ("10", "68%"))

# Watch-and-wait intervals for smoldering (asymptomatic) WM: IWWM-2 (Kyle 2003) and ESMO 2018 (spec §7).
OBSERVE = (
    NextStep("If observed: follow-up every 6 months (IWWM-2).", "iwwm2_kyle2003"),
    NextStep("If observed: watchful waiting every 3–6 months (ESMO 2018).", "esmo2018"),
)


def _swm_derive(ev: Evaluation) -> Derived:
    years = ev.choice("horizon_years")
    assert years is not None
    pct = dict(HORIZONS)[years]
    return Derived(
        category=f"y{years}",
        values={"cumulative_progression_pct": int(pct.rstrip("%")), "horizon": int(years)},
        summary=(
            f"Cumulative progression to symptomatic WM, AL amyloidosis or lymphoma at {years} year"
            f"{'' if years == '1' else 's'}: {pct} (Mayo cohort of 48 patients, Kyle 2012).",
        ),
    )


SWM_PROGRESSION = Calculator(
    id="swm_progression",
    title="Smoldering WM: cumulative progression (Mayo, Kyle 2012)",
    version="1.0.0",
    purpose="Looks up the published cumulative risk that smoldering WM progresses, at 1, 3, 5 or 10 years.",
    population=(
        "Smoldering WM by the Mayo definition: serum IgM M-protein ≥ 3 g/dL and/or ≥ 10% marrow lymphoplasmacytic "
        "infiltration, with no end-organ damage (anaemia, constitutional symptoms, hyperviscosity, "
        "lymphadenopathy, hepatosplenomegaly). A population figure for a cohort of 48 patients, not a personal "
        "risk. Not for IgM MGUS, symptomatic WM or μ heavy chain disease."
    ),
    inputs=(
        ChoiceInput(
            "horizon_years",
            "Time from diagnosis",
            tuple(Choice(y, f"{y} year{'' if y == '1' else 's'}") for y, _ in HORIZONS),
        ),
    ),
    criteria=(),
    categories=tuple(
        Category(
            f"y{y}",
            f"{y} year{'' if y == '1' else 's'}",
            f"{y} year{'' if y == '1' else 's'} from diagnosis",
            (Outcome("Cumulative progression", pct, "kyle2012"),),
            next_steps=OBSERVE,
        )
        for y, pct in HORIZONS
    ),
    classify=None,
    scored=False,
    derive=_swm_derive,
    references=(KYLE_2012, KYLE_2009, KYLE_2013, IWWM2_TREATMENT, ESMO_2018),
    notes=(
        "Progression means symptomatic WM, AL amyloidosis or lymphoma.",
        "Risk factors for progression in this cohort were the marrow lymphoplasmacytic percentage, the size of the "
        "M-spike and the haemoglobin; there is no validated point score from them.",
        "For a patient-level estimate, the Bustoros 2019 model (asymptomatic WM) uses continuous values; see its page.",
    ),
    disagreements=(
        (
            "Kyle 2009 (Clin Lymphoma Myeloma; same 48 patients, shorter follow-up)",
            "55% at 5 years and a median time to progression of 4.6 years; Kyle 2012: 59% at 5 years.",
        ),
        (
            "Kyle 2013 (Clin Lymphoma Myeloma Leuk 2013;13(2):184-186; same 48 patients)",
            "65% at 10 years; Kyle 2012: 68% at 10 years. 1, 3 and 5 years agree (6%, 39%, 59%).",
        ),
    ),
)


BUSTOROS_2019 = Reference(
    id="bustoros2019",
    citation=(
        "Bustoros M, Sklavenitis-Pistofidis R, Kapoor P, et al. Progression risk stratification of asymptomatic "
        "Waldenström macroglobulinemia. J Clin Oncol 2019;37(16):1403-1411."
    ),
    pmid="30990729",
    doi="10.1200/JCO.19.00394",
    verification="R",
    note=(
        "Journal and online date (16 April 2019) from news summaries; volume, pages, DOI and PMID are recalled, "
        "not confirmed. The cut-points and hazard ratios are from summaries of the paper (ASCO Post, HealthDay, IWMF)."
    ),
)
BUSTOROS_ASH_2018 = Reference(
    id="bustoros_ash2018",
    citation="Bustoros M, et al. [Precursor abstract, same 439 patients.] Blood 2018;132(Suppl 1):150 (ASH abstract).",
)

# Issue 18 (peer awmrisk.com): the coefficients would have to come from the JCO paper itself. Its full text was not
# reachable in any stored copy; the abstracts and summaries read (ASH 2018 abstract, ASCO Post, HealthDay) say the
# four values enter a proportional hazards model as continuous variables and give no coefficients. So the model
# is not implemented, and no count of cut-points stands in for it.
NOT_THE_SCORE = (
    "These are the four binary cut-points reported for the Bustoros model; this is not the validated score. The "
    "published model uses the four values as continuous variables, and its coefficients were not available, so no "
    "risk group (low, intermediate, high) is computed here. Use the authors' calculator at www.awmrisk.com for the "
    "risk group."
)
COEFFICIENTS_NOT_FOUND = (
    "Why there is no individual estimate here: the model's coefficients are not given in any text of the paper "
    "that could be read (the journal's full text was not reachable; its abstract-level summaries and the ASH 2018 "
    "abstract describe a proportional hazards model on the four continuous values without coefficients). The "
    "model is therefore not re-implemented; the authors' calculator (www.awmrisk.com) runs it."
)


def _awm_derive(ev: Evaluation) -> Derived:
    flags = {c.id: ev.met(c.id) for c in ev.calculator.criteria}
    present = [c.label for c in ev.calculator.criteria if flags[c.id]]
    summary = (
        f"Cut-points reached: {'; '.join(present)}." if present else "None of the four cut-points is reached.",
        NOT_THE_SCORE,
    )
    return Derived(category=None, values={"flags": flags, "risk_group": None}, summary=summary)


AWM_FACTORS = Calculator(
    id="awm_factors",
    title="Asymptomatic WM risk factors (Bustoros 2019): flags only",
    version="1.1.0",
    purpose=(
        "Shows which of the four risk factors of the Bustoros 2019 asymptomatic-WM model are present. It does not "
        "compute the model's risk group."
    ),
    population=(
        "Asymptomatic (smoldering) WM at diagnosis, before any treatment, with all four values taken at about the "
        "same time. Not for IgM MGUS, symptomatic WM or μ heavy chain disease."
    ),
    inputs=(SERUM_IGM, BM_INFILTRATION, BETA2M, ALBUMIN),
    criteria=(
        Criterion(
            "igm_ge_4500",
            "Serum IgM ≥ 4500 mg/dL (HR 4.65)",
            "serum_igm",
            ">=",
            F("4.5"),
            0,
            "bustoros2019",
            "IgM ≥4500 mg/dL",
            native=(("mg/dL", F(4500)), ("g/L", F(45))),
        ),
        Criterion(
            "bm_ge_70",
            "Marrow lymphoplasmacytic infiltration ≥ 70% (HR 2.56)",
            "bm_infiltration_pct",
            ">=",
            F(70),
            0,
            "bustoros2019",
            "BM lymphoplasmacytic infiltration ≥70%",
        ),
        Criterion(
            "b2m_ge_4",
            "β2-microglobulin ≥ 4.0 mg/L (HR 2.31)",
            "beta2m",
            ">=",
            F(4),
            0,
            "bustoros2019",
            "β2-microglobulin ≥4.0 mg/L",
        ),
        # "≤ 3.5 g/dL": here 3.5 itself counts (rIPSSWM and MSS-WM use < 3.5).
        Criterion(
            "albumin_le_3_5",
            "Serum albumin ≤ 3.5 g/dL (HR 2.78)",
            "albumin",
            "<=",
            F("3.5"),
            0,
            "bustoros2019",
            "albumin ≤3.5 g/dL",
            native=(("g/L", F(35)),),
        ),
    ),
    categories=(),
    classify=None,
    scored=False,
    derive=_awm_derive,
    statements=(NOT_THE_SCORE,),
    # NCCN (per summary) points to the authors' calculator, "all values taken at approximately the same time".
    next_steps=(
        NextStep(
            "For the risk group, use the authors' calculator at www.awmrisk.com, with all values taken at about "
            "the same time (NCCN per summary).",
            "nccn_wm",
        ),
        OBSERVE[1],
    ),
    references=(BUSTOROS_2019, BUSTOROS_ASH_2018, NCCN_SUMMARY, ESMO_2018, GUSTINE_2017),
    # The IgM above 6000 mg/dL gets the shared high-risk message before the cut-points (issue 18).
    high_risk_igm=("serum_igm",),
    notes=(
        HIGH_RISK_NOTE,
        COEFFICIENTS_NOT_FOUND,
        "Strictness as reported: IgM ≥ 4500 mg/dL, marrow infiltration ≥ 70%, β2-microglobulin ≥ 4.0 mg/L, albumin "
        "≤ 3.5 g/dL (3.5 counts, unlike rIPSSWM and MSS-WM).",
        "No count of factors is mapped to a risk group: no such grouping has been published.",
        "Published risk groups of the continuous model (for information): median time to progression 1.8 years "
        "(high), 4.8 years (intermediate), 9.3 years (low), in 439 patients at Dana-Farber (news summaries of the "
        "paper).",
        "Wild-type MYD88 was associated with progression (HR 2.7 in the pooled cohorts).",
        "The model applies to values collected at diagnosis, before any treatment (IWMF).",
    ),
    disagreements=(
        (
            "ASCO Post; HealthDay",
            "β2-microglobulin ≥ 4.0 mg/dL, a misprint for mg/L (the unit in which β2M is reported).",
        ),
        (
            "NCCN summary",
            "median time to progression 9.2 years in the low-risk group; ASCO Post, HealthDay, IWMF: 9.3.",
        ),
        ("ASH 2018 abstract", "cohort diagnosed 1982–2014; the JCO summaries say 1992–2014."),
    ),
)
