"""Validation of raw inputs against their declaration: one place for units and limits (spec §1).

No missing input is ever imputed and no unit is ever guessed: each problem becomes an
`InputProblem` naming the input id, a code and a message for the field.

Hard limits, the same in CPython and in Pyodide, so that no input can hang or crash either (reliability
review 2026-11, #3, #6, #7, #9): a JSON input is at most `MAX_JSON_BYTES` and `MAX_DEPTH` levels deep, its
numbers are read exactly from their text (as `Decimal`, never through a binary float), a number is at most
`numbers.MAX_CHARS` characters, and what a reader sent is echoed back short and printable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, DecimalException
from fractions import Fraction
from typing import Any

from .model import ChoiceInput, MeasuredInput, Unit
from .numbers import MAX_CHARS, NotANumber, OutOfRangeNumber, format_number, parse_number, trim
from .quantities import resolve_unit

__all__ = [
    "MAX_DEPTH",
    "MAX_JSON_BYTES",
    "MAX_UNKNOWN_NAMED",
    "InputProblem",
    "Reading",
    "echo",
    "read_choice",
    "read_json",
    "read_measured",
    "unknown_inputs",
]

MAX_JSON_BYTES = 64 * 1024
MAX_DEPTH = 20
MAX_UNKNOWN_NAMED = 5  # unknown keys named one by one; the rest are counted, never listed
_ECHO_CHARS = 40
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


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


def _short(text: str) -> str:
    return text if len(text) <= _ECHO_CHARS else f"{text[:_ECHO_CHARS]}…"


def echo(text: str) -> str:
    """What a reader sent, safe to show and to print: at most 40 characters, and a lone surrogate (which no
    UTF-8 output can carry) written as its escape. In a message, `repr(_short(text))` does both."""
    return _short(text).encode("utf-8", "backslashreplace").decode("utf-8")


def _json_depth_over(text: str, limit: int) -> bool:
    """Whether arrays and objects nest deeper than `limit`, found without parsing (the parser itself
    raises RecursionError near 1,000 levels)."""
    depth = 0
    for bracket in _BRACKET.finditer(_STRING.sub('""', text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > limit:
            return True
    return False


def _json_int(text: str) -> int | Decimal:
    # Python refuses to convert more than 4,300 digits (ValueError); longer than a number may be, it stays a
    # Decimal, which `parse_number` and `read_choice` then refuse with a message.
    return int(text) if len(text) <= MAX_CHARS + 1 else Decimal(text)


def _json_decimal(text: str) -> Decimal | OutOfRangeNumber:
    # `Decimal` raises InvalidOperation (not a ValueError) for an exponent beyond its range, e.g. 1e9999999999999999999
    # (reliability review 2026-12, F8): such a number is valid JSON, refused at its field as too long.
    try:
        return Decimal(text)
    except DecimalException:
        return OutOfRangeNumber(text)


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different: with `{"age_years": 80, "age_years": 40}` the last one would
    win silently, and the reader's 80 would be computed as 40 (F14)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def read_json(text: str) -> Any | InputProblem:
    """Parse a JSON input within the limits; numbers come back as int or Decimal, exactly as written."""
    if not isinstance(text, str):
        return InputProblem("", "malformed", "Inputs must be JSON text.")
    if len(text) > MAX_JSON_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_JSON_BYTES:
        return InputProblem(
            "", "too_large", f"Inputs are larger than {MAX_JSON_BYTES // 1024} kB; no calculator needs that."
        )
    if _json_depth_over(text, MAX_DEPTH):
        return InputProblem("", "too_deep", f"Inputs nest more than {MAX_DEPTH} levels deep; no calculator needs that.")
    try:
        return json.loads(
            text,
            parse_float=_json_decimal,
            parse_int=_json_int,
            parse_constant=Decimal,
            object_pairs_hook=_unique_keys,
        )
    except _DuplicateKey as exc:
        key = str(exc.args[0])
        # Not tied to a field: the key may be one inside an input's {"value", "unit"}.
        return InputProblem("", "duplicate_key", f"Inputs give {_short(key)!r} more than once; give each key once.")
    except (ValueError, RecursionError, DecimalException) as exc:  # JSONDecodeError is a ValueError
        return InputProblem("", "malformed", f"Inputs are not valid JSON: {echo(str(exc))}")


def unknown_inputs(known: Iterable[str], raw: Mapping[str, Any], title: str) -> list[InputProblem]:
    """One problem per unknown key, by name, for the first few; one more that counts the rest. Listing
    every key turned 64 MB of keys into 1 GB of output (reliability review #9)."""
    known = sorted(known)
    unknown = [key for key in raw if key not in known]
    problems = [
        InputProblem(
            echo(str(key)),
            "unknown_input",
            f"{_short(str(key))!r} is not an input of {title}; inputs are {', '.join(known)}.",
        )
        for key in unknown[:MAX_UNKNOWN_NAMED]
    ]
    if len(unknown) > MAX_UNKNOWN_NAMED:
        more = len(unknown) - MAX_UNKNOWN_NAMED
        problems.append(InputProblem("", "unknown_input", f"{more} more keys are not inputs of {title}."))
    return problems


def _split(raw: Any, spec: MeasuredInput) -> tuple[Any, Any]:
    if isinstance(raw, dict):
        unknown = [key for key in raw if key not in ("value", "unit")]
        if unknown:
            named = ", ".join(repr(_short(str(key))) for key in unknown[:MAX_UNKNOWN_NAMED])
            raise ValueError(f"unexpected keys {named}; give 'value' and 'unit'")
        # A missing, empty or null unit is never taken for the canonical unit.
        return raw.get("value"), raw.get("unit")
    return raw, spec.canonical_unit


def read_measured(spec: MeasuredInput, raw: Any) -> Reading | InputProblem:
    """Validate one measured input. A bare number is in the canonical unit."""
    try:
        value_raw, unit_label = _split(raw, spec)
    except ValueError as exc:
        return InputProblem(spec.id, "malformed", f"{spec.label}: {exc}.")
    if value_raw is None or (isinstance(value_raw, str) and not trim(value_raw)):
        return InputProblem(spec.id, "required", f"{spec.label} is required; it is never assumed.")
    if unit_label is None or (isinstance(unit_label, str) and not trim(unit_label)):
        # A value with an empty unit is never read in the default unit (issue 11).
        accepted = ", ".join(u.label for u in spec.units)
        return InputProblem(spec.id, "unit_missing", f"{spec.label}: give the unit ({accepted}).")
    unit = resolve_unit(spec, unit_label) if isinstance(unit_label, str) else None
    if unit is None:
        accepted = ", ".join(u.label for u in spec.units)
        given = repr(_short(unit_label)) if isinstance(unit_label, str) else "(none)"
        return InputProblem(
            spec.id, "unknown_unit", f"{spec.label}: unit {given} is not accepted; use one of {accepted}."
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
    elif isinstance(raw, int) and abs(raw) < 10**MAX_CHARS:  # str() of a 5,000-digit int raises
        raw = str(raw)  # a numeric choice such as a horizon in years: 5 is "5"
    values = [c.value for c in spec.choices]
    if raw not in values:
        return InputProblem(spec.id, "invalid_choice", f"{spec.label}: choose one of {', '.join(values)}.")
    return raw
