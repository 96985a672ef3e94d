"""The input limits hold in Pyodide exactly as in CPython (the browser sends what a reader typed, as text)."""

from __future__ import annotations

import json

import pytest

import calculators
from calculators.numbers import MAX_CHARS

pytestmark = pytest.mark.pyodide

GOOD = {"age_years": "70", "hemoglobin": "10", "platelets": "150", "beta2m": "3", "m_protein": "2"}
CASES = [
    {**GOOD, "m_protein": "2." + "0" * (MAX_CHARS - 3) + "1"},  # the longest number read
    {**GOOD, "m_protein": "2." + "0" * (MAX_CHARS - 2) + "1"},  # one character more
    {**GOOD, "m_protein": "7.00000000000000000001"},  # above the 7 g/dL threshold, exactly
    {**GOOD, "m_protein": "2" * (MAX_CHARS + 1) + "…"},  # as the page cuts a 100,000-character entry
    {**GOOD, **{f"extra_{n}": 1 for n in range(40)}},
    {**GOOD, "m_protein": {"value": "2", "unit": ""}},
    {**GOOD, "\ud800": 1},
]


@pytest.mark.parametrize("inputs", CASES, ids=range(len(CASES)))
def test_limits_match_cpython(pyodide, inputs):
    expected = json.loads(calculators.run_json("ipsswm", json.dumps(inputs)))
    assert pyodide.run("ipsswm", inputs) == expected
