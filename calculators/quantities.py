"""Shared measured inputs (spec §1): canonical units, accepted units with exact factors, and the
hard limits with the reason for each. Calculators reuse these so a unit is declared once.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction as F

from .model import Choice, ChoiceInput, MeasuredInput, Unit
from .numbers import format_number

__all__ = [
    "AGE_YEARS",
    "ALBUMIN",
    "BETA2M",
    "BM_INFILTRATION",
    "FLC_RATIO",
    "HEMOGLOBIN",
    "LDH",
    "LDH_ULN",
    "M_PROTEIN",
    "NODE_SIZE",
    "PLATELETS",
    "SERUM_IGM",
    "SERUM_VISCOSITY",
    "UNIT_ALIASES",
    "optional",
    "resolve_unit",
    "unit_hint",
    "with_label",
    "yes_no",
]

AGE_YEARS = MeasuredInput(
    id="age_years",
    label="Age",
    units=(Unit("years", F(1), F(18), F(110)),),
    limits_reason="these scores were derived in adults.",
    integer=True,
    soft_minimum=F(30),
    soft_reason="Waldenström macroglobulinemia is rare before 40; check the age.",
    help="Completed years at the start of therapy.",
    step="1",
)

# Hb monomer 16 114 Da: 1 mmol/L = 1.6114 g/dL.
HEMOGLOBIN = MeasuredInput(
    id="hemoglobin",
    label="Haemoglobin",
    units=(
        Unit("g/dL", F(1), F(3), F(20)),
        Unit("g/L", F(1, 10), F(30), F(200)),
        Unit("mmol/L", F("1.6114"), F("1.9"), F("12.4")),
    ),
    limits_reason="values outside this range are not compatible with life; check the number and the unit.",
    soft_minimum=F(6),
    soft_maximum=F(18),
    soft_reason="check the unit (g/dL, g/L or mmol/L).",
)

PLATELETS = MeasuredInput(
    id="platelets",
    label="Platelets",
    units=(
        Unit("×10⁹/L", F(1), F(1), F(1500)),
        Unit("×10³/µL", F(1), F(1), F(1500)),
        Unit("/µL", F(1, 1000), F(1000), F(1500000)),
    ),
    limits_reason="values outside this range are not physiological; check the number and the unit.",
    soft_maximum=F(1000),
    soft_reason="thrombocytosis above 1000 ×10⁹/L is unusual in WM; check the value.",
)

BETA2M = MeasuredInput(
    id="beta2m",
    label="β2-microglobulin",
    units=(
        Unit("mg/L", F(1), F("0.3"), F(100)),
        Unit("µg/mL", F(1), F("0.3"), F(100)),
        Unit("µg/L", F(1, 1000), F(300), F(100000)),
        Unit(
            "mg/dL",
            F(10),
            F("0.03"),
            F(10),
            warning="β2-microglobulin is almost always reported in mg/L; check that your report says mg/dL.",
        ),
    ),
    limits_reason="values outside this range are not physiological; check the number and the unit.",
    soft_maximum=F(20),
    soft_reason="above 20 mg/L suggests renal failure or a unit error.",
)

M_PROTEIN = MeasuredInput(
    id="m_protein",
    label="Serum monoclonal protein (M-protein)",
    units=(
        Unit("g/dL", F(1), F(0), F(20)),
        Unit("g/L", F(1, 10), F(0), F(200)),
        Unit("mg/dL", F(1, 1000), F(0), F(20000)),
    ),
    limits_reason="values outside this range are not physiological; check the number and the unit.",
    soft_maximum=F("12.4"),
    soft_reason="above the highest value in the published series (124 g/L); check the unit.",
    help="M-spike on serum protein electrophoresis; if unavailable, serum IgM (nephelometric IgM over-reads at high levels).",
)


SERUM_IGM = MeasuredInput(
    id="serum_igm",
    label="Serum IgM",
    units=M_PROTEIN.units,
    limits_reason=M_PROTEIN.limits_reason,
    soft_maximum=M_PROTEIN.soft_maximum,
    soft_reason=M_PROTEIN.soft_reason,
    help="Serum IgM as reported by your laboratory; use one method (nephelometry or M-spike) consistently.",
)

ALBUMIN = MeasuredInput(
    id="albumin",
    label="Serum albumin",
    units=(Unit("g/dL", F(1), F(1), F("6.5")), Unit("g/L", F(1, 10), F(10), F(65))),
    limits_reason="values outside this range are not physiological; check the number and the unit.",
    soft_minimum=F(2),
    soft_reason="albumin below 2.0 g/dL is unusual; check the value and the unit.",
)

# 1 µkat/L = 60 U/L exactly. The µkat/L limits are the U/L limits rounded to two decimals.
LDH = MeasuredInput(
    id="ldh",
    label="Serum LDH",
    units=(Unit("U/L", F(1), F(50), F(10000)), Unit("µkat/L", F(60), F("0.83"), F("166.67"))),
    limits_reason="values outside this range are not physiological; check the number and the unit.",
    help="Lactate dehydrogenase, the measured value (U/L = IU/L).",
)

LDH_ULN = MeasuredInput(
    id="ldh_uln",
    label="LDH upper limit of normal (your laboratory)",
    units=LDH.units,
    limits_reason=LDH.limits_reason,
    soft_minimum=F(150),
    soft_maximum=F(500),
    soft_reason="most laboratories' upper limits lie between 150 and 500 U/L; check the unit and the method.",
    help="The upper reference limit printed on the same report as the LDH value.",
)

FLC_RATIO = MeasuredInput(
    id="flc_ratio",
    label="Serum free light chain κ/λ ratio",
    units=(Unit("ratio", F(1), F("0.001"), F(10000)),),
    limits_reason="ratios outside this range are not reported by the assay; check the value.",
    help=(
        "Unitless κ/λ ratio. The models used the standard range 0.26–1.65 (Rajkumar 2005); in chronic kidney "
        "disease a renal reference range (0.37–3.1) is sometimes used by laboratories, but not by these models."
    ),
)

BM_INFILTRATION = MeasuredInput(
    id="bm_infiltration_pct",
    label="Bone marrow lymphoplasmacytic infiltration",
    units=(Unit("%", F(1), F(0), F(100)),),
    limits_reason="a percentage of marrow cellularity lies between 0 and 100.",
    help="Percentage of marrow cellularity on the trephine biopsy.",
)

SERUM_VISCOSITY = MeasuredInput(
    id="serum_viscosity_cp",
    label="Serum viscosity (as reported)",
    units=(Unit("cP", F(1), F(1), F(20)),),
    limits_reason="values outside this range are not reported for serum; check the value.",
    help=(
        "In centipoise (cP = mPa·s), as reported; normal is about 1.4–1.8 cP. A relative viscosity (ratio to "
        "water) depends on method and temperature and is not converted."
    ),
)

NODE_SIZE = MeasuredInput(
    id="largest_node_cm",
    label="Largest lymph node (longest diameter)",
    units=(Unit("cm", F(1), F(0), F(40)), Unit("mm", F(1, 10), F(0), F(400))),
    limits_reason="nodes larger than 40 cm are not plausible; check the number and the unit.",
)


def yes_no(input_id: str, label: str, help: str = "", optional: bool = False) -> ChoiceInput:
    """A yes/no question; `true`/`false` are accepted as well as "yes"/"no"."""
    return ChoiceInput(input_id, label, (Choice("yes", "Yes"), Choice("no", "No")), help=help, optional=optional)


def optional(spec: MeasuredInput | ChoiceInput) -> MeasuredInput | ChoiceInput:
    """The same input, which may be left empty (then reported "not assessed", never filled in)."""
    return replace(spec, optional=True)


def with_label(spec: MeasuredInput, label: str, help: str = "", input_id: str = "") -> MeasuredInput:
    """The same quantity under a calculator's own wording (and, if given, its own input id)."""
    return replace(spec, label=label, help=help or spec.help, id=input_id or spec.id)


