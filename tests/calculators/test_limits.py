"""Hard limits of the input layer and the inputs that used to crash or hang it (reliability review 2026-11,
§1: #3, #6, #7, #9). Every one must come back as `{"errors": [...]}` naming the input, and the CLI must exit 2
with JSON on stdout, never 1 with a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from calculators import run, run_json
from calculators.inputs import MAX_DEPTH, MAX_JSON_BYTES, MAX_UNKNOWN_NAMED
from calculators.numbers import MAX_CHARS

IPSSWM = {"age_years": 70, "hemoglobin": 10, "platelets": 150, "beta2m": 3, "m_protein": 2}


def errors(output: str) -> list[dict[str, str]]:
    data = json.loads(output)
    assert "errors" in data, output[:300]
    return data["errors"]


def codes(output: str) -> list[tuple[str, str]]:
    return [(e["input"], e["code"]) for e in errors(output)]


def ipsswm_json(m_protein_token: str) -> str:
    """IPSSWM inputs as JSON text with the M-protein written exactly as given (a raw JSON token)."""
    fields = ", ".join(f'"{k}": {v}' for k, v in IPSSWM.items() if k != "m_protein")
    return f'{{{fields}, "m_protein": {m_protein_token}}}'


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "calculators", *args], input=stdin, capture_output=True, timeout=60)


# Numbers: at most MAX_CHARS characters, however they arrive.


@pytest.mark.parametrize(
    "value",
    [
        "2." + "0" * (MAX_CHARS - 2) + "1",  # 33 characters as text
        "9" * 100_000,  # the review's 48 s in the browser
        "2." + "0" * 100_000 + "1",
        10**MAX_CHARS,  # an int through the Python API
        -(10**5000),  # str() of this raises in CPython
        Decimal("1e-400"),  # a JSON number, as the input layer reads it
        Decimal("1e999999999"),  # short as text, a billion digits as a number
    ],
    ids=["33-chars", "100k-nines", "100k-zeros", "int-10^32", "int-5000-digits", "1e-400", "1e999999999"],
)
def test_a_number_longer_than_the_limit_is_refused_at_its_field(value):
    found = run("ipsswm", {**IPSSWM, "m_protein": value})["errors"]
    assert [(e["input"], e["code"]) for e in found] == [("m_protein", "not_a_number")]
    assert f"at most {MAX_CHARS} characters" in found[0]["message"]


def test_a_number_of_exactly_the_limit_is_read():
    text = "2." + "0" * (MAX_CHARS - 3) + "1"  # 32 characters, read to its last digit
    assert len(text) == MAX_CHARS
    result = run("ipsswm", {**IPSSWM, "m_protein": text})
    assert "errors" not in result and result["inputs"]["m_protein"]["value"] == text


# JSON numbers are read exactly from their text, never through a binary float.


def test_a_json_number_just_above_a_threshold_meets_it():
    above = json.loads(run_json("ipsswm", ipsswm_json("7.00000000000000000001")))
    exact = json.loads(run_json("ipsswm", ipsswm_json("7.0")))
    met = {c["id"]: c["met"] for c in above["criteria"]}
    assert met["m_protein"] is True and above["inputs"]["m_protein"]["value"] == "7.00000000000000000001"
    assert {c["id"]: c["met"] for c in exact["criteria"]}["m_protein"] is False


@pytest.mark.parametrize("token", ["1e-400", "1E400", "1e309"])
def test_a_json_number_too_long_written_out_is_refused_not_rounded(token):
    found = errors(run_json("ipsswm", ipsswm_json(token)))
    assert [(e["input"], e["code"]) for e in found] == [("m_protein", "not_a_number")]


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_json_constants_are_not_numbers(token):
    found = errors(run_json("ipsswm", ipsswm_json(token)))
    assert [(e["input"], e["code"]) for e in found] == [("m_protein", "not_a_number")]
    assert "finite" in found[0]["message"]


def test_a_json_integer_of_4301_digits_names_its_input():
    # CPython refuses to convert more than 4,300 digits: this used to escape as ValueError.
    assert codes(run_json("ipsswm", ipsswm_json("1" * 4301))) == [("m_protein", "not_a_number")]
    assert codes(run_json("swm_progression", '{"horizon_years": ' + "5" * 4301 + "}")) == [
        ("horizon_years", "invalid_choice")
    ]


def test_a_huge_integer_choice_through_the_api_is_an_invalid_choice():
    assert [(e["input"], e["code"]) for e in run("swm_progression", {"horizon_years": 10**5000})["errors"]] == [
        ("horizon_years", "invalid_choice")
    ]


# JSON text: at most MAX_JSON_BYTES and MAX_DEPTH levels.


def test_json_of_exactly_the_size_limit_is_read_and_one_byte_more_is_not():
    text = ipsswm_json("2")
    padded = text[:-1] + " " * (MAX_JSON_BYTES - len(text)) + "}"
    assert len(padded.encode()) == MAX_JSON_BYTES
    assert json.loads(run_json("ipsswm", padded))["score"] is not None
    over = text[:-1] + " " * (MAX_JSON_BYTES - len(text) + 1) + "}"
    assert codes(run_json("ipsswm", over)) == [("", "too_large")]


def test_the_size_limit_counts_bytes_not_characters():
    text = '{"x": "' + "é" * (MAX_JSON_BYTES // 2) + '"}'  # fewer characters than the limit, more bytes
    assert len(text) < MAX_JSON_BYTES < len(text.encode())
    assert codes(run_json("ipsswm", text)) == [("", "too_large")]


def nested(depth: int) -> str:
    return '{"m_protein": ' + "[" * (depth - 1) + "2" + "]" * (depth - 1) + "}"


def test_json_nested_to_the_limit_is_parsed_and_deeper_is_refused():
    at_limit = codes(run_json("ipsswm", nested(MAX_DEPTH)))
    assert ("m_protein", "not_a_number") in at_limit  # parsed: the list is then no number
    assert codes(run_json("ipsswm", nested(MAX_DEPTH + 1))) == [("", "too_deep")]


@pytest.mark.parametrize("depth", [1000, 100_000 // 2])
def test_deep_nesting_that_used_to_raise_recursion_error_is_refused(depth):
    assert codes(run_json("ipsswm", "[" * depth + "]" * depth)) in ([("", "too_deep")], [("", "too_large")])


def test_brackets_inside_strings_are_not_nesting():
    text = json.dumps({**IPSSWM, "m_protein": "[" * 50})
    assert codes(run_json("ipsswm", text)) == [("m_protein", "not_a_number")]


@pytest.mark.parametrize("text", ['{"m_protein": 2', '{"m_protein": "\\x"}', "", "[1,]"])
def test_text_that_is_not_json_is_malformed(text):
    assert codes(run_json("ipsswm", text)) == [("", "malformed")]


# Unknown keys: named one by one for the first few, counted after that; echoes are short and printable.


def test_unknown_keys_are_named_and_the_rest_counted():
    keys = {f"extra_{n}": 1 for n in range(100)}
    found = errors(run_json("ipsswm", json.dumps({**IPSSWM, **keys})))
    unknown = [e for e in found if e["code"] == "unknown_input"]
    assert [e["input"] for e in unknown] == [f"extra_{n}" for n in range(MAX_UNKNOWN_NAMED)] + [""]
    assert f"{100 - MAX_UNKNOWN_NAMED} more" in unknown[-1]["message"]


def test_output_stays_small_whatever_the_number_of_unknown_keys():
    keys = {f"k{n}": 0 for n in range(6000)}
    text = json.dumps({**IPSSWM, **keys}, separators=(",", ":"))
    assert len(text) < MAX_JSON_BYTES
    assert len(run_json("ipsswm", text)) < 3000  # a long list used to give 240 bytes per key


def test_a_long_unknown_key_or_unit_is_echoed_short():
    key = "k" * 10_000
    found = errors(run_json("ipsswm", json.dumps({**IPSSWM, key: 1})))
    assert all(len(e["input"]) <= 41 and len(e["message"]) < 400 for e in found)
    unit = errors(run_json("ipsswm", json.dumps({**IPSSWM, "hemoglobin": {"value": 10, "unit": "u" * 10_000}})))
    assert [(e["input"], e["code"]) for e in unit] == [("hemoglobin", "unknown_unit")] and len(unit[0]["message"]) < 400


@pytest.mark.parametrize(
    ("unit", "code"),
    [
        ("", "unit_missing"),
        (None, "unit_missing"),
        (False, "unknown_unit"),
        (0, "unknown_unit"),
        (["g/dL"], "unknown_unit"),
    ],
)
def test_an_empty_or_non_text_unit_is_never_taken_for_the_canonical_unit(unit, code):
    found = run("ipsswm", {**IPSSWM, "m_protein": {"value": 2, "unit": unit}})["errors"]
    assert [(e["input"], e["code"]) for e in found] == [("m_protein", code)]


# The command line: exit 2 with JSON on stdout for every input that used to give exit 1 and a traceback.


def assert_exit_2(done: subprocess.CompletedProcess[bytes], expected: list[tuple[str, str]]) -> None:
    assert done.returncode == 2, done.stderr.decode(errors="replace")[-500:]
    assert done.stderr == b""
    assert codes(done.stdout.decode("utf-8")) == expected


def test_cli_4300_digit_integer():
    assert_exit_2(cli("ipsswm", "--json", ipsswm_json("1" * 5000)), [("m_protein", "not_a_number")])


def test_cli_json_nested_1000_deep_on_stdin():
    assert_exit_2(cli("ipsswm", "--json", "-", stdin=b"[" * 1000 + b"]" * 1000), [("", "too_deep")])


def test_cli_lone_surrogate_key():
    done = cli("ipsswm", "--json", json.dumps({**IPSSWM, "\ud800": 1}))
    assert_exit_2(done, [("\\ud800", "unknown_input")])


def test_cli_input_that_is_not_utf8():
    assert_exit_2(cli("ipsswm", "--json", "-", stdin=b'{"\xff": 1}'), [("", "malformed")])


def test_cli_reads_no_more_than_the_limit_from_stdin():
    assert_exit_2(cli("ipsswm", "--json", "-", stdin=b" " * (50 * 1024 * 1024)), [("", "too_large")])


def test_cli_hundred_thousand_digit_number():
    text = json.dumps({**IPSSWM, "m_protein": "2." + "0" * 70_000 + "1"})
    assert_exit_2(cli("ipsswm", "--json", "-", stdin=text.encode()), [("", "too_large")])
    text = json.dumps({**IPSSWM, "m_protein": "2." + "0" * 30_000 + "1"})
    assert_exit_2(cli("ipsswm", "--json", "-", stdin=text.encode()), [("m_protein", "not_a_number")])


def test_cli_valid_input_still_exits_0():
    done = cli("ipsswm", "--json", ipsswm_json("7.00000000000000000001"))
    assert done.returncode == 0 and json.loads(done.stdout)["category"] == "high"
