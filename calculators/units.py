"""Unit converter (spec §1): IgM, M-protein, haemoglobin, β2-microglobulin, albumin and LDH, using the
same exact factors the calculators use, so a converted value here is the value a calculator compares.

`convert("hemoglobin", "11.5", "g/dL", "mmol/L")` -> Fraction; the `unit_converter` calculator shows an
entered value in every accepted unit of its quantity.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .emergency import HIGH_RISK_NOTE
from .engine import Evaluation
from .model import Calculator, Derived, MeasuredInput
from .numbers import format_number, parse_number
from .quantities import ALBUMIN, BETA2M, HEMOGLOBIN, LDH, M_PROTEIN, SERUM_IGM, optional, resolve_unit
from .sources import GUSTINE_2017

__all__ = ["QUANTITIES", "UNIT_CONVERTER", "convert"]

QUANTITIES: dict[str, MeasuredInput] = {q.id: q for q in (SERUM_IGM, M_PROTEIN, HEMOGLOBIN, BETA2M, ALBUMIN, LDH)}


def convert(quantity: str, value: Any, from_unit: str, to_unit: str) -> Fraction:
    """`value` in `from_unit` expressed in `to_unit`, exactly. Raises KeyError/ValueError naming what is wrong."""
    spec = QUANTITIES[quantity]
    source, target = resolve_unit(spec, from_unit), resolve_unit(spec, to_unit)
    if source is None or target is None:
        accepted = ", ".join(u.label for u in spec.units)
        raise ValueError(f"{spec.label}: convert between {accepted}; not {from_unit!r} to {to_unit!r}")
    return parse_number(value) * source.factor / target.factor


def derive(ev: Evaluation) -> Derived:
    conversions = {}
    lines = []
    for key, spec in QUANTITIES.items():
        reading = ev.reading(key)
        if reading is None:
            continue
        values = {u.label: format_number(reading.canonical / u.factor) for u in spec.units}
        conversions[key] = values
        lines.append(f"{spec.label}: " + " = ".join(f"{v} {u}" for u, v in values.items()))
    if not lines:
        lines.append("Enter at least one value to convert.")
    return Derived(category=None, values={"conversions": conversions}, summary=tuple(lines))


UNIT_CONVERTER = Calculator(
    id="unit_converter",
    title="Unit converter for IgM, M-protein, haemoglobin, β2-microglobulin, albumin and LDH",
    version="1.1.0",
    purpose="Converts laboratory values between the units the calculators accept, with the calculators' exact factors.",
    population="Any laboratory report; mixed-unit reports are the commonest source of error in these calculators.",
    inputs=tuple(optional(q) for q in QUANTITIES.values()),
    criteria=(),
    categories=(),
    classify=None,
    scored=False,
    derive=derive,
    references=(GUSTINE_2017,),
    # A converted IgM above 6000 mg/dL still gets the shared high-risk message (issue 18).
    high_risk_igm=("serum_igm",),
    notes=(
        HIGH_RISK_NOTE,
        "IgM and M-protein: 1 g/dL = 10 g/L = 1000 mg/dL. Conversion from µmol/L is not offered (it depends on the "
        "molecular weight assumed for pentameric IgM).",
        "Haemoglobin: 1 mmol/L = 1.6114 g/dL (monomer, 16 114 Da). A calculator compares a value entered in mmol/L "
        "with the threshold written in mmol/L (7.14 and 6.21 mmol/L, derived equivalents of 11.5 and 10 g/dL, "
        "never published ones), not with the converted value, "
        "so a converted figure can sit on the other side of a boundary: 7.14 mmol/L is 11.505396 g/dL.",
        "β2-microglobulin: mg/L = µg/mL; 1000 µg/L = 1 mg/L; 1 mg/dL = 10 mg/L (β2M is almost always reported in "
        "mg/L). Conversion from nmol/L is not offered.",
        "Albumin: 1 g/dL = 10 g/L. LDH: 1 µkat/L = 60 U/L.",
        "Serum viscosity is never converted: relative viscosity depends on method and temperature.",
        "The 3000, 4000 and 6000 mg/dL IgM thresholds quoted on other pages are 30, 40 and 60 g/L.",
    ),
)