#: The ASCII (and other) spellings clinicians type, for each unit label as declared above. A spelling
#: is accepted only for an input that has that unit; "G/L" (giga per litre) is platelets, never g/L.
UNIT_ALIASES: dict[str, tuple[str, ...]] = {
    "×10⁹/L": ("10^9/L", "x10^9/L", "X10^9/L", "*10^9/L", "×10^9/L", "10⁹/L", "x10⁹/L", "10E9/L", "x10E9/L", "G/L"),
    "×10³/µL": ("10^3/uL", "x10^3/uL", "10^3/µL", "x10^3/µL", "×10^3/µL", "10³/µL", "K/uL", "K/µL"),
    "/µL": ("/uL", "/mcL", "per uL", "per µL"),
    "µg/mL": ("ug/mL", "mcg/mL"),
    "µg/L": ("ug/L", "mcg/L"),
    "µmol/L": ("umol/L", "mcmol/L"),
    "µkat/L": ("ukat/L", "mckat/L"),
    "U/L": ("IU/L",),
    "cP": ("mPa·s", "mPa.s", "mPa s", "mPas"),
    "years": ("year", "yr", "yrs", "y"),
    "weeks": ("week", "wk", "wks"),
}


def _squeeze(text: str) -> str:
    """Spaces dropped and the Greek mu (U+03BC) read as the micro sign (U+00B5) it looks like."""
    return "".join(text.split()).replace("\u03bc", "µ")


#: Spellings matched only with their exact case: G (giga) is not g (gram).
CASE_SENSITIVE = frozenset({"G/L"})

_ALIAS = {_squeeze(spelling): label for label, spellings in UNIT_ALIASES.items() for spelling in spellings}


def resolve_unit(spec: MeasuredInput, spelling: str) -> Unit | None:
    """The accepted unit of `spec` that `spelling` names, or None. Exact label first, then a declared
    alias, then a case-insensitive match (mg/dl) when exactly one unit of this input matches and the
    spelling is not an alias of another unit (G/L is platelets, so it never means g/L)."""
    exact = spec.unit(spelling)
    if exact is not None:
        return exact
    text = _squeeze(spelling)
    target = _ALIAS.get(text)
    if target is not None:
        return spec.unit(target)
    folded = text.casefold()
    matches = {
        u.label
        for u in spec.units
        for name in (u.label, *UNIT_ALIASES.get(u.label, ()))
        if name not in CASE_SENSITIVE and _squeeze(name).casefold() == folded
    }
    return spec.unit(matches.pop()) if len(matches) == 1 else None


def unit_hint(spec: MeasuredInput, value: F, unit: Unit) -> dict[str, str] | None:
    """For a value outside `unit`'s limits: the one other accepted unit in whose limits, and whose
    plausible (soft) range, the same number falls ("115 g/dL? Did you mean 115 g/L?"), else None."""
    if unit.minimum <= value <= unit.maximum:
        return None
    low, high = spec.soft_minimum, spec.soft_maximum

    def plausible(other: Unit) -> bool:
        canonical = value * other.factor
        return (low is None or canonical >= low) and (high is None or canonical <= high)

    fits = [u for u in spec.units if u is not unit and u.minimum <= value <= u.maximum]
    better = [u for u in fits if plausible(u)] or fits
    if len(better) != 1:
        return None
    number = format_number(value)
    return {
        "code": "unit_mismatch",
        "unit": better[0].label,
        "message": f"{number} {unit.label}? Did you mean {number} {better[0].label}?",
    }
