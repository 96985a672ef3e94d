"""Only the questions that matter: which inputs left empty could change the result.

Decided from the declaration, by evaluation, never by a hand-written list per calculator:

- every answer of a missing choice is tried;
- a missing measured input is tried at the values that matter: its range ends, every threshold a
  criterion compares it with (for a relative criterion, the other input's value times the factor),
  and a value strictly between each two of these, so each side of every threshold is tried;
- the missing required inputs are tried together (every combination), with the optional inputs
  left empty as they are ("not assessed");
- a missing required input is required now when, for some answers to the others, two of its own
  answers give different results; otherwise it is "not needed" and left unassessed, never filled in.

"The result" is what a reader acts on (`decision`): the category and score, `indicated`, `urgent`, the message
codes and the next steps, or for a calculator without categories all its derived values (reliability review
2026-12, F3: deciding on category and score alone called symptomatic hyperviscosity "not needed" although
answering it adds the urgent message). A met `decisive` criterion (symptomatic hyperviscosity) makes every other
input not required, so the urgent answer never waits; an input it leaves empty is still "not needed" only if
no answer to it changes the advice. An answer that makes the inputs invalid (a check fails) counts as a
different result.

Conservative where exactness would cost too much: more combinations than `BUDGET`, a measured input
that only the calculator's own function reads (its thresholds are not declared), or a result computed
without the unneeded inputs that differs from the one every answer gives, make every missing required
input required, as before. An optional input is called not needed only when the result is determinate
(not "not determinable") for every value it can take.
"""

from __future__ import annotations

import json
import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import chain, pairwise, product

from .emergency import HIGH_RISK_LIMIT_G_DL
from .engine import InvalidInput, Reads, Result, evaluate_readings, judge
from .inputs import Reading
from .model import Calculator, ChoiceInput, Criterion, MeasuredInput, RelativeCriterion
from .text import next_steps

__all__ = ["BUDGET", "Relevance", "assess", "candidates", "decision"]

#: Most combinations tried for one answer (an evaluation takes 0.05-0.4 ms in CPython, 2-3 times that in
#: Pyodide); beyond it every missing required input is required, as before.
BUDGET = 600

_ERROR = ("error",)

#: Most joint answers tried exhaustively for the inputs called not needed; beyond it, a bounded sample.
JOINT_BUDGET = 64

#: Derived values that change what the reader is told to do, for a calculator with categories (F3).
ADVICE_KEYS = ("indicated", "urgent", "message_codes")


@dataclass(frozen=True)
class Relevance:
    required_now: tuple[str, ...]
    not_needed: tuple[str, ...]


def decision(calc: Calculator, result: Result) -> Hashable:
    """What defines the result for relevance: two answers that give the same decision are the same result.
    Everything that changes the advice counts: category, score, `indicated`, `urgent`, message codes, next steps."""
    values = result.derived.values
    if calc.categories or calc.scored:
        category = calc.category(result.category) if result.category is not None else None
        advice = json.dumps({k: values[k] for k in ADVICE_KEYS if k in values}, sort_keys=True, default=str)
        steps = tuple(s["text"] for s in next_steps(calc, category, values))
        return (result.category, result.score, advice, steps)
    return json.dumps(values, sort_keys=True, default=str)


def _determinate(calc: Calculator, result: Result | None) -> bool:
    if result is None:
        return False
    if any(r.met for r in result.criteria if r.criterion.id in calc.decisive):
        return True
    if calc.categories:
        return result.category is not None and calc.category(result.category).determinate
    if calc.scored:
        return result.score is not None
    return True


def _reads(calc: Calculator, input_id: str) -> bool:
    """Whether any declared criterion compares this input (else only the calculator's own code reads it)."""
    return input_id in calc.high_risk_igm or any(
        c.input == input_id or getattr(c, "reference_input", None) == input_id for c in calc.criteria
    )


def _range(spec: MeasuredInput) -> tuple[Fraction, Fraction]:
    unit = spec.units[0]
    return unit.minimum * unit.factor, unit.maximum * unit.factor


def _partner_values(calc: Calculator, input_id: str, readings: Mapping[str, Reading | str]) -> list[Fraction]:
    reading = readings.get(input_id)
    if isinstance(reading, Reading):
        return [reading.canonical]
    spec = calc.input(input_id)
    assert isinstance(spec, MeasuredInput)
    return list(_range(spec))


