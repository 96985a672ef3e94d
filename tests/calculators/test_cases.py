"""One test over every calculator: each case of `tests/cases/<id>.json` (expected outputs written from the
source the case names), and the contract every calculator keeps (bad input rejected at its field, any valid
entry computes, the command line round trip, warnings and errors carry a code).

Per-calculator modules keep only what is genuinely theirs: independent oracles over boundary grids and
Hypothesis properties specific to one calculator.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculators import calculator_ids, describe, run
from calculators.codes import WARNING_CODES

from .cases import case_id, every_case, load, mismatches, normal_inputs
from .common import bad_inputs, command_line, same_for_every_answer, valid_inputs

CASES = every_case()
IDS = calculator_ids()
# Problems a calculator's own cross-input `check` may raise for inputs that are each valid alone.
CROSS_INPUT = {"inconsistent", "outside_population", "required", "out_of_range"}


@pytest.mark.parametrize(("calculator", "n", "case"), CASES, ids=[case_id(*c) for c in CASES])
def test_case(calculator, n, case):
    assert case.get("expect"), f"{calculator} case {n}: no expected output"
    assert case.get("source"), f"{calculator} case {n}: no source"
    assert mismatches(run(calculator, case["inputs"]), case["expect"]) == []


@pytest.mark.parametrize("calculator", IDS)
def test_every_calculator_has_cases_on_both_sides(calculator):
    cases = load(calculator)
    errors = [c for c in cases if "error_codes" in c["expect"]]
    results = [c for c in cases if "error_codes" not in c["expect"]]
    assert len(errors) >= 3 and len(results) >= 5, calculator
    normal_inputs(calculator)  # exactly one normal entry


BAD = [
    pytest.param(calculator, inputs, input_id, code, id=f"{calculator}-{n}")
    for calculator in IDS
    for n, (inputs, input_id, code) in enumerate(bad_inputs(calculator, normal_inputs(calculator)))
]


@pytest.mark.parametrize("calculator", IDS)
def test_there_are_at_least_twenty_bad_inputs(calculator):
    generated = sum(1 for p in BAD if p.values[0] == calculator)
    written = sum(1 for case in load(calculator) if "error_codes" in case["expect"])
    assert generated + written >= 20


@pytest.mark.parametrize(("calculator", "inputs", "input_id", "code"), BAD)
def test_bad_input_is_rejected_at_its_field(calculator, inputs, input_id, code):
    result = run(calculator, inputs)
    if code == "required" and "errors" not in result:
        # Only the questions that matter (issue 11): an empty answer that cannot change the result is not
        # required. Check that against every answer.
        assert input_id in result["not_needed"], inputs
        assert same_for_every_answer(calculator, inputs, input_id), inputs
        return
    assert "errors" in result, inputs
    assert all(e["message"] and e["code"] for e in result["errors"])
    assert (input_id, code) in [(e["input"], e["code"]) for e in result["errors"]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
@pytest.mark.parametrize("calculator", IDS)
def test_any_valid_entry_computes_or_names_a_cross_input_problem(calculator, data):
    inputs = data.draw(valid_inputs(calculator))
    result = run(calculator, inputs)
    declared = {c["id"] for c in describe(calculator)["categories"]}
    if "errors" in result:
        assert {e["code"] for e in result["errors"]} <= CROSS_INPUT, result["errors"]
        return
    assert result["category"] is None or result["category"] in declared
    for warning in result["warnings"]:
        assert set(warning) == {"input", "code", "message"} and warning["message"]
        assert warning["code"] in WARNING_CODES, warning


@pytest.mark.parametrize("calculator", IDS)
def test_command_line_round_trip(calculator):
    normal = normal_inputs(calculator)
    code, out = command_line(calculator, normal)
    assert code == 0 and out == json.loads(json.dumps(run(calculator, normal), ensure_ascii=False))
    inputs, input_id, _ = bad_inputs(calculator, normal)[0]
    code, out = command_line(calculator, inputs)
    assert code == 2 and input_id in [e["input"] for e in out["errors"]]


def test_every_warning_code_is_listed_and_every_listed_code_is_exercised_by_a_case():
    emitted = {w["code"] for calculator, _, case in CASES for w in run(calculator, case["inputs"]).get("warnings", [])}
    assert emitted <= set(WARNING_CODES), emitted - set(WARNING_CODES)
    expected = {code for _, _, case in CASES for code in case["expect"].get("warning_codes", [])}
    assert set(WARNING_CODES) <= expected, set(WARNING_CODES) - expected
