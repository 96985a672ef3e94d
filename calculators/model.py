"""The declaration language of a calculator: plain frozen data, no behaviour.

A calculator is declared once (inputs with their units and limits, criteria, categories with
outcomes, references) and that one declaration drives the computation (`engine`), the form and
criteria table on the page (the site tooling reads `describe()`), and the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

__all__ = [
    "Calculator",
    "Category",
    "Choice",
    "ChoiceCriterion",
    "ChoiceInput",
    "Criterion",
    "Derived",
    "MeasuredInput",
    "NextStep",
    "Outcome",
    "Reference",
    "RelativeCriterion",
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
    #: An optional input left empty is reported "not assessed"; it is never given a value.
    optional: bool = False

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
    optional: bool = False

    def choice_label(self, value: str) -> str:
        return next((c.label for c in self.choices if c.value == value), value)


@dataclass(frozen=True)
class Criterion:
    """`input <op> threshold`, worth `points` when met.

    `threshold` is in the input's canonical unit. `native` holds the threshold written in other units
    (e.g. Hb 115 g/L, 7.14 mmol/L): when the reader enters that unit, the value is compared in that unit
    against that number, never converted first (spec §1, pitfall P3). Units listed in `derived_native`
    hold a rounded *derived* equivalent, never a published threshold (7.14 = 11.5 × 0.6206, rounded).
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
    #: Units whose `native` threshold is a rounded derived equivalent, not published (spec §1): labelled so.
    derived_native: tuple[str, ...] = ()
    #: A second bound that must also hold, for bands such as "age 66-75" (`("<=", 75)`), canonical unit.
    upper: tuple[str, Fraction] | None = None
    #: Further sources for the same criterion (the first is `source`).
    sources: tuple[str, ...] = ()
    #: Criteria of one group are mutually exclusive (age bands; FLC ratio low or high): the maximum
    #: score counts the group once.
    group: str = ""

    def native_threshold(self, unit_label: str) -> Fraction | None:
        return dict(self.native).get(unit_label)


@dataclass(frozen=True)
class ChoiceCriterion:
    """Met when the answer to a closed question is one of `values` (e.g. isotype IgA or IgM)."""

    id: str
    label: str
    input: str
    values: tuple[str, ...]
    points: int
    source: str
    wording: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelativeCriterion:
    """`input <op> factor × reference_input`, both in the canonical unit (e.g. LDH above the laboratory's
    ULN; current IgM at most 1/10 of baseline, i.e. a 90% reduction)."""

    id: str
    label: str
    input: str
    op: str
    reference_input: str
    points: int
    source: str
    wording: str
    sources: tuple[str, ...] = ()
    factor: Fraction = Fraction(1)


AnyCriterion = Criterion | ChoiceCriterion | RelativeCriterion


@dataclass(frozen=True)
class Outcome:
    """One published figure for a category, with its provenance."""

    label: str
    value: str
    source: str
    verification: str = "V"


@dataclass(frozen=True)
class NextStep:
    """What a source says to do for a category, with that source's reference id. Never written
    without a source: where the source gives none, the category says so (`NO_NEXT_STEP`)."""

    text: str
    source: str


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    rule: str
    outcomes: tuple[Outcome, ...] = ()
    #: For calculators classified by score alone: the inclusive score range of this category.
    score_min: int | None = None
    score_max: int | None = None
    next_steps: tuple[NextStep, ...] = ()
    #: False for a category that means "not determinable yet" (some criteria not assessed): an input
    #: left empty is then never called "not needed".
    determinate: bool = True


@dataclass(frozen=True)
class Derived:
    """What a calculator's own pure function adds when its result is not a points table.

    `values` become extra keys of the result; `summary` is the plain-language result, line by line;
    `warnings` are (input id, code, message) triples; the code is stable and machine-readable.
    """

    category: str | None = None
    values: dict = field(default_factory=dict)
    summary: tuple[str, ...] = ()
    warnings: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Calculator:
    """A whole calculator.

    The category comes from, in order: `derive` (a small pure function, for calculators that are not a
    table), `classify` (maps the ids of the criteria met to a category id), or the score ranges of
    the categories. `check` returns problems that involve several inputs (e.g. nadir above baseline).
    `scored` is False when points mean nothing (flags, criteria lists). `statements` are printed with
    every result.
    """

    id: str
    title: str
    version: str
    purpose: str
    population: str
    inputs: tuple[MeasuredInput | ChoiceInput, ...]
    criteria: tuple[AnyCriterion, ...]
    categories: tuple[Category, ...]
    classify: Callable[[frozenset[str]], str] | None
    references: tuple[Reference, ...]
    notes: tuple[str, ...] = ()
    disagreements: tuple[tuple[str, str], ...] = field(default=())
    scored: bool = True
    derive: Callable[[Any], Derived] | None = None
    check: Callable[[Any], list[Any]] | None = None
    statements: tuple[str, ...] = ()
    #: Criteria that, when met, are the answer on their own (symptomatic hyperviscosity: urgent
    #: plasmapheresis): no other input can change the result, so none is then required.
    decisive: tuple[str, ...] = ()
    #: Next steps keyed by a derived value, `(value key, value, steps)`: a classification, or a flag
    #: such as "annual_retinal_exam" True. Added to the category's own steps.
    next_steps_by: tuple[tuple[str, Any, tuple[NextStep, ...]], ...] = ()
    #: Steps for a calculator without categories, used when nothing more specific applies.
    next_steps: tuple[NextStep, ...] = ()
    #: The outcome (by label) that the headline states; by default the category's first outcome.
    headline_outcome: str = ""
    #: For a calculator without categories: how many summary lines make the headline.
    headline_lines: int = 1
    #: Inputs holding the patient's current serum IgM (or IgM M-spike): one above 6000 mg/dL (60 g/L) adds the
    #: shared high-risk hyperviscosity message (`emergency`) to this calculator's result, whatever it computes
    #: (issue 18: every calculator that takes an IgM value, not only the three hyperviscosity ones).
    high_risk_igm: tuple[str, ...] = ()

    def input(self, input_id: str) -> MeasuredInput | ChoiceInput:
        return next(i for i in self.inputs if i.id == input_id)

    def category(self, category_id: str) -> Category:
        return next(c for c in self.categories if c.id == category_id)

    def category_for_score(self, score: int) -> str:
        return next(c.id for c in self.categories if c.score_min is not None and c.score_min <= score <= c.score_max)
