"""rIPSSWM, the revised International Prognostic Scoring System for Waldenström macroglobulinemia.

Kastritis E, Morel P, Duhamel A, et al. Leukemia 2019;33(11):2654-2661. DOI 10.1038/s41375-019-0431-y
(PMID 31118465 seen only in secondary sources). Rules, strictness and categories as in spec §3.
"""

from __future__ import annotations

from fractions import Fraction as F

from .model import Calculator, Category, Criterion, Outcome, Reference
from .quantities import AGE_YEARS, ALBUMIN, BETA2M, LDH

KASTRITIS_2019 = Reference(
    id="kastritis2019",
    citation=(
        "Kastritis E, Morel P, Duhamel A, et al. A revised international prognostic score system for "
        "Waldenström's macroglobulinemia. Leukemia 2019;33(11):2654-2661."
    ),
    pmid="31118465",
    doi="10.1038/s41375-019-0431-y",
    verification="V2",
    note="DOI read on the publisher's page; the PMID was seen only in secondary sources.",
)

BMJ_BEST_PRACTICE = Reference(
    id="bmjbp",
    citation="BMJ Best Practice. Waldenström macroglobulinaemia: criteria (rIPSSWM table).",
    verification="V2",
    note="Secondary source; used only for the 5-year overall survival column.",
)

CRITERIA = (
    # "Age ≤65: 0; 66-75: 1; ≥76: 2", in completed years (75.9 counts as 75).
    Criterion(
        "age_66_75",
        "Age 66–75 years",
        "age_years",
        ">",
        F(65),
        1,
        "kastritis2019",
        "age 66-75 years: 1 point",
        upper=("<=", F(75)),
        group="age",
    ),
    Criterion(
        "age_76_plus",
        "Age ≥ 76 years",
        "age_years",
        ">=",
        F(76),
        2,
        "kastritis2019",
        "age ≥76 years: 2 points",
        group="age",
    ),
    # "≥ 4 mg/L": 4.0 scores (BMJ Best Practice and the Danish code use > 4).
    Criterion(
        "beta2m", "β2-microglobulin ≥ 4 mg/L", "beta2m", ">=", F(4), 1, "kastritis2019", "β2-microglobulin ≥4 mg/L"
    ),
    # An absolute value, not "> ULN": the derivation laboratories had a ULN below 225 U/L.
    Criterion("ldh", "LDH ≥ 250 IU/L", "ldh", ">=", F(250), 1, "kastritis2019", "LDH ≥250 IU/L (ULN <225)"),
    # "< 3.5 g/dL", strict: 3.5 does not score, and a normal albumin never does (spec P8).
    Criterion(
        "albumin",
        "Serum albumin < 3.5 g/dL",
        "albumin",
        "<",
        F("3.5"),
        1,
        "kastritis2019",
        "serum albumin <3.5 g/dL",
        native=(("g/L", F(35)),),
    ),
)


def _outcomes(death3: str, os10: str, os5: str) -> tuple[Outcome, ...]:
    return (
        Outcome("3-year WM-related death", death3, "kastritis2019"),
        Outcome("10-year overall survival", os10, "kastritis2019"),
        Outcome("5-year overall survival (BMJ Best Practice)", os5, "bmjbp", "V2"),
    )


RIPSSWM = Calculator(
    id="ripsswm",
    title="rIPSSWM (revised International Prognostic Scoring System for Waldenström Macroglobulinemia)",
    version="1.0.0",
    purpose="Estimates survival in symptomatic Waldenström macroglobulinemia at the start of therapy.",
    population=(
        "Symptomatic WM at initiation of (first-line) therapy: derived in 492 patients and validated in 229. "
        "It is relevant only for patients who need therapy and does not decide whether to treat. Do not use it for "
        "asymptomatic (smoldering) WM, IgM MGUS or μ heavy chain disease."
    ),
    inputs=(AGE_YEARS, BETA2M, LDH, ALBUMIN),
    criteria=CRITERIA,
    categories=(
        Category("very_low", "Very low risk", "0 points", _outcomes("0%", "84%", "95%"), 0, 0),
        Category("low", "Low risk", "1 point", _outcomes("10%", "59%", "86%"), 1, 1),
        Category("intermediate", "Intermediate risk", "2 points", _outcomes("14%", "37%", "78%"), 2, 2),
        Category("high", "High risk", "3 points", _outcomes("38%", "19%", "47%"), 3, 3),
        Category("very_high", "Very high risk", "4 or 5 points", _outcomes("48%", "9%", "36%"), 4, 5),
    ),
    classify=None,
    references=(KASTRITIS_2019, BMJ_BEST_PRACTICE),
    notes=(
        "Age in completed years at the start of therapy: 65 scores 0, 66–75 scores 1, 76 and over scores 2; "
        "a decimal age is truncated (75.9 counts as 75, 1 point).",
        "Each threshold keeps the strictness of the primary source: β2-microglobulin ≥ 4 mg/L, LDH ≥ 250 IU/L, "
        "albumin < 3.5 g/dL (3.5 does not score).",
        "LDH is the measured value in U/L (µkat/L × 60), compared with the absolute 250 IU/L, not with your "
        "laboratory's upper limit. The derivation laboratories had an upper limit below 225 U/L; with modern "
        "IFCC 37 °C methods (upper limit about 250 U/L) the cutoff sits at about the upper limit. If you only know "
        "that LDH was 'above normal', find the value: it is never mapped to 250.",
        "No missing value is imputed: every input is required.",
    ),
    disagreements=(
        (
            "BMJ Best Practice (criteria page)",
            "age < 65 for 0 points (65 undefined), β2M > 4, LDH > 250, age > 75 for 2 points; Kastritis: ≤ 65, "
            "≥ 4, ≥ 250, ≥ 76.",
        ),
        ("Medscape Fast Five quiz (2021)", "β2M > 4 mg/L (LDH ≥ 250 as published); Kastritis: β2M ≥ 4 mg/L."),
        (
            "Danish registry R code",
            "β2M > 4.00 and LDH > 250, and albumin > 35 g/L scores the point (inverted: a normal albumin scores); "
            "Kastritis: ≥ 4, ≥ 250, and albumin < 3.5 g/dL scores.",
        ),
    ),
)
