"""The igm-calculators wheel loaded in real Pyodide the standard way (`packages: ["igm-calculators"]` through the
lockfile the site ships, checked against its sha256): installed in site-packages, and every case file gives the
same output as CPython. The site itself starts from the precompiled bundle, which is faster (bench.wheel_start)."""

from __future__ import annotations

import json

import pytest

import calculators
from tests.calculators.cases import case_id, every_case, mismatches

ALL = [pytest.param(calculator, n, case, id=case_id(calculator, n, case)) for calculator, n, case in every_case()]

pytestmark = pytest.mark.pyodide


def test_the_wheel_is_installed_in_site_packages(pyodide_wheel):
    assert pyodide_wheel.python_version.startswith("3.14")
    assert "site-packages/calculators/" in pyodide_wheel.calculators_file


@pytest.mark.parametrize(("calculator", "n", "case"), ALL)
def test_the_wheel_in_pyodide_matches_cpython_and_the_case(pyodide_wheel, calculator, n, case):
    expected = json.loads(calculators.run_json(calculator, json.dumps(case["inputs"])))
    got = pyodide_wheel.run(calculator, case["inputs"])
    assert got == expected
    assert mismatches(got, case["expect"]) == []
