"""Unit converter, spec §1: exact factors (g/dL ↔ g/L ↔ mg/dL; Hb mmol/L × 1.6114; β2M µg/L ÷ 1000 and
mg/dL × 10; LDH µkat/L × 60), the same factors the calculators use, no unsupported unit, bad input."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import run
from calculators.units import QUANTITIES, convert

from .common import bad_inputs, command_line, error_codes

# (quantity, value, from, to, expected), each factor as written in spec §1.
CASES = [
    ("serum_igm", "6000", "mg/dL", "g/L", "60"),
    ("serum_igm", "4", "g/dL", "mg/dL", "4000"),
    ("m_protein", "70", "g/L", "g/dL", "7"),
    ("hemoglobin", "7.14", "mmol/L", "g/dL", "11.505396"),  # spec §1 boundary warning: 11.505, not 11.5
    ("hemoglobin", "115", "g/L", "g/dL", "11.5"),
    ("beta2m", "3000", "µg/L", "mg/L", "3"),
    ("beta2m", "0.4", "mg/dL", "mg/L", "4"),
    ("beta2m", "4", "µg/mL", "mg/L", "4"),
    ("albumin", "35", "g/L", "g/dL", "3.5"),
    ("ldh", "4.17", "µkat/L", "U/L", "250.2"),
    ("ldh", "250", "U/L", "µkat/L", "25/6"),
]


@pytest.mark.parametrize(("quantity", "value", "source", "target", "expected"), CASES)
def test_exact_factors(quantity, value, source, target, expected):
    assert convert(quantity, value, source, target) == Fraction(expected)


@pytest.mark.parametrize(("quantity", "unit"), [("serum_igm", "µmol/L"), ("beta2m", "nmol/L"), ("hemoglobin", "mg/dL")])
def test_units_the_spec_excludes_are_refused(quantity, unit):
    with pytest.raises(ValueError, match="convert between"):
        convert(quantity, "1", unit, QUANTITIES[quantity].canonical_unit)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(QUANTITIES)), st.decimals(0, 1000, places=3), st.data())
def test_round_trip_is_exact(quantity, value, data):
    units = [u.label for u in QUANTITIES[quantity].units]
    a, b = data.draw(st.sampled_from(units)), data.draw(st.sampled_from(units))
    there = convert(quantity, str(value), a, b)
    assert there * QUANTITIES[quantity].unit(b).factor == Fraction(str(value)) * QUANTITIES[quantity].unit(a).factor


def test_the_page_shows_every_unit():
    result = run("unit_converter", {"hemoglobin": {"value": "7.14", "unit": "mmol/L"}, "ldh": 250})
    assert result["conversions"]["hemoglobin"] == {"g/dL": "11.505396", "g/L": "115.05396", "mmol/L": "7.14"}
    assert result["conversions"]["ldh"]["µkat/L"] == "4.166667"
    assert "serum_igm" not in result["conversions"]


def test_nothing_entered_asks_for_a_value():
    assert run("unit_converter", {})["summary"] == ["Enter at least one value to convert."]


BAD = bad_inputs("unit_converter", {"serum_igm": 2})


def test_there_are_at_least_twenty_bad_inputs():
    assert len(BAD) >= 20


@pytest.mark.parametrize(("inputs", "input_id", "code"), BAD)
def test_bad_input_is_rejected_at_its_field(inputs, input_id, code):
    assert (input_id, code) in error_codes("unit_converter", inputs)


def test_command_line():
    code, out = command_line("unit_converter", {"serum_igm": {"value": 3000, "unit": "mg/dL"}})
    assert code == 0 and out["conversions"]["serum_igm"]["g/L"] == "30"
    code, out = command_line("unit_converter", {"albumin": {"value": 3, "unit": "mmol/L"}})
    assert code == 2 and out["errors"][0]["input"] == "albumin"