def _points(calc: Calculator, spec: MeasuredInput, readings: Mapping[str, Reading | str]) -> list[Fraction]:
    low, high = _range(spec)
    thresholds: set[Fraction] = set()
    for c in calc.criteria:
        if isinstance(c, RelativeCriterion):
            if c.input == spec.id:
                thresholds |= {v * c.factor for v in _partner_values(calc, c.reference_input, readings)}
            elif c.reference_input == spec.id:
                thresholds |= {v / c.factor for v in _partner_values(calc, c.input, readings)}
        elif isinstance(c, Criterion) and c.input == spec.id:
            thresholds.add(c.threshold)
            if c.upper is not None:
                thresholds.add(c.upper[1])
    if spec.id in calc.high_risk_igm:
        thresholds.add(HIGH_RISK_LIMIT_G_DL)
    inside = {t for t in thresholds if low <= t <= high}
    points = sorted({low, high} | inside)
    between = []
    for a, b in pairwise(points):
        # Between a range end and a threshold too: a calculator's own function may compare inside that span
        # (IWWM-6 progression is a 25% rise, which no declared criterion names).
        middle = (a + b) / 2
        if spec.integer:
            middle = Fraction(math.floor(middle))
        if a < middle < b:
            between.append(middle)
    return sorted(points + between)


def candidates(calc: Calculator, input_id: str, readings: Mapping[str, Reading | str]) -> list[Reading | str]:
    """The answers tried for a missing input (measured values in the canonical unit)."""
    spec = calc.input(input_id)
    if isinstance(spec, ChoiceInput):
        return [c.value for c in spec.choices]
    unit = spec.units[0]
    return [Reading(v / unit.factor, unit, v) for v in _points(calc, spec, readings)]


def _trial(readings, unknown, options, combo) -> dict[str, Reading | str]:
    """The readings entered, with the missing inputs answered by one combination of candidates."""
    return {**readings, **{input_id: options[k][combo[k]] for k, input_id in enumerate(unknown)}}


def _try(calc: Calculator, readings: Mapping[str, Reading | str]) -> tuple[Hashable, Result | None]:
    try:
        result = evaluate_readings(calc, readings)
    except InvalidInput:
        return _ERROR, None
    return decision(calc, result), result


