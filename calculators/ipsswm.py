"""IPSSWM, the International Prognostic Scoring System for Waldenström macroglobulinemia.

Morel P, Duhamel A, Gobbi P, et al. Blood 2009;113(18):4163-4170. PMID 19196866,
DOI 10.1182/blood-2008-08-174961. Rules, strictness and categories as in spec §2.
"""

from __future__ import annotations

from fractions import Fraction as F

from .emergency import HIGH_RISK_NOTE
from .model import Calculator, Category, Criterion, Outcome, Reference
from .quantities import AGE_YEARS, BETA2M, HEMOGLOBIN, M_PROTEIN, PLATELETS
from .sources import GUSTINE_2017

MOREL_2009 = Reference(
    id="morel2009",
    citation=(
        "Morel P, Duhamel A, Gobbi P, et al. International prognostic scoring system for Waldenström "
        "macroglobulinemia. Blood 2009;113(18):4163-4170."
    ),
    pmid="19196866",
    doi="10.1182/blood-2008-08-174961",
)

CRITERIA = (
    # "advanced age (>65 years)": strict, 65 scores 0.
    Criterion("age", "Age > 65 years", "age_years", ">", F(65), 1, "morel2009", "advanced age (>65 years)"),
    # "less than or equal to 11.5 g/dL". 7.14 mmol/L is a derived equivalent (11.5 × 0.6206 = 7.137, rounded to
    # 7.14), not a published threshold: Morel 2009 publishes g/dL only (spec §1).
    Criterion(
        "hemoglobin",
        "Haemoglobin ≤ 11.5 g/dL",
        "hemoglobin",
        "<=",
        F("11.5"),
        1,
        "morel2009",
        "hemoglobin less than or equal to 11.5 g/dL",
        native=(("g/L", F(115)), ("mmol/L", F("7.14"))),
        derived_native=("mmol/L",),
    ),
    Criterion(
        "platelets",
        "Platelets ≤ 100 ×10⁹/L",
        "platelets",
        "<=",
        F(100),
        1,
        "morel2009",
        "platelet count less than or equal to 100 × 10⁹/L",
    ),
    # "more than 3 mg/L": strict, 3.0 scores 0.
    Criterion(
        "beta2m", "β2-microglobulin > 3 mg/L", "beta2m", ">", F(3), 1, "morel2009", "β2-microglobulin more than 3 mg/L"
    ),
    # "more than 7.0 g/dL": strict, 70 g/L scores 0.
    Criterion(
        "m_protein",
        "Monoclonal protein > 7.0 g/dL",
        "m_protein",
        ">",
        F(7),
        1,
        "morel2009",
        "serum monoclonal protein concentration more than 7.0 g/dL",
    ),
)


def classify(met: frozenset[str]) -> str:
    """High: more than 2 factors. Intermediate: 2 factors, or advanced age alone. Low: the rest."""
    if len(met) >= 3:
        return "high"
    if len(met) == 2 or met == {"age"}:
        return "intermediate"
    return "low"


def _outcomes(share: str, os5: str, median: str) -> tuple[Outcome, ...]:
    return (
        Outcome("Patients in the derivation cohort", share, "morel2009"),
        Outcome("5-year overall survival", os5, "morel2009"),
        Outcome(
            "Median overall survival (secondary sources; not yet checked against the Morel table)",
            median,
            "morel2009",
            "V2",
        ),
    )


IPSSWM = Calculator(
    id="ipsswm",
    title="IPSSWM (International Prognostic Scoring System for Waldenström Macroglobulinemia)",
    version="1.1.0",
    purpose="Estimates survival in symptomatic Waldenström macroglobulinemia at the start of first-line therapy.",
    population=(
        "Symptomatic WM at initiation of first-line therapy (derived in 587 patients from 7 cooperative groups). "
        "Do not use it for asymptomatic (smoldering) WM, IgM MGUS or μ heavy chain disease, and it does not decide "
        "whether to treat."
    ),
    inputs=(AGE_YEARS, HEMOGLOBIN, PLATELETS, BETA2M, M_PROTEIN),
    criteria=CRITERIA,
    categories=(
        Category(
            "low", "Low risk", "0 adverse factors, or 1 factor other than age", _outcomes("27%", "87%", "142.5 months")
        ),
        Category(
            "intermediate",
            "Intermediate risk",
            "2 adverse factors, or age > 65 years alone",
            _outcomes("38%", "68%", "98.6 months"),
        ),
        Category("high", "High risk", "3 or more adverse factors", _outcomes("35%", "36%", "43.5 months")),
    ),
    classify=classify,
    headline_outcome="5-year overall survival",
    # In WM the monoclonal protein is an IgM: above 6000 mg/dL, the shared high-risk message (issue 18).
    high_risk_igm=("m_protein",),
    references=(MOREL_2009, GUSTINE_2017),
    notes=(
        HIGH_RISK_NOTE,
        "Age in completed years at the start of therapy; a decimal age is truncated (75.9 counts as 75).",
        "Each threshold keeps the strictness of the primary source: age > 65, haemoglobin ≤ 11.5 g/dL, "
        "platelets ≤ 100 ×10⁹/L, β2-microglobulin > 3 mg/L, monoclonal protein > 7.0 g/dL.",
        "Haemoglobin entered in mmol/L is compared with 7.14 mmol/L, not converted first. 7.14 is a derived "
        "equivalent (11.5 g/dL × 0.6206 = 7.137, rounded to 7.14), not a published threshold: Morel 2009 publishes "
        "g/dL only. 7.14 mmol/L × 1.6114 is 11.505 g/dL, which a convert-then-compare tool would score as not "
        "adverse; this calculator scores it adverse.",
        "The monoclonal protein is the M-spike on serum protein electrophoresis; nephelometric total IgM over-reads "
        "at high levels. Record which one you entered.",
        "No missing value is imputed: every input is required.",
    ),
    disagreements=(
        (
            "NCCN Guidelines for Patients 2017",
            "age ≥ 65, and 1 factor plus age > 65 called low risk; Morel: > 65, and age alone is intermediate.",
        ),
        ("IWMF prognosis page", "haemoglobin < 11.5 and platelets < 100; Morel: ≤ 11.5 and ≤ 100."),
        (
            "Danish registry R code",
            "β2M = 3 mg/L and M-protein = 70 g/L score a point and a missing factor is imputed; Morel: strict > and no imputation.",
        ),
        ("A public Vue calculator", "age plus 2 other factors labelled intermediate; Morel: 3 factors are high risk."),
    ),
)
