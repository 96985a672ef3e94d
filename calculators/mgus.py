"""IgM MGUS risk of progression: the Mayo MGUS model (Rajkumar 2005, spec §6a) and the IgM-specific
two-factor model (Kyle 2018, spec §6b). Both count the same two laboratory factors; Mayo adds isotype.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction as F
from typing import Any

from .emergency import HIGH_RISK, HIGH_RISK_LIMIT_G_DL
from .engine import Evaluation
from .inputs import InputProblem
from .model import (
    Calculator,
    Category,
    Choice,
    ChoiceCriterion,
    ChoiceInput,
    Criterion,
    NextStep,
    Outcome,
    Reference,
)
from .quantities import FLC_RATIO, M_PROTEIN
from .smoldering import KYLE_2012
from .sources import KYLE_2016

RAJKUMAR_2005 = Reference(
    id="rajkumar2005",
    citation=(
        "Rajkumar SV, Kyle RA, Therneau TM, et al. Serum free light chain ratio is an independent risk factor for "
        "progression in monoclonal gammopathy of undetermined significance. Blood 2005;106(3):812-817."
    ),
    pmid="15855274",
    doi="10.1182/blood-2005-03-1038",
)
PMJ_TABLE = Reference(
    id="pmj_table",
    citation="Postgraduate Medical Journal review, table reproducing Kyle & Rajkumar (patients per group and RR).",
    verification="V2",
    note="Secondary source; used only for the number of patients and relative risk per group.",
)
IMWG_2010 = Reference(
    id="imwg2010",
    citation=(
        "Kyle RA, Durie BGM, Rajkumar SV, et al. Monoclonal gammopathy of undetermined significance (MGUS) and "
        "smoldering (asymptomatic) multiple myeloma: IMWG consensus perspectives risk factors for progression and "
        "guidelines for monitoring and management. Leukemia 2010;24(6):1121-1127."
    ),
    pmid="20410922",
    doi="10.1038/leu.2010.60",
    note="Title, identifiers and abstract read in PubMed Central (PMC7020664).",
)
KYLE_2018 = Reference(
    id="kyle2018",
    citation=(
        "Kyle RA, Larson DR, Therneau TM, et al. Long-term follow-up of monoclonal gammopathy of undetermined "
        "significance. N Engl J Med 2018;378:241-249."
    ),
    pmid="29342381",
    doi="10.1056/NEJMoa1709974",
    verification="R",
    note="DOI read on the article; the PMID is recalled, not confirmed: re-check it before relying on it.",
)

MGUS_M_PROTEIN = replace(
    M_PROTEIN,
    help="M-spike on serum protein electrophoresis at diagnosis of MGUS.",
    soft_maximum=None,
    soft_minimum=None,
)

# "≥ 1.5 g/dL (≥ 15 g/L)": 1.5 itself scores (a public clone uses > 1.5).
M_PROTEIN_CRITERION = Criterion(
    "m_protein",
    "M-protein ≥ 1.5 g/dL",
    "m_protein",
    ">=",
    F("1.5"),
    1,
    "rajkumar2005",
    "serum M protein ≥1.5 g/dL",
    native=(("g/L", F(15)), ("mg/dL", F(1500))),
)
# Abnormal ratio "< 0.26 or > 1.65": the limits themselves are normal. One factor, whichever side.
FLC_LOW = Criterion(
    "flc_low",
    "FLC κ/λ ratio < 0.26 (abnormal, λ)",
    "flc_ratio",
    "<",
    F("0.26"),
    1,
    "rajkumar2005",
    "abnormal serum FLC ratio (<0.26 or >1.65)",
    group="flc",
)
FLC_HIGH = Criterion(
    "flc_high",
    "FLC κ/λ ratio > 1.65 (abnormal, κ)",
    "flc_ratio",
    ">",
    F("1.65"),
    1,
    "rajkumar2005",
    "abnormal serum FLC ratio (<0.26 or >1.65)",
    group="flc",
)

ISOTYPE = ChoiceInput(
    "isotype",
    "Isotype of the M-protein (heavy chain)",
    (Choice("IgG", "IgG"), Choice("IgA", "IgA"), Choice("IgM", "IgM")),
    help="From immunofixation.",
)


# Population gate (spec §6d, corrected 2026-11-30): an M-protein ≥ 3 g/dL is not MGUS by Mayo/IMWG (smoldering
# WM for IgM: Kyle 2012, Kyle 2016 PMID 27825464; smoldering myeloma for IgG/IgA), so these scores refuse it.
POPULATION_LIMIT = F(3)
SMOLDERING_PAGES = (
    {"calculator": "swm_progression", "title": "Smoldering WM: cumulative progression (Mayo, Kyle 2012)"},
    {"calculator": "awm_factors", "title": "Asymptomatic WM risk factors (Bustoros 2019)"},
)


@dataclass(frozen=True)
class OutsidePopulation(InputProblem):
    """An input that is valid but puts the patient outside the population the score was derived in. It names
    the calculator pages that do apply (`links`), so the page can offer them."""

    links: tuple[dict[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "links": [dict(link) for link in self.links]}


# Spec §6d: besides the M-protein, ask whether the marrow is < 10% (or not done). Optional, so earlier
# requests still compute; "yes" is refused like an M-protein ≥ 3 g/dL (MGUS needs < 10% clonal marrow cells).
MARROW = ChoiceInput(
    "marrow_ge_10",
    "Bone marrow clonal cells ≥ 10%",
    (Choice("no", "No (< 10%)"), Choice("yes", "Yes (≥ 10%)"), Choice("not_done", "Not done")),
    help="Lymphoplasmacytic cells for an IgM, plasma cells for an IgG or IgA. Optional.",
    optional=True,
)


def population_gate(ev: Evaluation) -> list[InputProblem]:
    isotype = ev.choice("isotype") or "IgM"
    if ev.choice("marrow_ge_10") == "yes":
        instead = (
            "smoldering WM (marrow lymphoplasmacytic infiltration ≥ 10%; Kyle 2012), or WM with end-organ damage"
            if isotype == "IgM"
            else "smoldering myeloma by the IMWG definition (marrow plasma cells ≥ 10%)"
        )
        return [
            OutsidePopulation(
                "marrow_ge_10",
                "outside_population",
                f"Marrow clonal cells of 10% or more are not MGUS: this is {instead}. This score was derived in "
                "MGUS only and does not apply. For an IgM, use the smoldering WM pages.",
                links=SMOLDERING_PAGES,
            )
        ]
    m_protein = ev.value("m_protein")
    if m_protein is None or m_protein < POPULATION_LIMIT:
        return []
    instead = (
        "smoldering Waldenström macroglobulinemia (IgM ≥ 3 g/dL; Kyle 2012), or WM if the marrow infiltration is "
        "≥ 10% with end-organ damage"
        if isotype == "IgM"
        else "smoldering myeloma by the IMWG definition (IgG or IgA M-protein ≥ 3 g/dL)"
    )
    return [
        OutsidePopulation(
            "m_protein",
            "outside_population",
            f"An M-protein of 3 g/dL (30 g/L) or more is not MGUS: this is {instead}. This score was derived in "
            "MGUS only and does not apply. For an IgM, use the smoldering WM pages: cumulative progression (Kyle "
            "2012) and the asymptomatic WM risk factors (Bustoros 2019)."
            # Refused as outside the population, an IgM above 6000 mg/dL still gets the high-risk message (issue 18).
            + (f" {HIGH_RISK}" if isotype == "IgM" and m_protein > HIGH_RISK_LIMIT_G_DL else ""),
            links=SMOLDERING_PAGES,
        )
    ]


def _follow_up(follow_up: str) -> tuple[NextStep, ...]:
    """IMWG 2010 (Kyle et al., Leukemia 2010): the monitoring interval for the risk group."""
    return (NextStep(f"Follow-up: {follow_up} (IMWG 2010).", "imwg2010"),)


def _mayo_outcomes(n: str, rr: str, p20: str, p20_competing: str, follow_up: str) -> tuple[Outcome, ...]:
    return (
        Outcome("Progression at 20 years", p20, "rajkumar2005"),
        Outcome("Progression at 20 years, death as a competing risk", p20_competing, "rajkumar2005"),
        Outcome("Patients", n, "pmj_table", "V2"),
        Outcome("Relative risk", rr, "pmj_table", "V2"),
        Outcome("Follow-up (IMWG 2010)", follow_up, "imwg2010"),
    )


ANNUAL = "at 6 months, then yearly for life"
# IMWG 2010: only IgG MGUS with M < 1.5 g/dL and a normal FLC ratio is low risk; IgM MGUS never is.
IGM_MGUS_FOLLOW_UP = (
    NextStep(
        f"Follow-up: {ANNUAL} (IMWG 2010: IgM MGUS is never in its low-risk group, which requires IgG).", "imwg2010"
    ),
)
MAYO_MGUS = Calculator(
    id="mayo_mgus",
    title="Mayo MGUS risk stratification",
    version="1.2.0",
    purpose="Estimates the risk that a monoclonal gammopathy of undetermined significance (MGUS) progresses.",
    population=(
        "MGUS of any isotype at diagnosis (derived in 1148 patients from southeastern Minnesota). Not for smoldering "
        "or symptomatic Waldenström macroglobulinemia, myeloma, or μ heavy chain disease. IgM MGUS always scores "
        "the isotype point, so it is never low risk in this model; the IgM-specific two-factor model (Kyle 2018) "
        "is on its own page."
    ),
    inputs=(ISOTYPE, MGUS_M_PROTEIN, FLC_RATIO, MARROW),
    criteria=(
        ChoiceCriterion(
            "non_igg",
            "Non-IgG isotype (IgA or IgM)",
            "isotype",
            ("IgA", "IgM"),
            1,
            "rajkumar2005",
            "non-IgG MGUS",
        ),
        M_PROTEIN_CRITERION,
        FLC_LOW,
        FLC_HIGH,
    ),
    categories=(
        Category(
            "low",
            "Low risk",
            "0 factors",
            _mayo_outcomes("449", "1", "5%", "2%", "at 6 months, then every 2–3 years"),
            0,
            0,
            _follow_up("at 6 months, then every 2–3 years"),
        ),
        Category(
            "low_intermediate",
            "Low-intermediate risk",
            "1 factor",
            _mayo_outcomes("420", "5.4", "21%", "10%", ANNUAL),
            1,
            1,
            _follow_up(ANNUAL),
        ),
        Category(
            "high_intermediate",
            "High-intermediate risk",
            "2 factors",
            _mayo_outcomes("226", "10.1", "37%", "18%", ANNUAL),
            2,
            2,
            _follow_up(ANNUAL),
        ),
        Category(
            "high",
            "High risk",
            "3 factors",
            _mayo_outcomes("53", "20.8", "58%", "27%", ANNUAL),
            3,
            3,
            _follow_up(ANNUAL),
        ),
    ),
    classify=None,
    check=population_gate,
    references=(RAJKUMAR_2005, PMJ_TABLE, IMWG_2010, KYLE_2012, KYLE_2016),
    notes=(
        "An M-protein of 3 g/dL (30 g/L, 3000 mg/dL) or more is refused: it is not MGUS (smoldering WM for IgM, "
        "smoldering myeloma for IgG or IgA). The error names the smoldering WM pages instead. So is a marrow with "
        "10% or more clonal cells, when you answer that optional question.",
        "Each threshold keeps the strictness of the primary source: M-protein ≥ 1.5 g/dL (1.5 scores); FLC ratio "
        "abnormal when < 0.26 or > 1.65 (0.26 and 1.65 are normal).",
        "An abnormal FLC ratio is one factor whichever side it falls; the two rows of the table cannot both apply.",
        "IgM MGUS always scores the isotype point: the lowest category for IgM is low-intermediate.",
        "The model used the standard FLC reference range (0.26–1.65), not a renal range (0.37–3.1).",
        "No missing value is imputed: every input is required.",
    ),
    disagreements=(("calculator.city clone", "M-protein > 1.5 g/dL (strict); Rajkumar 2005: ≥ 1.5 g/dL."),),
)


IGM_MGUS_2FACTOR = Calculator(
    id="igm_mgus_2factor",
    title="IgM MGUS two-factor risk (Kyle 2018)",
    version="1.2.0",
    purpose="Estimates the 20-year risk of progression of IgM MGUS from two laboratory factors.",
    population=(
        "IgM MGUS (Mayo/WHO definition: IgM M-protein < 3 g/dL, marrow lymphoplasmacytic infiltration < 10%, no "
        "symptoms), from the southeastern Minnesota cohort of 1384 patients followed for a median 34 years. Not "
        "for smoldering or symptomatic WM, or μ heavy chain disease."
    ),
    inputs=(MGUS_M_PROTEIN, FLC_RATIO, MARROW),
    criteria=(
        replace(M_PROTEIN_CRITERION, source="kyle2018", sources=("rajkumar2005",), wording="M-protein ≥1.5 g/dL"),
        replace(FLC_LOW, source="kyle2018", sources=("rajkumar2005",), wording="abnormal serum FLC ratio"),
        replace(FLC_HIGH, source="kyle2018", sources=("rajkumar2005",), wording="abnormal serum FLC ratio"),
    ),
    categories=(
        Category(
            "no_factor",
            "No risk factor",
            "0 factors",
            (Outcome("Progression at 20 years (IgM MGUS; death not a competing risk)", "19%", "kyle2018"),),
            0,
            0,
            IGM_MGUS_FOLLOW_UP,
        ),
        Category(
            "one_factor",
            "One risk factor",
            "1 factor",
            (Outcome("Progression at 20 years (IgM MGUS; death not a competing risk)", "41%", "kyle2018"),),
            1,
            1,
            IGM_MGUS_FOLLOW_UP,
        ),
        Category(
            "two_factors",
            "Two risk factors",
            "2 factors",
            (Outcome("Progression at 20 years (IgM MGUS; death not a competing risk)", "55%", "kyle2018"),),
            2,
            2,
            IGM_MGUS_FOLLOW_UP,
        ),
    ),
    classify=None,
    check=population_gate,
    references=(KYLE_2018, RAJKUMAR_2005, KYLE_2012, KYLE_2016, IMWG_2010),
    notes=(
        "An M-protein of 3 g/dL (30 g/L, 3000 mg/dL) or more is refused: by Mayo/IMWG it is smoldering WM, not "
        "IgM MGUS. The error names the smoldering WM pages instead. So is a marrow lymphoplasmacytic infiltration "
        "of 10% or more, when you answer that optional question.",
        "The score is the number of risk factors (0–2): M-protein ≥ 1.5 g/dL and an abnormal FLC ratio.",
        "An abnormal FLC ratio is taken as < 0.26 or > 1.65, the Mayo definition (Rajkumar 2005); 0.26 and 1.65 "
        "are normal.",
        "The 20-year figures do not account for death as a competing risk, so they overstate the risk an older "
        "patient will live to see.",
        "For comparison, non-IgM MGUS in the same study: 7%, 20% and 30% at 20 years with 0, 1 and 2 factors.",
        "No missing value is imputed: both inputs are required.",
    ),
    disagreements=(
        (
            "Mayo MGUS model (Rajkumar 2005)",
            "adds the isotype as a third factor, which every IgM MGUS scores; its 20-year figures also differ "
            "because they come from a different analysis.",
        ),
    ),
)
