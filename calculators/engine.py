"""The one generic engine: validate every input, evaluate every criterion, classify, report.

It knows no calculator by name; everything comes from the declaration in `model`. A criterion is
met, not met, or (when an optional input was left empty) not assessed: never assumed either way.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from .emergency import high_risk_values
from .inputs import InputProblem, Reading, read_choice, read_measured, unknown_inputs
from .model import (
    OPERATORS,
    AnyCriterion,
    Calculator,
    ChoiceCriterion,
    ChoiceInput,
    Derived,
    MeasuredInput,
    RelativeCriterion,
)
from .numbers import NotANumber, format_number, parse_number, trim
from .quantities import resolve_unit, unit_hint
from .text import result_text

__all__ = [
    "CriterionResult",
    "Evaluation",
    "InvalidInput",
    "Reads",
    "Result",
    "evaluate",
    "evaluate_readings",
    "read_inputs",
]

_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq}

STATUS = {True: "met", False: "not_met", None: "not_assessed"}


class InvalidInput(ValueError):
    """Raised with every problem found, never only the first: the form marks each field."""

    def __init__(
        self, problems: list[InputProblem], required_now: tuple[str, ...] = (), not_needed: tuple[str, ...] = ()
    ):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems
        self.required_now = tuple(required_now)
        self.not_needed = tuple(not_needed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "errors": [p.to_dict() for p in self.problems],
            "required_now": list(self.required_now),
            "not_needed": list(self.not_needed),
        }


@dataclass(frozen=True)
class CriterionResult:
    criterion: AnyCriterion
    met: bool | None
    compared: str

    def to_dict(self) -> dict[str, Any]:
        c = self.criterion
        return {
            "id": c.id,
            "label": c.label,
            "input": c.input,
            "met": self.met,
            "status": STATUS[self.met],
            "points": c.points,
            "points_awarded": c.points if self.met else 0,
            "compared": self.compared,
            "source": c.source,
            "sources": [c.source, *c.sources],
        }


@dataclass(frozen=True)
class Evaluation:
    """What a calculator's own function (`derive`, `check`) sees: validated readings and criteria."""

    calculator: Calculator
    readings: Mapping[str, Reading | str]
    status: Mapping[str, bool | None]
    score: int | None

    def met(self, criterion_id: str) -> bool | None:
        return self.status[criterion_id]

    def value(self, input_id: str) -> Fraction | None:
        """A measured input in its canonical unit, or None when it was left empty."""
        reading = self.readings.get(input_id)
        return reading.canonical if isinstance(reading, Reading) else None

    def reading(self, input_id: str) -> Reading | None:
        reading = self.readings.get(input_id)
        return reading if isinstance(reading, Reading) else None

    def choice(self, input_id: str) -> str | None:
        reading = self.readings.get(input_id)
        return reading if isinstance(reading, str) else None

    def given(self, input_id: str) -> bool:
        return input_id in self.readings


@dataclass(frozen=True)
class Result:
    calculator: Calculator
    readings: Mapping[str, Reading | str]
    criteria: tuple[CriterionResult, ...]
    score: int | None
    category: str | None
    warnings: tuple[dict[str, str], ...]
    derived: Derived = field(default_factory=Derived)
    #: Inputs left empty that must be answered (never filled in here), and those whose answer cannot
    #: change this result (see `relevance`).
    required_now: tuple[str, ...] = ()
    not_needed: tuple[str, ...] = ()

    @property
    def factors(self) -> list[str]:
        return [r.criterion.id for r in self.criteria if r.met]

    @property
    def points(self) -> dict[str, int | None]:
        """Points per factor; the bands of one factor (age 66-75, age > 75) are one factor."""
        points: dict[str, int | None] = {}
        for r in self.criteria:
            key = getattr(r.criterion, "group", "") or r.criterion.id
            awarded = None if r.met is None else (r.criterion.points if r.met else 0)
            previous = points.get(key, 0)
            points[key] = None if awarded is None or previous is None else previous + awarded
        return points

    def to_dict(self) -> dict[str, Any]:
        calc = self.calculator
        category = calc.category(self.category) if self.category is not None else None
        not_entered = [i.id for i in calc.inputs if i.id not in self.readings]
        result = {
            "calculator": calc.id,
            "title": calc.title,
            "version": calc.version,
            "scored": calc.scored,
            "score": self.score,
            "max_score": _max_score(calc) if calc.scored else None,
            "category": category.id if category else None,
            "category_label": category.label if category else None,
            "category_rule": category.rule if category else None,
            "factors": self.factors,
            "points": self.points if calc.scored else None,
            "criteria": [r.to_dict() for r in self.criteria],
            "not_assessed": [r.criterion.id for r in self.criteria if r.met is None],
            "inputs": {key: _reading_dict(value) for key, value in self.readings.items()},
            "inputs_not_entered": not_entered,
            "outcome": [vars(o).copy() for o in category.outcomes] if category else [],
            "summary": list(self.derived.summary),
            "statements": list(calc.statements),
            "references": [vars(r).copy() for r in calc.references],
            "warnings": list(self.warnings),
            "required_now": list(self.required_now),
            "not_needed": list(self.not_needed),
        }
        result.update(result_text(self, result))
        clash = set(self.derived.values) & set(result)
        if clash:
            raise ValueError(f"{calc.id}: derived keys {sorted(clash)} would overwrite the result's own keys")
        result.update(self.derived.values)
        return result


