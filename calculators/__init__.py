"""IgM Guide calculators: pure clinical logic, standard library only.

The same files run in CPython and in Pyodide. Public API::

    compute(calculator_id, inputs) -> Result        # raises InvalidInput, UnknownCalculator
    describe(calculator_id) -> dict                 # the declaration, JSON-ready
    run(calculator_id, inputs) -> dict              # result dict, or {"errors": [...]}
    run_json(calculator_id, text) -> str            # the same, JSON in and out (the browser worker)

Every response of `run`/`run_json` (result or errors) carries `required_now` (inputs left empty whose
answer could change the result: each is also a `required` error) and `not_needed` (inputs left empty
that cannot change it; they stay unassessed, never filled in). See `calculators.relevance`.
"""

from __future__ import annotations

# The version of the `igm-calculators` wheel (igm_site.wheel); each calculator also carries its own `version`.
__version__ = "1.0.0"

import json
from collections.abc import Mapping
from typing import Any

from .describe import describe_calculator
from .engine import InvalidInput, Result, evaluate, hint_for
from .inputs import InputProblem, read_json
from .registry import CALCULATORS

__all__ = [
    "InvalidInput",
    "Result",
    "UnknownCalculator",
    "calculator_ids",
    "compute",
    "describe",
    "run",
    "run_json",
    "unit_hint",
]


class UnknownCalculator(KeyError):
    """No calculator has this id."""


def calculator_ids() -> list[str]:
    return sorted(CALCULATORS)


def _get(calculator_id: str):
    try:
        return CALCULATORS[calculator_id]
    except (KeyError, TypeError):
        shown = repr(calculator_id[:40]) if isinstance(calculator_id, str) else "(not text)"
        raise UnknownCalculator(f"unknown calculator {shown}; known: {', '.join(calculator_ids())}") from None


def compute(calculator_id: str, inputs: Mapping[str, Any]) -> Result:
    """Validate `inputs` and compute; raises `InvalidInput` with every problem found."""
    return evaluate(_get(calculator_id), inputs)


def describe(calculator_id: str) -> dict[str, Any]:
    return describe_calculator(_get(calculator_id))


def run(calculator_id: str, inputs: Any) -> dict[str, Any]:
    """Like `compute`, but problems come back as data: `{"errors": [{"input", "code", "message"}]}`."""
    try:
        return compute(calculator_id, inputs).to_dict()
    except InvalidInput as exc:
        return exc.to_dict()
    except UnknownCalculator as exc:
        return InvalidInput([InputProblem("", "unknown_calculator", str(exc.args[0]))]).to_dict()


def unit_hint(calculator_id: str, input_id: str, value: Any, unit: str) -> dict[str, str] | None:
    """For the page: a value outside its unit's limits that fits one other accepted unit far better gives
    `{"code": "unit_mismatch", "unit": "g/L", "message": "115 g/dL? Did you mean 115 g/L?"}`, else None.
    The same hint rides on the `out_of_range` error of `run` as its `hint` key."""
    calc = _get(calculator_id)
    spec = next((i for i in calc.inputs if i.id == input_id), None)
    return None if spec is None else hint_for(spec, {"value": value, "unit": unit})


def run_json(calculator_id: str, text: str) -> str:
    """JSON in, JSON out, within the input layer's limits (size, depth, number length); numbers are read
    exactly from their text, so 7.00000000000000000001 stays above 7."""
    inputs = read_json(text)
    if isinstance(inputs, InputProblem):
        return json.dumps(InvalidInput([inputs]).to_dict(), ensure_ascii=False)
    return json.dumps(run(calculator_id, inputs), ensure_ascii=False)
