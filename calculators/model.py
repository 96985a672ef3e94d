"""The declaration language of a calculator: plain frozen data, no behaviour.

A calculator is declared once (inputs with their units and limits, criteria, categories with
outcomes, references) and that one declaration drives the computation (`engine`), the form and
criteria table on the page (the site tooling reads `describe()`), and the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

__all__ = [
    "Calculator",
    "Category",
    "Choice",
    "ChoiceInput",
    "Criterion",
    "MeasuredInput",
    "Outcome",
    "Reference",
    "Unit",
]

#: Comparison operators a criterion may use. Written out so the page can print them.
OPERATORS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "="}


@dataclass(frozen=True)
class Reference:
    """A primary source. `verification` follows the spec legend: V (read in the source), V2, R."""

    id: str
    citation: str
    pmid: str | None = None
    doi: str | None = None
    verification: str = "V"
    note: str = ""


@dataclass(frozen=True)
class Unit:
    """One accepted unit of a measured input.

    `factor` multiplies a value in this unit to give the canonical unit. `minimum`/`maximum` are the
    hard limits written in this unit, as the spec gives them, so a reader sees round numbers.
    """

    label: str
    factor: Fraction
    minimum: Fraction
    maximum: Fraction
    warning: str = ""


@dataclass(frozen=True)
class MeasuredInput:
    """A number with a unit. The first unit is the canonical one."""

    id: str
    label: str
    units: tuple[Unit, ...]
    limits_reason: str
    integer: bool = False
    soft_minimum: Fraction | None = None
    soft_maximum: Fraction | None = None
    soft_reason: str = ""
    help: str = ""
    step: str = "any"

    @property
    def canonical_unit(self) -> str:
        return self.units[0].label

    def unit(self, label: str) -> Unit | None:
        return next((u for u in self.units if u.label == label), None)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class ChoiceInput:
    """A closed set of answers (yes/no, isotype, ...)."""

    id: str
    label: str
    choices: tuple[Choice, ...]
    help: str = ""


@dataclass(frozen=True)
class Criterion:
    """`input <op> threshold`, worth `points` when met.

    `threshold` is in the input's canonical unit. `native` holds the threshold as published for
    other units (e.g. Hb 7.14 mmol/L): when the reader enters that unit, the value is compared in
    that unit against that number, never converted first (spec §1, pitfall P3).
    """

    id: str
    label: str
    input: str
    op: str
    threshold: Fraction
    points: int
    source: str
    wording: str
    native: tuple[tuple[str, Fraction], ...] = ()

    def native_threshold(self, unit_label: str) -> Fraction | None:
        return dict(self.native).get(unit_label)


@dataclass(frozen=True)
class Outcome:
    """One published figure for a category, with its provenance."""

    label: str
    value: str
    source: str
    verification: str = "V"


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    rule: str
    outcomes: tuple[Outcome, ...] = ()


@dataclass(frozen=True)
class Calculator:
    """A whole calculator. `classify` maps the ids of the criteria met to a category id."""

    id: str
    title: str
    version: str
    purpose: str
    population: str
    inputs: tuple[MeasuredInput | ChoiceInput, ...]
    criteria: tuple[Criterion, ...]
    categories: tuple[Category, ...]
    classify: Callable[[frozenset[str]], str]
    references: tuple[Reference, ...]
    notes: tuple[str, ...] = ()
    disagreements: tuple[tuple[str, str], ...] = field(default=())

    def input(self, input_id: str) -> MeasuredInput | ChoiceInput:
        return next(i for i in self.inputs if i.id == input_id)

    def category(self, category_id: str) -> Category:
        return next(c for c in self.categories if c.id == category_id)