def _max_score(calc: Calculator) -> int:
    """Mutually exclusive criteria (one `group`: age bands, FLC ratio low or high) count once, at their highest."""
    best: dict[str, int] = {}
    total = 0
    for c in calc.criteria:
        group = getattr(c, "group", "")
        if group:
            best[group] = max(best.get(group, 0), c.points)
        else:
            total += c.points
    return total + sum(best.values())


def _reading_dict(reading: Reading | str) -> dict[str, str]:
    if isinstance(reading, str):
        return {"value": reading}
    return {
        "value": format_number(reading.value),
        "unit": reading.unit.label,
        "canonical": format_number(reading.canonical),
    }


def _is_empty(raw: Any) -> bool:
    if isinstance(raw, dict) and set(raw) <= {"value", "unit"}:
        raw = raw.get("value")
    return raw is None or (isinstance(raw, str) and not trim(raw))


@dataclass(frozen=True)
class Reads:
    """What was read from raw inputs: valid readings, the ids left empty, and every problem found."""

    readings: dict[str, Reading | str]
    missing: tuple[str, ...]
    problems: tuple[InputProblem, ...]

    @property
    def invalid(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.input for p in self.problems if p.input))


def read_inputs(calc: Calculator, raw: Mapping[str, Any]) -> Reads:
    """Validate every input given. An input left empty is recorded as missing: whether it is then
    required is decided by `relevance`, never here, and it is never given a value."""
    problems = unknown_inputs((i.id for i in calc.inputs), raw, calc.title)
    readings: dict[str, Reading | str] = {}
    missing: list[str] = []
    for spec in calc.inputs:
        value = raw.get(spec.id)
        if _is_empty(value):
            missing.append(spec.id)
            continue
        got = read_choice(spec, value) if isinstance(spec, ChoiceInput) else read_measured(spec, value)
        if isinstance(got, InputProblem):
            hint = hint_for(spec, value) if got.code == "out_of_range" else None
            problems.append(HintedProblem(got.input, got.code, got.message, hint) if hint else got)
        else:
            readings[spec.id] = got
    return Reads(readings, tuple(missing), tuple(problems))


@dataclass(frozen=True)
class HintedProblem(InputProblem):
    """An out-of-range value that fits another accepted unit: the error carries the suggestion."""

    hint: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "hint": self.hint}


def hint_for(spec: MeasuredInput | ChoiceInput, raw: Any) -> dict[str, str] | None:
    """`quantities.unit_hint` for a raw entry ("115 g/dL? Did you mean 115 g/L?"), or None."""
    if not isinstance(spec, MeasuredInput):
        return None
    value_raw, label = (raw.get("value"), raw.get("unit")) if isinstance(raw, dict) else (raw, spec.canonical_unit)
    unit = resolve_unit(spec, label) if isinstance(label, str) else None
    try:
        value = parse_number(value_raw)
    except NotANumber:
        return None
    return unit_hint(spec, value, unit) if unit is not None else None


def required_problem(spec: MeasuredInput | ChoiceInput) -> InputProblem:
    return InputProblem(spec.id, "required", f"{spec.label} is required; it is never assumed.")


def _compare_reading(
    reading: Reading, op: str, threshold: Fraction, native: Fraction | None, canonical_unit: str
) -> tuple[bool, str]:
    if native is not None:
        # Published threshold for the unit entered: compare as entered, no conversion (spec §1).
        value, limit, unit = reading.value, native, reading.unit.label
    else:
        value, limit, unit = reading.canonical, threshold, canonical_unit
    met = _COMPARE[op](value, limit)
    return met, f"{format_number(value)} {OPERATORS[op]} {format_number(limit)} {unit}".strip()


