"""Validation of raw inputs against their declaration: one place for units and limits (spec §1).

No missing input is ever imputed and no unit is ever guessed: each problem becomes an
`InputProblem` naming the input id, a code and a message for the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .model import ChoiceInput, MeasuredInput, Unit
from .numbers import NotANumber, format_number, parse_number

__all__ = ["InputProblem", "Reading", "read_choice", "read_measured"]


@dataclass(frozen=True)
class InputProblem:
    input: str
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"input": self.input, "code": self.code, "message": self.message}


@dataclass(frozen=True)
class Reading:
    """A validated value: as entered (value, unit) and in the canonical unit."""

    value: Fraction
    unit: Unit
    canonical: Fraction
    warnings: tuple[str, ...] = ()
    #: A stable machine-readable code per warning, in the same order (pages and tests rely on codes).
    warning_codes: tuple[str, ...] = ()


def _split(raw: Any, spec: MeasuredInput) -> tuple[Any, str]:
    if isinstance(raw, dict):
        unknown = set(raw) - {"value", "unit"}
        if unknown:
            raise ValueError(f"unexpected keys {sorted(unknown)}; give 'value' and 'unit'")
        return raw.get("value"), raw.get("unit") or spec.canonical_unit
    return raw, spec.canonical_unit


def read_measured(spec: MeasuredInput, raw: Any) -> Reading | InputProblem:
    """Validate one measured input. A bare number is in the canonical unit."""
    try:
        value_raw, unit_label = _split(raw, spec)
    except ValueError as exc:
        return InputProblem(spec.id, "malformed", f"{spec.label}: {exc}.")
    if value_raw is None or (isinstance(value_raw, str) and not value_raw.strip()):
        return InputProblem(spec.id, "required", f"{spec.label} is required; it is never assumed.")
    unit = spec.unit(unit_label) if isinstance(unit_label, str) else None
    if unit is None:
        accepted = ", ".join(u.label for u in spec.units)
        return InputProblem(
            spec.id, "unknown_unit", f"{spec.label}: unit {unit_label!r} is not accepted; use one of {accepted}."
        )
    try:
        value = parse_number(value_raw)
    except NotANumber as exc:
        return InputProblem(spec.id, "not_a_number", f"{spec.label}: {exc}")
    if not unit.minimum <= value <= unit.maximum:
        return InputProblem(
            spec.id,
            "out_of_range",
            f"{spec.label} must be between {format_number(unit.minimum)} and {format_number(unit.maximum)}"
            f" {unit.label}: {spec.limits_reason}",
        )
    warnings, codes = [], []
    if spec.integer and value.denominator != 1:
        whole = Fraction(value.numerator // value.denominator)
        warnings.append(f"{spec.label} {format_number(value)} taken as {format_number(whole)} completed years.")
        codes.append("integer_truncated")
        value = whole
    canonical = value * unit.factor
    if unit.warning:
        warnings.append(unit.warning)
        codes.append("unit_check")
    low, high = spec.soft_minimum, spec.soft_maximum
    if (low is not None and canonical < low) or (high is not None and canonical > high):
        warnings.append(f"{spec.label} {format_number(value)} {unit.label} is unusual: {spec.soft_reason}")
        codes.append("unusual_value")
    return Reading(value, unit, canonical, tuple(warnings), tuple(codes))


def read_choice(spec: ChoiceInput, raw: Any) -> str | InputProblem:
    """Validate one closed-set input; booleans are accepted for yes/no questions."""
    if raw is None or raw == "":
        return InputProblem(spec.id, "required", f"{spec.label} is required; it is never assumed.")
    if isinstance(raw, bool):
        raw = "yes" if raw else "no"
    elif isinstance(raw, int):
        raw = str(raw)  # a numeric choice such as a horizon in years: 5 is "5"
    values = [c.value for c in spec.choices]
    if raw not in values:
        return InputProblem(spec.id, "invalid_choice", f"{spec.label}: choose one of {', '.join(values)}.")
    return raw
