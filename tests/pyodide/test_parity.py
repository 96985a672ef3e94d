"""The same cases in CPython and in real Pyodide (Python 3.14 in WebAssembly): identical output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import calculators

CASES = Path(__file__).parent.parent / "cases"
ALL = [
    pytest.param(path.stem, n, case["inputs"], id=f"{path.stem}-{n}")
    for path in sorted(CASES.glob("*.json"))
    for n, case in enumerate(json.loads(path.read_text()))
]

pytestmark = pytest.mark.pyodide


def test_runs_in_real_pyodide(pyodide):
    assert pyodide.python_version.startswith("3.14")


def test_every_calculator_has_cases():
    assert {p.values[0] for p in ALL} == set(calculators.calculator_ids())


@pytest.mark.parametrize(("calculator", "n", "inputs"), ALL)
def test_pyodide_matches_cpython(pyodide, calculator, n, inputs):
    # The same JSON text into both, through the entry point the browser worker uses.
    expected = json.loads(calculators.run_json(calculator, json.dumps(inputs)))
    assert pyodide.run(calculator, inputs) == expected
