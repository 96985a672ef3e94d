"""MSS-WM, the Modified Staging System for Waldenström macroglobulinemia (Mayo).

Zanwar S, Le-Rademacher J, Durot E, et al. J Clin Oncol 2024. DOI 10.1200/JCO.23.02066 (PMID not
retrieved). Rules, strictness and categories as in spec §4.
"""

from __future__ import annotations

from fractions import Fraction as F

from .model import Calculator, Category, Criterion, Outcome, Reference, RelativeCriterion
from .quantities import AGE_YEARS, ALBUMIN, LDH, LDH_ULN

ZANWAR_2024 = Reference(
    id="zanwar2024",
    citation=(
        "Zanwar S, Le-Rademacher J, Durot E, D'Sa S, et al. (Castillo JJ, Kapoor P). [Modified Staging "
        "System for WM (MSS-WM): Mayo derivation, multicentre validation.] J Clin Oncol 2024."
    ),
    doi="10.1200/JCO.23.02066",
    note="PMID not retrieved.",
)
ZANWAR_KAPOOR_2024 = Reference(
    id="zanwar_kapoor2024",
    citation=(
        "Zanwar S, Kapoor P. Diagnosis and risk stratification in Waldenström macroglobulinemia. J Natl Compr "
        "Canc Netw 2024;22(7):e247024."
    ),
    doi="10.6004/jnccn.2024.7024",
)
PUMCH_2024 = Reference(
    id="ash2024_6892",
    citation=(
        "External validation in 294 patients with active WM, Peking Union Medical College Hospital (comparison of "
        "IPSSWM, rIPSSWM and MSS-WM). Blood 2024;144(Suppl 1):6892 (ASH abstract)."
    ),
)

CRITERIA = (
    Criterion(
        "age_66_75",
        "Age 66–75 years",
        "age_years",
        ">",
        F(65),
        1,
        "zanwar2024",
        "age 66-75 years: 1 point",
        upper=("<=", F(75)),
        group="age",
    ),
    # "> 75" in completed years: 75.5 is 75 (1 point), 76 scores 2 (spec §4 pitfall).
    Criterion(
        "age_over_75",
        "Age > 75 years",
        "age_years",
        ">",
        F(75),
        2,
        "zanwar2024",
        "age >75 years: 2 points",
        group="age",
    ),
    # Strict "> ULN" against the laboratory's own upper limit: LDH equal to the ULN does not score.
    RelativeCriterion(
        "ldh_above_uln",
        "LDH above the upper limit of normal",
        "ldh",
        ">",
        "ldh_uln",
        2,
        "zanwar2024",
        "serum LDH > upper limit of normal: 2 points",
    ),
    Criterion(
        "albumin",
        "Serum albumin < 3.5 g/dL",
        "albumin",
        "<",
        F("3.5"),
        1,
        "zanwar2024",
        "albumin <3.5 g/dL: 1 point",
        native=(("g/L", F(35)),),
    ),
)


def _os(derivation: str, validation: str) -> tuple[Outcome, ...]:
    return (
        Outcome("5-year overall survival, derivation (Mayo)", derivation, "zanwar2024"),
        Outcome("5-year overall survival, validation (multicentre)", validation, "zanwar2024"),
    )


MSS_WM = Calculator(
    id="mss_wm",
    title="MSS-WM (Modified Staging System for Waldenström Macroglobulinemia)",
    version="1.0.0",
    purpose="Estimates survival in active (symptomatic) Waldenström macroglobulinemia at the start of therapy.",
    population=(
        "Treatment-naïve patients with active (symptomatic) WM at the start of therapy: derived in 889 consecutive "
        "Mayo patients (341 with complete data) and validated in a multi-institutional cohort of 335. Do not use it "
        "for asymptomatic (smoldering) WM, IgM MGUS or μ heavy chain disease, and it does not decide whether to treat."
    ),
    inputs=(AGE_YEARS, LDH, LDH_ULN, ALBUMIN),
    criteria=CRITERIA,
    categories=(
        Category("low", "Low risk", "0 points", _os("93%", "93%"), 0, 0),
        Category("low_intermediate", "Low-intermediate risk", "1 point", _os("82%", "90%"), 1, 1),
        Category("intermediate", "Intermediate risk", "2 points", _os("69%", "75%"), 2, 2),
        Category("high", "High risk", "3 or more points", _os("55%", "57%"), 3, 5),
    ),
    classify=None,
    references=(ZANWAR_2024, ZANWAR_KAPOOR_2024, PUMCH_2024),
    notes=(
        "Age in completed years at the start of therapy: 66–75 scores 1, over 75 scores 2. A decimal age is "
        "truncated, so 75.5 counts as 75 (1 point); rIPSSWM uses the same completed-years rule.",
        "LDH scores 2 points only when it is above (strictly greater than) your laboratory's upper limit of "
        "normal: an LDH equal to the upper limit does not score. Enter both from the same report; they may be in "
        "different units (U/L or µkat/L, 1 µkat/L = 60 U/L), and are compared exactly after conversion.",
        "Albumin < 3.5 g/dL, strict: 3.5 does not score.",
        "Multivariable hazard ratios in the derivation: age 66–75 HR 1.4, age > 75 HR 2.6, LDH > ULN HR 2.3, "
        "albumin < 3.5 g/dL HR 1.5.",
        "No missing value is imputed: every input is required.",
    ),
    disagreements=(
        (
            "ASH 2024 abstract 6892 (external validation)",
            "prints the age band as 66–76 in one place, a typo for 66–75 (Zanwar 2024).",
        ),
        (
            "rIPSSWM (Kastritis 2019)",
            "a different score: LDH ≥ 250 IU/L absolute rather than above the laboratory's upper limit, and "
            "β2-microglobulin counts; the two are not interchangeable.",
        ),
    ),
)
