"""The one generic engine: validate every input, evaluate every criterion, classify, report.

It knows no calculator by name; everything comes from the declaration in `model`.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .inputs import InputProblem, Reading, read_choice, read_measured
from .model import OPERATORS, Calculator, ChoiceInput, Criterion
from .numbers import format_number

__all__ = ["CriterionResult", "InvalidInput", "Result", "evaluate"]

_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq}


class InvalidInput(ValueError):
    """Raised with every problem found, never only the first: the form marks each field."""

    def __init__(self, problems: list[InputProblem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems

    def to_dict(self) -> dict[str, Any]:
        return {"errors": [p.to_dict() for p in self.problems]}


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    met: bool
    compared: str

    def to_dict(self) -> dict[str, Any]:
        c = self.criterion
        return {
            "id": c.id,
            "label": c.label,
            "input": c.input,
            "met": self.met,
            "points": c.points,
            "points_awarded": c.points if self.met else 0,
            "compared": self.compared,
            "source": c.source,
        }


@dataclass(frozen=True)
class Result:
    calculator: Calculator
    readings: Mapping[str, Reading | str]
    criteria: tuple[CriterionResult, ...]
    score: int
    category: str
    warnings: tuple[dict[str, str], ...]

    @property
    def factors(self) -> list[str]:
        return [r.criterion.id for r in self.criteria if r.met]

    def to_dict(self) -> dict[str, Any]:
        calc = self.calculator
        category = calc.category(self.category)
        return {
            "calculator": calc.id,
            "title": calc.title,
            "version": calc.version,
            "score": self.score,
            "max_score": sum(c.points for c in calc.criteria),
            "category": category.id,
            "category_label": category.label,
            "category_rule": category.rule,
            "factors": self.factors,
            "criteria": [r.to_dict() for r in self.criteria],
            "inputs": {key: _reading_dict(value) for key, value in self.readings.items()},
            "outcome": [vars(o).copy() for o in category.outcomes],
            "references": [vars(r).copy() for r in calc.references],
            "warnings": list(self.warnings),
        }


def _reading_dict(reading: Reading | str) -> dict[str, str]:
    if isinstance(reading, str):
        return {"value": reading}
    return {
        "value": format_number(reading.value),
        "unit": reading.unit.label,
        "canonical": format_number(reading.canonical),
    }


def _read_all(calc: Calculator, raw: Mapping[str, Any]) -> dict[str, Reading | str]:
    known = {i.id for i in calc.inputs}
    problems = [
        InputProblem(
            key, "unknown_input", f"{key!r} is not an input of {calc.title}; inputs are {', '.join(sorted(known))}."
        )
        for key in raw
        if key not in known
    ]
    readings: dict[str, Reading | str] = {}
    for spec in calc.inputs:
        got = (
            read_choice(spec, raw.get(spec.id))
            if isinstance(spec, ChoiceInput)
            else read_measured(spec, raw.get(spec.id))
        )
        if isinstance(got, InputProblem):
            problems.append(got)
        else:
            readings[spec.id] = got
    if problems:
        raise InvalidInput(problems)
    return readings


def _judge(criterion: Criterion, reading: Reading | str, canonical_unit: str) -> CriterionResult:
    compare = _COMPARE[criterion.op]
    symbol = OPERATORS[criterion.op]
    if isinstance(reading, str):
        met = compare(reading, str(criterion.threshold))
        return CriterionResult(criterion, met, f"{reading} {symbol} {criterion.threshold}")
    native = criterion.native_threshold(reading.unit.label)
    if native is not None:
        # Published threshold for the unit entered: compare as entered, no conversion (spec §1).
        value, threshold, unit = reading.value, native, reading.unit.label
    else:
        value, threshold, unit = reading.canonical, criterion.threshold, canonical_unit
    met = compare(value, threshold)
    return CriterionResult(criterion, met, f"{format_number(value)} {symbol} {format_number(threshold)} {unit}".strip())


def evaluate(calc: Calculator, raw: Mapping[str, Any]) -> Result:
    """Compute `calc` on raw inputs, or raise `InvalidInput` listing every problem."""
    if not isinstance(raw, Mapping):
        raise InvalidInput([InputProblem("", "malformed", "Inputs must be an object of input id to value.")])
    readings = _read_all(calc, raw)
    judged = tuple(_judge(c, readings[c.input], _unit_label(calc, c.input)) for c in calc.criteria)
    met = frozenset(r.criterion.id for r in judged if r.met)
    score = sum(r.criterion.points for r in judged if r.met)
    warnings = tuple(
        {"input": key, "message": message}
        for key, reading in readings.items()
        if isinstance(reading, Reading)
        for message in reading.warnings
    )
    return Result(calc, readings, judged, score, calc.classify(met), warnings)


def _unit_label(calc: Calculator, input_id: str) -> str:
    spec = calc.input(input_id)
    return "" if isinstance(spec, ChoiceInput) else spec.canonical_unit
