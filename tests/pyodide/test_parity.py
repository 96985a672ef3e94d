"""The same cases in CPython and in real Pyodide (Python 3.14 in WebAssembly): identical output, and the
expected output of each case (tests/cases/<id>.json, written from its source) holds in Pyodide too."""

from __future__ import annotations

import json

import pytest

import calculators
from tests.calculators.cases import case_id, every_case, mismatches

ALL = [pytest.param(calculator, n, case, id=case_id(calculator, n, case)) for calculator, n, case in every_case()]

pytestmark = pytest.mark.pyodide


def test_runs_in_real_pyodide(pyodide):
    assert pyodide.python_version.startswith("3.14")


def test_every_calculator_has_cases():
    assert {p.values[0] for p in ALL} == set(calculators.calculator_ids())


@pytest.mark.parametrize(("calculator", "n", "case"), ALL)
def test_pyodide_matches_cpython_and_the_case(pyodide, calculator, n, case):
    # The same JSON text into both, through the entry point the browser worker uses.
    expected = json.loads(calculators.run_json(calculator, json.dumps(case["inputs"])))
    got = pyodide.run(calculator, case["inputs"])
    assert got == expected
    assert mismatches(got, case["expect"]) == []
