"""Helpers shared by the calculator tests: bad inputs generated from a declaration, the decimal grid
around a threshold, Hypothesis strategies for valid inputs, and the command-line round trip.

Nothing here computes an expected clinical result: each test module writes its own oracle.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from calculators import describe, run


def around(threshold: str) -> list[str]:
    """The threshold and its neighbours one decimal digit finer (11.5 -> 11.49, 11.5, 11.51)."""
    t = Decimal(threshold)
    step = Decimal(1).scaleb(t.as_tuple().exponent - 1)
    return [str(t - step), str(t), str(t + step)]


def bad_inputs(calculator: str, valid: dict[str, Any]) -> list[tuple[dict[str, Any], str, str]]:
    """(inputs, input id expected in the errors, error code) for every way each input can be wrong."""
    cases: list[tuple[dict[str, Any], str, str]] = []
    for spec in describe(calculator)["inputs"]:
        key = spec["id"]
        if not spec.get("optional"):
            cases.append(({k: v for k, v in valid.items() if k != key}, key, "required"))
            cases.append(({**valid, key: ""}, key, "required"))
            cases.append(({**valid, key: None}, key, "required"))
        if spec["kind"] == "choice":
            cases.append(({**valid, key: "maybe"}, key, "invalid_choice"))
            cases.append(({**valid, key: 12345}, key, "invalid_choice"))
            continue
        cases.append(({**valid, key: "abc"}, key, "not_a_number"))
        cases.append(({**valid, key: "NaN"}, key, "not_a_number"))
        cases.append(({**valid, key: float("nan")}, key, "not_a_number"))
        cases.append(({**valid, key: float("inf")}, key, "not_a_number"))
        cases.append(({**valid, key: "1,5"}, key, "not_a_number"))
        cases.append(({**valid, key: {"value": "1", "unit": "furlongs"}}, key, "unknown_unit"))
        for unit in spec["units"]:
            below = Decimal(unit["minimum"]) - Decimal("0.001")
            above = Decimal(unit["maximum"]) + Decimal("0.001")
            cases.append(({**valid, key: {"value": str(below), "unit": unit["label"]}}, key, "out_of_range"))
            cases.append(({**valid, key: {"value": str(above), "unit": unit["label"]}}, key, "out_of_range"))
    cases.append(({**valid, "shoe_size": 42}, "shoe_size", "unknown_input"))
    return cases


def same_for_every_answer(calculator: str, inputs: dict[str, Any], input_id: str) -> bool:
    """Whether every answer to a choice input left empty gives the category and score of the result without it."""
    spec = next(i for i in describe(calculator)["inputs"] if i["id"] == input_id)
    without = run(calculator, {k: v for k, v in inputs.items() if k != input_id})
    assert "errors" not in without, without
    for choice in spec["choices"]:
        answered = run(calculator, {**inputs, input_id: choice["value"]})
        if "errors" in answered or (answered["category"], answered["score"]) != (without["category"], without["score"]):
            return False
    return True


def error_codes(calculator: str, inputs: dict[str, Any]) -> list[tuple[str, str]]:
    result = run(calculator, inputs)
    assert "errors" in result, f"expected errors, got a result for {inputs}"
    assert all(e["message"] for e in result["errors"])
    return [(e["input"], e["code"]) for e in result["errors"]]


def valid_inputs(calculator: str, skip_optional: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Any valid entry: each input in any accepted unit, anywhere within its hard limits."""
    fields = {}
    for spec in describe(calculator)["inputs"]:
        if spec["kind"] == "choice":
            strategy = st.sampled_from([c["value"] for c in spec["choices"]])
        else:
            strategy = st.sampled_from(spec["units"]).flatmap(_value_in(spec["integer"]))
        if spec.get("optional"):
            strategy = st.none() if skip_optional else st.one_of(st.none(), strategy)
        fields[spec["id"]] = strategy
    return st.fixed_dictionaries(fields).map(lambda d: {k: v for k, v in d.items() if v is not None})


def _value_in(integer: bool):
    def values(unit: dict[str, str]) -> st.SearchStrategy[dict[str, str]]:
        low, high = Decimal(unit["minimum"]), Decimal(unit["maximum"])
        if integer:
            numbers = st.integers(int(low), int(high)).map(str)
        else:
            numbers = st.decimals(low, high, places=2, allow_nan=False, allow_infinity=False).map(str)
        return numbers.map(lambda v: {"value": v, "unit": unit["label"]})

    return values


def command_line(calculator: str, inputs: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "calculators", calculator, "--json", json.dumps(inputs)],
        capture_output=True,
        text=True,
    )
    return done.returncode, json.loads(done.stdout)


def exact(text: str) -> tuple[int, int]:
    """A plain decimal string as an integer numerator and a power-of-ten denominator ("3.49" -> 349, 100)."""
    negative = text.startswith("-")
    whole, _, decimals = text.lstrip("+-").partition(".")
    numerator = int(whole or "0") * 10 ** len(decimals) + int(decimals or "0")
    return (-numerator if negative else numerator), 10 ** len(decimals)


def compare(value: str, op: str, threshold: str, factor: tuple[int, int] = (1, 1)) -> bool:
    """`value × factor <op> threshold` by integer cross-multiplication, no division and no float."""
    vn, vd = exact(value)
    tn, td = exact(threshold)
    left, right = vn * factor[0] * td, tn * vd * factor[1]
    return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[op]