def _judge(calc: Calculator, criterion: AnyCriterion, readings: Mapping[str, Reading | str]) -> CriterionResult:
    reading = readings.get(criterion.input)
    if reading is None:
        return CriterionResult(criterion, None, "not assessed")
    if isinstance(criterion, ChoiceCriterion):
        spec = calc.input(criterion.input)
        assert isinstance(spec, ChoiceInput) and isinstance(reading, str)
        return CriterionResult(criterion, reading in criterion.values, spec.choice_label(reading))
    spec = calc.input(criterion.input)
    assert isinstance(spec, MeasuredInput) and isinstance(reading, Reading)
    if isinstance(criterion, RelativeCriterion):
        other = readings.get(criterion.reference_input)
        if other is None:
            return CriterionResult(criterion, None, "not assessed")
        assert isinstance(other, Reading)
        limit = other.canonical * criterion.factor
        met = _COMPARE[criterion.op](reading.canonical, limit)
        unit = spec.canonical_unit
        return CriterionResult(
            criterion,
            met,
            f"{format_number(reading.canonical)} {OPERATORS[criterion.op]} {format_number(limit)} {unit}",
        )
    native = criterion.native_threshold(reading.unit.label)
    met, text = _compare_reading(reading, criterion.op, criterion.threshold, native, spec.canonical_unit)
    if criterion.upper is not None:
        op, bound = criterion.upper
        met_upper, text_upper = _compare_reading(reading, op, bound, None, spec.canonical_unit)
        met = met and met_upper
        text = f"{text}; {text_upper}"
    return CriterionResult(criterion, met, text)


def judge(calc: Calculator, criterion: AnyCriterion, readings: Mapping[str, Reading | str]) -> CriterionResult:
    """One criterion on validated readings: met, not met, or not assessed (None) when its input is absent."""
    return _judge(calc, criterion, readings)


def evaluate_readings(calc: Calculator, readings: Mapping[str, Reading | str]) -> Result:
    """Compute `calc` on validated readings; an input absent from `readings` is not assessed.
    Raises `InvalidInput` when the calculator's own `check` finds a problem between inputs."""
    judged = tuple(_judge(calc, c, readings) for c in calc.criteria)
    status = {r.criterion.id: r.met for r in judged}
    complete = all(r.met is not None for r in judged)
    score = sum(r.criterion.points for r in judged if r.met) if calc.scored and complete else None
    evaluation = Evaluation(calc, readings, status, score)
    if calc.check is not None:
        problems = calc.check(evaluation)
        if problems:
            raise InvalidInput(problems)
    derived = Derived()
    if calc.derive is not None:
        derived = calc.derive(evaluation)
        category = derived.category
    elif calc.classify is not None:
        category = calc.classify(frozenset(r.criterion.id for r in judged if r.met)) if complete else None
    else:
        category = calc.category_for_score(score) if score is not None else None
    if calc.high_risk_igm:
        igm = [r.canonical for i in calc.high_risk_igm if isinstance(r := readings.get(i), Reading)]
        derived = replace(derived, values=high_risk_values(igm, dict(derived.values)))
    # Every warning carries a stable `code` beside its message: pages and tests rely on codes, never on wording.
    warnings = tuple(
        {"input": key, "code": code, "message": message}
        for key, reading in readings.items()
        if isinstance(reading, Reading)
        for code, message in zip(reading.warning_codes, reading.warnings, strict=True)
    ) + tuple({"input": key, "code": code, "message": message} for key, code, message in derived.warnings)
    return Result(calc, readings, judged, score, category, warnings, derived)


def evaluate(calc: Calculator, raw: Mapping[str, Any]) -> Result:
    """Compute `calc` on raw inputs, or raise `InvalidInput` listing every problem.

    An input left empty is required only when its answer could change the result for the values
    entered (`relevance`); then it is an error, never assumed. One that cannot is reported in
    `not_needed` and left unassessed."""
    from .relevance import assess  # relevance evaluates through this module

    if not isinstance(raw, Mapping):
        raise InvalidInput([InputProblem("", "malformed", "Inputs must be an object of input id to value.")])
    reads = read_inputs(calc, raw)
    relevant = assess(calc, reads)
    problems = list(reads.problems)
    required = [required_problem(calc.input(i)) for i in relevant.required_now]
    problems = required + problems
    if problems:
        raise InvalidInput(_ordered(calc, problems), relevant.required_now, relevant.not_needed)
    try:
        result = evaluate_readings(calc, reads.readings)
    except InvalidInput as exc:
        # A check may require an input that depends on another answer (EMD now, when EMD at baseline).
        also = [p.input for p in exc.problems if p.code == "required" and p.input in reads.missing]
        required_now = tuple(dict.fromkeys((*relevant.required_now, *also)))
        not_needed = tuple(i for i in relevant.not_needed if i not in also)
        raise InvalidInput(exc.problems, required_now, not_needed) from None
    except Exception:
        # The calculator's own code could not go on without an input called not needed: ask for it
        # rather than fail (a safety net; the relevance tests look for this never to happen).
        unanswered = [i for i in reads.missing if not calc.input(i).optional]
        if not unanswered:
            raise
        raise InvalidInput([required_problem(calc.input(i)) for i in unanswered], tuple(unanswered), ()) from None
    return replace(result, required_now=relevant.required_now, not_needed=relevant.not_needed)


def _ordered(calc: Calculator, problems: list[InputProblem]) -> list[InputProblem]:
    """Problems in the order of the form (unknown inputs last), as before."""
    order = {spec.id: n for n, spec in enumerate(calc.inputs)}
    return sorted(problems, key=lambda p: order.get(p.input, -1))
