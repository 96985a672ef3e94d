"""Units as clinicians type them (issue 11): every alias declared in `quantities.UNIT_ALIASES` gives exactly
the result of the canonical spelling, for every input of every calculator that accepts that unit; case is
ignored only where it cannot change the meaning (mg/dl, not G/L); an empty or null unit is an error, never
the default unit; a value that fits another unit far better carries a `unit_mismatch` hint.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from calculators import calculator_ids, describe, run, unit_hint
from calculators.numbers import format_number
from calculators.quantities import UNIT_ALIASES

from .cases import normal_inputs
from .common import command_line


def _measured():
    """(calculator, input spec) for every measured input of every calculator."""
    for calculator in calculator_ids():
        for spec in describe(calculator)["inputs"]:
            if spec["kind"] == "measured":
                yield calculator, spec


def _middle(unit: dict) -> str:
    return format_number((Fraction(unit["minimum"]) + Fraction(unit["maximum"])) / 2)


ALIAS_CASES = [
    (calculator, spec["id"], unit, alias)
    for calculator, spec in _measured()
    for unit in spec["units"]
    for alias in UNIT_ALIASES.get(unit["label"], ())
]


def test_every_alias_in_the_issue_is_declared():
    declared = {alias for aliases in UNIT_ALIASES.values() for alias in aliases}
    assert {"10^9/L", "x10^9/L", "G/L", "ug/mL", "mcg/mL", "ug/L", "umol/L", "ukat/L", "IU/L"} <= declared


def test_aliases_reach_every_unit_family_the_calculators_use():
    reached = {unit["label"] for _, _, unit, _ in ALIAS_CASES}
    assert {"×10⁹/L", "µg/mL", "µg/L", "µkat/L", "U/L"} <= reached


@pytest.mark.parametrize(("calculator", "input_id", "unit", "alias"), ALIAS_CASES)
def test_an_alias_gives_the_result_of_the_canonical_spelling(calculator, input_id, unit, alias):
    value = _middle(unit)
    base = normal_inputs(calculator)
    canonical = run(calculator, {**base, input_id: {"value": value, "unit": unit["label"]}})
    typed = run(calculator, {**base, input_id: {"value": value, "unit": alias}})
    assert typed == canonical


@pytest.mark.parametrize(
    ("calculator", "input_id", "typed", "label"),
    [
        ("plasmapheresis_check", "serum_igm", "mg/dl", "mg/dL"),
        ("plasmapheresis_check", "serum_igm", "MG/DL", "mg/dL"),
        ("ipsswm", "hemoglobin", "g/l", "g/L"),
        ("ipsswm", "hemoglobin", "MMOL/L", "mmol/L"),
        ("ipsswm", "beta2m", "μg/L", "µg/L"),  # Greek mu typed for the micro sign
        ("ipsswm", "beta2m", "UG/ML", "µg/mL"),
        ("mss_wm", "ldh", "iu/l", "U/L"),
        ("mss_wm", "ldh", " U/L ", "U/L"),
    ],
)
def test_case_and_spacing_are_ignored_where_they_cannot_change_the_meaning(calculator, input_id, typed, label):
    spec = next(s for s in describe(calculator)["inputs"] if s["id"] == input_id)
    value = _middle(next(u for u in spec["units"] if u["label"] == label))
    base = normal_inputs(calculator)
    assert run(calculator, {**base, input_id: {"value": value, "unit": typed}}) == run(
        calculator, {**base, input_id: {"value": value, "unit": label}}
    )


def test_giga_per_litre_is_platelets_never_grams():
    base = normal_inputs("ipsswm")
    platelets = run("ipsswm", {**base, "platelets": {"value": 150, "unit": "G/L"}})
    assert platelets["inputs"]["platelets"]["unit"] == "×10⁹/L"
    haemoglobin = run("ipsswm", {**base, "hemoglobin": {"value": 100, "unit": "G/L"}})
    assert ("hemoglobin", "unknown_unit") in [(e["input"], e["code"]) for e in haemoglobin["errors"]]
    lower = run("ipsswm", {**base, "platelets": {"value": 150, "unit": "g/L"}})
    assert ("platelets", "unknown_unit") in [(e["input"], e["code"]) for e in lower["errors"]]


EMPTY_UNITS = [(c, s["id"], unit) for c, s in _measured() for unit in ("", "  ", None)]


@pytest.mark.parametrize(("calculator", "input_id", "unit"), EMPTY_UNITS)
def test_an_empty_or_null_unit_is_an_error_never_the_default(calculator, input_id, unit):
    spec = next(s for s in describe(calculator)["inputs"] if s["id"] == input_id)
    value = _middle(spec["units"][0])
    result = run(calculator, {**normal_inputs(calculator), input_id: {"value": value, "unit": unit}})
    assert (input_id, "unit_missing") in [(e["input"], e["code"]) for e in result["errors"]]


def test_the_command_line_accepts_aliases():
    base = normal_inputs("ipsswm")
    code, typed = command_line("ipsswm", {**base, "platelets": {"value": 90, "unit": "10^9/L"}})
    assert code == 0
    assert typed == run("ipsswm", {**base, "platelets": {"value": 90, "unit": "×10⁹/L"}})
    code, empty = command_line("ipsswm", {**base, "platelets": {"value": 90, "unit": ""}})
    assert code == 2 and ("platelets", "unit_missing") in [(e["input"], e["code"]) for e in empty["errors"]]


@pytest.mark.parametrize(
    ("calculator", "input_id", "value", "unit", "suggested"),
    [
        ("ipsswm", "hemoglobin", "115", "g/dL", "g/L"),  # the review's example
        ("mss_wm", "albumin", "35", "g/dL", "g/L"),
        ("plasmapheresis_check", "serum_igm", "4500", "g/dL", "mg/dL"),
        ("ipsswm", "platelets", "150000", "×10⁹/L", "/µL"),
        ("ipsswm", "beta2m", "3000", "mg/L", "µg/L"),
    ],
)
def test_a_value_that_fits_another_unit_gets_a_hint(calculator, input_id, value, unit, suggested):
    hint = unit_hint(calculator, input_id, value, unit)
    assert hint["code"] == "unit_mismatch" and hint["unit"] == suggested
    assert hint["message"] == f"{value} {unit}? Did you mean {value} {suggested}?"
    result = run(calculator, {**normal_inputs(calculator), input_id: {"value": value, "unit": unit}})
    error = next(e for e in result["errors"] if e["input"] == input_id)
    assert error["code"] == "out_of_range" and error["hint"] == hint


@pytest.mark.parametrize(
    ("calculator", "input_id", "value", "unit"),
    [
        ("ipsswm", "hemoglobin", "11.5", "g/dL"),  # in range: no hint
        ("ipsswm", "hemoglobin", "500", "g/L"),  # fits no other unit
        ("ipsswm", "hemoglobin", "8", "g/L"),  # fits both g/dL and mmol/L: no guess between them
        ("ipsswm", "age_years", "150", "years"),  # one unit only
    ],
)
def test_no_hint_when_no_other_unit_fits(calculator, input_id, value, unit):
    assert unit_hint(calculator, input_id, value, unit) is None
