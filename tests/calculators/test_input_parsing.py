"""Input parsing found loose by the reliability review of 2026-12 (F8, F14): exponents beyond `Decimal`'s range,
digits of other scripts, duplicate keys, and what is trimmed from an entry. Each is `{"errors": [...]}` and,
through the CLI, exit 2 with JSON on stdout: never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import run, run_json
from calculators.numbers import MAX_CHARS, TRIMMED, trim

from .test_limits import IPSSWM, codes, ipsswm_json

# Exponents CPython's Decimal refuses on 64-bit (10**18 and beyond) and Pyodide's wasm32 Decimal refuses far sooner
# (beyond 425,000,000); Hypothesis draws from both sides and from the exactly readable range.
EXPONENTS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.integers(min_value=10**17, max_value=10**19),
    st.integers(min_value=-(10**19), max_value=-(10**17)),
    st.integers(min_value=-40, max_value=40),
)
MANTISSAS = st.sampled_from(["1", "0", "-1", "2.5", "0.0001", "9" * 20, "-0"])


@settings(max_examples=400, deadline=None)
@given(mantissa=MANTISSAS, exponent=EXPONENTS, letter=st.sampled_from("eE"))
def test_any_exponent_gives_a_result_or_an_error_at_its_field(mantissa, exponent, letter):
    token = f"{mantissa}{letter}{exponent}"
    answer = json.loads(run_json("ipsswm", ipsswm_json(token)))
    if "errors" in answer:
        assert [(e["input"], e["code"]) for e in answer["errors"]] in (
            [("m_protein", "not_a_number")],
            [("m_protein", "out_of_range")],
        ), token
    else:  # read exactly: only an exponent small enough to write the number out in 32 characters
        assert abs(exponent) <= MAX_CHARS, token


@pytest.mark.parametrize(
    "text",
    [
        '{"age_years": 1e9999999999999999999}',
        "[1E-99999999999999999999]",
        '{"age_years": 0e1000000000000000000}',
        '{"age_years": {"value": -1e-99999999999999999999999999, "unit": "years"}}',
    ],
)
def test_cli_exponent_out_of_range_exits_2_with_json(text):
    for run_cli in (
        lambda: subprocess.run([sys.executable, "-m", "calculators", "ipsswm", "--json", text], capture_output=True),
        lambda: subprocess.run(
            [sys.executable, "-m", "calculators", "ipsswm", "--json", "-"], input=text.encode(), capture_output=True
        ),
    ):
        done = run_cli()
        assert done.returncode == 2, done.stderr.decode()
        assert done.stderr == b""
        assert json.loads(done.stdout)["errors"]


def test_the_reviews_exponent_is_refused_at_the_age_field():
    answer = json.loads(run_json("ipsswm", '{"age_years": 1e9999999999999999999}'))
    age = [e for e in answer["errors"] if e["input"] == "age_years"]
    assert [e["code"] for e in age] == ["not_a_number"] and "at most 32 characters" in age[0]["message"]


# Only ASCII digits are digits.


@pytest.mark.parametrize(
    "text",
    ["৪", "৭০", "７０", "٧٠", "𝟳𝟬", "๗๐", "7০", "1.৫", "1,৫"],
    ids=["bengali-4", "bengali-70", "fullwidth", "arabic-indic", "math-bold", "thai", "mixed", "frac", "comma"],
)
def test_digits_of_other_scripts_are_not_numbers(text):
    assert codes(run_json("ipsswm", json.dumps({**IPSSWM, "m_protein": text}))) == [("m_protein", "not_a_number")]


def test_other_scripts_digits_are_refused_in_a_value_and_unit_too():
    found = run("ipsswm", {**IPSSWM, "hemoglobin": {"value": "১০", "unit": "g/dL"}})
    assert [(e["input"], e["code"]) for e in found["errors"]] == [("hemoglobin", "not_a_number")]


# Duplicate keys.


@pytest.mark.parametrize(
    "text",
    [
        '{"age_years": 80, "age_years": 40, "hemoglobin": 10, "platelets": 150, "beta2m": 3, "m_protein": 2}',
        '{"age_years": 70, "hemoglobin": {"value": 10, "value": 12, "unit": "g/dL"}, "platelets": 150, "beta2m": 3,'
        ' "m_protein": 2}',
        '{"age_years": 70, "age_years": 70, "hemoglobin": 10, "platelets": 150, "beta2m": 3, "m_protein": 2}',
    ],
    ids=["different-values", "inside-value-unit", "same-value"],
)
def test_a_key_given_twice_is_an_error_never_the_last_one_silently(text):
    found = json.loads(run_json("ipsswm", text))["errors"]
    assert [e["code"] for e in found] == ["duplicate_key"]
    assert "more than once" in found[0]["message"]


def test_cli_duplicate_key_exits_2():
    done = subprocess.run(
        [sys.executable, "-m", "calculators", "ipsswm", "--json", '{"age_years": 80, "age_years": 40}'],
        capture_output=True,
    )
    assert done.returncode == 2 and json.loads(done.stdout)["errors"][0]["code"] == "duplicate_key"


# What is trimmed: the same characters as the browser's String.prototype.trim() (tests/browser/test_input_trim.py
# checks that set against Chromium's own).


@pytest.mark.parametrize("char", list(TRIMMED), ids=[f"U+{ord(c):04X}" for c in TRIMMED])
def test_each_trimmed_character_is_trimmed_around_a_number(char):
    result = run("ipsswm", {**IPSSWM, "m_protein": f"{char}2{char}"})
    assert "errors" not in result and result["inputs"]["m_protein"]["value"] == "2"


@pytest.mark.parametrize("char", ["\x1c", "\x1f", "\x85", "\u200b"], ids=["U+001C", "U+001F", "U+0085", "U+200B"])
def test_what_the_browser_keeps_python_keeps_too(char):
    assert trim(f"{char}2") == f"{char}2"
    assert codes(run_json("ipsswm", json.dumps({**IPSSWM, "m_protein": f"{char}2"}))) == [("m_protein", "not_a_number")]


def test_a_bom_in_a_field_is_trimmed_by_the_cli_as_by_the_browser():
    field = json.dumps({**IPSSWM, "age_years": "\ufeff70"})
    done = subprocess.run([sys.executable, "-m", "calculators", "ipsswm", "--json", field], capture_output=True)
    assert done.returncode == 0, done.stdout
