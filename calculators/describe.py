"""A calculator's declaration as JSON-ready data: what the site renders (form, criteria table,
outcomes, references) and what the tests read. Built from the same objects the engine evaluates.
"""

from __future__ import annotations

from typing import Any

from .model import OPERATORS, Calculator, ChoiceInput, MeasuredInput
from .numbers import format_number

__all__ = ["describe_calculator"]


def _input(spec: MeasuredInput | ChoiceInput) -> dict[str, Any]:
    if isinstance(spec, ChoiceInput):
        return {
            "id": spec.id,
            "kind": "choice",
            "label": spec.label,
            "help": spec.help,
            "choices": [{"value": c.value, "label": c.label} for c in spec.choices],
        }
    return {
        "id": spec.id,
        "kind": "measured",
        "label": spec.label,
        "help": spec.help,
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
            }
            for u in spec.units
        ],
    }


def describe_calculator(calc: Calculator) -> dict[str, Any]:
    units = {i.id: i.canonical_unit for i in calc.inputs if isinstance(i, MeasuredInput)}
    return {
        "id": calc.id,
        "title": calc.title,
        "version": calc.version,
        "purpose": calc.purpose,
        "population": calc.population,
        "inputs": [_input(i) for i in calc.inputs],
        "criteria": [
            {
                "id": c.id,
                "label": c.label,
                "input": c.input,
                "rule": f"{OPERATORS[c.op]} {format_number(c.threshold)} {units.get(c.input, '')}".strip(),
                "native": [f"{OPERATORS[c.op]} {format_number(v)} {u}" for u, v in c.native],
                "points": c.points,
                "source": c.source,
                "wording": c.wording,
            }
            for c in calc.criteria
        ],
        "categories": [
            {"id": k.id, "label": k.label, "rule": k.rule, "outcomes": [vars(o).copy() for o in k.outcomes]}
            for k in calc.categories
        ],
        "references": [vars(r).copy() for r in calc.references],
        "notes": list(calc.notes),
        "disagreements": [{"source": s, "difference": d} for s, d in calc.disagreements],
    }