def assess(calc: Calculator, reads: Reads) -> Relevance:
    """Which of the inputs left empty are required now, and which cannot change the result."""
    readings = reads.readings
    missing_required = [i for i in reads.missing if not calc.input(i).optional]
    missing_optional = [i for i in reads.missing if calc.input(i).optional]
    order = {spec.id: n for n, spec in enumerate(calc.inputs)}
    if any(judge(calc, c, readings).met for c in calc.criteria if c.id in calc.decisive):
        # A decisive criterion is met by what was entered: the urgent answer never waits for another input. An
        # input left empty is "not needed" only if no answer to it changes the advice (F3); otherwise it is left
        # unassessed, neither required nor called not needed.
        if reads.invalid:
            return Relevance((), ())
        base, base_result = _try(calc, readings)
        empty_cache = {(): (base, base_result)}
        not_needed = [
            i
            for i in reads.missing
            if not (isinstance(calc.input(i), MeasuredInput) and not _reads(calc, i))
            and _optional_not_needed(
                calc, readings, [], [], empty_cache, [()], i, candidates(calc, i, readings), base_result
            )
        ]
        return Relevance((), _jointly_not_needed(calc, readings, not_needed, base))

    known = {spec.id for spec in calc.inputs}
    # An invalid value is unknown too: the other inputs are judged over every value it could take.
    unknown = missing_required + [i for i in reads.invalid if i in known and i not in missing_required]
    options = [candidates(calc, i, readings) for i in unknown]
    if math.prod(len(o) for o in options) > BUDGET:
        return Relevance(tuple(missing_required), ())

    cache: dict[tuple[int, ...], tuple[Hashable, Result | None]] = {}

    def outcome(combo: tuple[int, ...]) -> Hashable:
        if combo not in cache:
            cache[combo] = _try(calc, _trial(readings, unknown, options, combo))
        return cache[combo][0]

    needed: set[str] = set()
    for k, input_id in enumerate(unknown):
        if isinstance(calc.input(input_id), MeasuredInput) and not _reads(calc, input_id):
            needed.add(input_id)
            continue
        others = [range(len(o)) for j, o in enumerate(options) if j != k]
        # A witness is usually found at once: stop at the first two answers of this input that differ.
        for reversed_rest in product(*reversed(others)):
            rest = reversed_rest[::-1]  # the first inputs vary fastest: their answers usually decide
            if len({outcome((*rest[:k], n, *rest[k:])) for n in range(len(options[k]))}) > 1:
                needed.add(input_id)
                break

    base: Hashable = _ERROR
    base_result: Result | None = None
    if not needed and not reads.invalid:
        try:
            base, base_result = _try(calc, readings)
        except Exception:  # the calculator's own code cannot go on without them: they are needed
            needed = set(missing_required)
    if not needed:
        # Every combination was evaluated: one result for all of them.
        outcomes = {o for o, _ in cache.values()}
        if outcomes == {_ERROR}:
            # No answer gives a result (e.g. a value outside the population): nothing is "not needed".
            return Relevance(tuple(missing_required), ())
        if not reads.invalid and outcomes != {base}:
            # The result computed without them must be the one every answer gives.
            needed = set(missing_required)

    required_now = tuple(i for i in missing_required if i in needed)
    not_needed = [i for i in missing_required if i not in needed]
    if not required_now and not reads.invalid:
        budget = BUDGET - len(cache)
        combos = list(cache) or [()]
        for input_id in missing_optional:
            if isinstance(calc.input(input_id), MeasuredInput) and not _reads(calc, input_id):
                continue
            values = candidates(calc, input_id, readings)
            budget -= len(values) * len(combos)
            if budget < 0:
                break
            if _optional_not_needed(calc, readings, unknown, options, cache, combos, input_id, values, base_result):
                not_needed.append(input_id)
    if not required_now and not reads.invalid and base is not _ERROR:
        not_needed = list(_jointly_not_needed(calc, readings, not_needed, base))
    return Relevance(required_now, tuple(sorted(not_needed, key=order.__getitem__)))


def _jointly_not_needed(calc: Calculator, readings, not_needed: list[str], base: Hashable) -> tuple[str, ...]:
    """Each input was found not needed alone; answered together they might still change the advice. Every
    combination is tried when there are at most `JOINT_BUDGET`; otherwise a bounded sample that costs about as
    much: the k-th answer of every input at once (forwards and backwards), and each answer of each input with all
    the others at their first, then their last answer. Any difference makes them all needed (the conservative
    answer). The random metamorphic test (tests/calculators/test_edges.py) checks the result independently."""
    if len(not_needed) < 2:
        return tuple(not_needed)
    options = [candidates(calc, i, readings) for i in not_needed]
    if math.prod(len(o) for o in options) <= JOINT_BUDGET:
        trials = product(*options)
    else:
        longest = max(len(o) for o in options)
        diagonal = [[o[k % len(o)] for o in options] for k in range(longest)]
        backwards = [[o[-1 - k % len(o)] for o in options] for k in range(longest)]
        edges = [
            [value if j == n else other[end] for j, other in enumerate(options)]
            for end in (0, -1)
            for n, values in enumerate(options)
            for value in values
        ]
        trials = chain(diagonal, backwards, edges)
    for combo in trials:
        if _try(calc, {**readings, **dict(zip(not_needed, combo, strict=True))})[0] != base:
            return ()
    return tuple(not_needed)


def _optional_not_needed(calc, readings, unknown, options, cache, combos, input_id, values, base_result) -> bool:
    """True when every value of this optional input, and leaving it empty, gives one determinate
    result for every answer to the missing required inputs."""
    first: Hashable | None = None
    for combo in combos:
        empty = cache.get(combo) or (decision(calc, base_result) if base_result else _ERROR, base_result)
        trial = _trial(readings, unknown, options, combo)
        answered = (_try(calc, {**trial, input_id: value}) for value in values)  # lazy: stop at a difference
        for outcome, result in chain((empty,), answered):
            if not _determinate(calc, result):
                return False
            if first is None:
                first = outcome
            elif outcome != first:
                return False
    return True
