"""A calculator's declaration as JSON-ready data: what the site renders (form, criteria table,
outcomes, references) and what the tests read. Built from the same objects the engine evaluates.
"""

from __future__ import annotations

from typing import Any

from .model import OPERATORS, AnyCriterion, Calculator, ChoiceCriterion, ChoiceInput, MeasuredInput, RelativeCriterion
from .numbers import format_number
from .quantities import UNIT_ALIASES
from .text import REFERENCE_MARK, next_steps, reference_text

__all__ = ["describe_calculator"]


def _input(spec: MeasuredInput | ChoiceInput) -> dict[str, Any]:
    if isinstance(spec, ChoiceInput):
        return {
            "id": spec.id,
            "kind": "choice",
            "label": spec.label,
            "help": spec.help,
            "optional": spec.optional,
            "choices": [{"value": c.value, "label": c.label} for c in spec.choices],
        }
    return {
        "id": spec.id,
        "kind": "measured",
        "label": spec.label,
        "help": spec.help,
        "optional": spec.optional,
        "integer": spec.integer,
        "step": spec.step,
        "canonical_unit": spec.canonical_unit,
        "limits_reason": spec.limits_reason,
        "units": [
            {
                "label": u.label,
                "factor": format_number(u.factor),
                "minimum": format_number(u.minimum),
                "maximum": format_number(u.maximum),
                "warning": u.warning,
                # The other spellings accepted for this unit (10^9/L, ug/mL...), declared in quantities.
                "aliases": list(UNIT_ALIASES.get(u.label, ())),
            }
            for u in spec.units
        ],
    }


def _rule(calc: Calculator, c: AnyCriterion) -> str:
    if isinstance(c, ChoiceCriterion):
        spec = calc.input(c.input)
        assert isinstance(spec, ChoiceInput)
        return " or ".join(spec.choice_label(v) for v in c.values)
    spec = calc.input(c.input)
    assert isinstance(spec, MeasuredInput)
    unit = spec.canonical_unit
    if isinstance(c, RelativeCriterion):
        times = "" if c.factor == 1 else f"{format_number(c.factor)} × "
        return f"{OPERATORS[c.op]} {times}{calc.input(c.reference_input).label}"
    rule = f"{OPERATORS[c.op]} {format_number(c.threshold)}"
    if c.upper is not None:
        rule += f" and {OPERATORS[c.upper[0]]} {format_number(c.upper[1])}"
    return f"{rule} {unit}".strip()


def _criterion(calc: Calculator, c: AnyCriterion) -> dict[str, Any]:
    kind = {ChoiceCriterion: "choice", RelativeCriterion: "relative"}.get(type(c), "threshold")
    native = getattr(c, "native", ())
    return {
        "id": c.id,
        "kind": kind,
        "label": c.label,
        "input": c.input,
        "rule": _rule(calc, c),
        "native": [
            f"{OPERATORS[c.op]} {format_number(v)} {u}"
            + (" (derived equivalent, not published)" if u in getattr(c, "derived_native", ()) else "")
            for u, v in native
        ],
        "points": c.points,
        "source": c.source,
        "sources": [c.source, *c.sources],
        "wording": c.wording,
    }


def describe_calculator(calc: Calculator) -> dict[str, Any]:
    return {
        "id": calc.id,
        "title": calc.title,
        "version": calc.version,
        "purpose": calc.purpose,
        "population": calc.population,
        "scored": calc.scored,
        "inputs": [_input(i) for i in calc.inputs],
        "criteria": [_criterion(calc, c) for c in calc.criteria],
        "categories": [
            {
                "id": k.id,
                "label": k.label,
                "rule": k.rule,
                "outcomes": [vars(o).copy() for o in k.outcomes],
                "score_min": k.score_min,
                "score_max": k.score_max,
                "next_steps": next_steps(calc, k, {}),
                "determinate": k.determinate,
            }
            for k in calc.categories
        ],
        "references": [
            {**vars(r), "text": reference_text(r), "verification_mark": REFERENCE_MARK.get(r.verification, "")}
            for r in calc.references
        ],
        "decisive": list(calc.decisive),
        "notes": list(calc.notes),
        "statements": list(calc.statements),
        "disagreements": [{"source": s, "difference": d} for s, d in calc.disagreements],
    }
