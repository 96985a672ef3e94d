"""IPSSWM against Morel 2009 (PMID 19196866), spec §2: each threshold on both sides, every unit,
the age rule, the native-unit rule, bad input, and an independent oracle over a grid."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from decimal import Decimal

import pytest

from calculators import InvalidInput, compute, describe, run

NORMAL = {"age_years": 60, "hemoglobin": 13, "platelets": 250, "beta2m": 2, "m_protein": 2}


def ipss(**changes):
    return compute("ipsswm", {**NORMAL, **changes}).to_dict()


# (changes, expected factors, expected category): each line is a rule of Morel 2009 read literally.
CASES = [
    ({}, [], "low"),
    ({"age_years": 65}, [], "low"),  # "> 65": 65 is not advanced age
    ({"age_years": 66}, ["age"], "intermediate"),  # age alone is intermediate
    ({"age_years": "65.9"}, [], "low"),  # completed years: 65.9 is 65
    ({"hemoglobin": "11.5"}, ["hemoglobin"], "low"),  # "≤ 11.5 g/dL" includes 11.5
    ({"hemoglobin": "11.6"}, [], "low"),
    ({"hemoglobin": {"value": 115, "unit": "g/L"}}, ["hemoglobin"], "low"),
    ({"hemoglobin": {"value": 116, "unit": "g/L"}}, [], "low"),
    ({"hemoglobin": {"value": "7.14", "unit": "mmol/L"}}, ["hemoglobin"], "low"),  # native 7.14, not 11.505 g/dL
    ({"hemoglobin": {"value": "7.15", "unit": "mmol/L"}}, [], "low"),
    ({"platelets": 100}, ["platelets"], "low"),  # "≤ 100"
    ({"platelets": 101}, [], "low"),
    ({"platelets": {"value": 100000, "unit": "/µL"}}, ["platelets"], "low"),
    ({"platelets": {"value": 100001, "unit": "/µL"}}, [], "low"),
    ({"platelets": {"value": 100, "unit": "×10³/µL"}}, ["platelets"], "low"),
    ({"beta2m": 3}, [], "low"),  # "> 3 mg/L": 3.0 is not adverse
    ({"beta2m": "3.01"}, ["beta2m"], "low"),
    ({"beta2m": {"value": 3000, "unit": "µg/L"}}, [], "low"),
    ({"beta2m": {"value": 3001, "unit": "µg/L"}}, ["beta2m"], "low"),
    ({"beta2m": {"value": "0.31", "unit": "mg/dL"}}, ["beta2m"], "low"),
    ({"m_protein": 7}, [], "low"),  # "> 7.0 g/dL": 7.0 is not adverse
    ({"m_protein": "7.01"}, ["m_protein"], "low"),
    ({"m_protein": {"value": 70, "unit": "g/L"}}, [], "low"),
    ({"m_protein": {"value": 71, "unit": "g/L"}}, ["m_protein"], "low"),
    ({"m_protein": {"value": 7001, "unit": "mg/dL"}}, ["m_protein"], "low"),
    ({"hemoglobin": 10, "platelets": 90}, ["hemoglobin", "platelets"], "intermediate"),
    ({"age_years": 70, "beta2m": 4}, ["age", "beta2m"], "intermediate"),
    # Age plus 2 others is 3 factors: high (a public calculator calls it intermediate).
    ({"age_years": 70, "beta2m": 4, "m_protein": 8}, ["age", "beta2m", "m_protein"], "high"),
    ({"hemoglobin": 9, "platelets": 50, "beta2m": 5}, ["hemoglobin", "platelets", "beta2m"], "high"),
    (
        {"age_years": 80, "hemoglobin": 8, "platelets": 40, "beta2m": 9, "m_protein": 8},
        ["age", "hemoglobin", "platelets", "beta2m", "m_protein"],
        "high",
    ),
]


@pytest.mark.parametrize(("changes", "factors", "category"), CASES)
def test_published_rules(changes, factors, category):
    result = ipss(**changes)
    assert result["factors"] == factors
    assert result["score"] == len(factors)
    assert result["category"] == category


def test_result_shows_its_basis():
    result = ipss(age_years=70, hemoglobin={"value": 110, "unit": "g/L"})
    assert result["calculator"] == "ipsswm"
    assert result["version"] == describe("ipsswm")["version"]
    assert [c["met"] for c in result["criteria"]] == [True, True, False, False, False]
    assert result["criteria"][1]["compared"] == "110 ≤ 115 g/L"
    assert result["inputs"]["hemoglobin"] == {"value": "110", "unit": "g/L", "canonical": "11"}
    assert result["references"][0]["pmid"] == "19196866"
    assert {o["label"] for o in result["outcome"]} >= {"5-year overall survival"}
    json.dumps(result)  # JSON-ready


def test_outcome_follows_category():
    assert [o["value"] for o in ipss()["outcome"]][:2] == ["27%", "87%"]
    assert [o["value"] for o in ipss(age_years=70)["outcome"]][:2] == ["38%", "68%"]
    assert [o["value"] for o in ipss(hemoglobin=9, platelets=50, beta2m=5)["outcome"]][:2] == ["35%", "36%"]


def test_decimal_age_is_truncated_with_a_warning():
    result = ipss(age_years="66.5")
    assert result["inputs"]["age_years"]["value"] == "66"
    assert any("completed years" in w["message"] for w in result["warnings"])


BAD = [
    ({"age_years": None}, "age_years", "required"),
    ({"age_years": ""}, "age_years", "required"),
    ({"age_years": "abc"}, "age_years", "not_a_number"),
    ({"age_years": 17}, "age_years", "out_of_range"),
    ({"age_years": 111}, "age_years", "out_of_range"),
    ({"age_years": True}, "age_years", "not_a_number"),
    ({"age_years": float("nan")}, "age_years", "not_a_number"),
    ({"age_years": float("inf")}, "age_years", "not_a_number"),
    ({"hemoglobin": "11,5"}, "hemoglobin", "not_a_number"),
    ({"hemoglobin": "1e1"}, "hemoglobin", "not_a_number"),
    ({"hemoglobin": 2.9}, "hemoglobin", "out_of_range"),
    ({"hemoglobin": 115}, "hemoglobin", "out_of_range"),  # g/L typed into g/dL: caught, not guessed
    ({"hemoglobin": {"value": 11, "unit": "g/L"}}, "hemoglobin", "out_of_range"),
    ({"hemoglobin": {"value": 11, "unit": "mg/dL"}}, "hemoglobin", "unknown_unit"),
    ({"hemoglobin": {"value": 11, "unit": "g/dL", "extra": 1}}, "hemoglobin", "malformed"),
    ({"platelets": 0}, "platelets", "out_of_range"),
    ({"platelets": "-5"}, "platelets", "out_of_range"),
    ({"beta2m": {"value": 3, "unit": "nmol/L"}}, "beta2m", "unknown_unit"),
    ({"beta2m": "0.2"}, "beta2m", "out_of_range"),
    ({"m_protein": "-0.1"}, "m_protein", "out_of_range"),
    ({"m_protein": {"value": 21, "unit": "g/dL"}}, "m_protein", "out_of_range"),
    ({"ldh": 300}, "ldh", "unknown_input"),
]


@pytest.mark.parametrize(("changes", "input_id", "code"), BAD)
def test_bad_input_is_rejected_at_its_field(changes, input_id, code):
    with pytest.raises(InvalidInput) as caught:
        compute("ipsswm", {**NORMAL, **changes})
    problems = [(p.input, p.code) for p in caught.value.problems]
    assert (input_id, code) in problems
    assert all(p.message for p in caught.value.problems)


def test_missing_inputs_are_never_imputed():
    # The Danish script fills a missing factor when the others decide the category; we never do.
    errors = run("ipsswm", {"age_years": 80, "hemoglobin": 8, "platelets": 40})["errors"]
    assert [(e["input"], e["code"]) for e in errors] == [("beta2m", "required"), ("m_protein", "required")]


def test_soft_limit_warns_but_computes():
    result = ipss(beta2m=25)
    assert result["factors"] == ["beta2m"]
    assert any(w["input"] == "beta2m" for w in result["warnings"])


# --- independent oracle: decimals compared as published, written without the engine ---

HB = {"g/dL": "11.5", "g/L": "115", "mmol/L": "7.14"}
PLT = {"×10⁹/L": "100", "/µL": "100000"}
B2M = {"mg/L": "3", "µg/L": "3000"}
MP = {"g/dL": "7", "g/L": "70", "mg/dL": "7000"}


def around(threshold: str) -> list[str]:
    t = Decimal(threshold)
    step = Decimal(1).scaleb(t.as_tuple().exponent - 1)  # one digit finer than the threshold
    return [str(t - step), str(t), str(t + step)]


def oracle(age: int, hb, plt, b2m, mp) -> tuple[int, str]:
    adverse = {
        "age": age > 65,
        "hemoglobin": Decimal(hb[0]) <= Decimal(HB[hb[1]]),
        "platelets": Decimal(plt[0]) <= Decimal(PLT[plt[1]]),
        "beta2m": Decimal(b2m[0]) > Decimal(B2M[b2m[1]]),
        "m_protein": Decimal(mp[0]) > Decimal(MP[mp[1]]),
    }
    n = sum(adverse.values())
    if n > 2:
        return n, "high"
    if n == 2 or (n == 1 and adverse["age"]):
        return n, "intermediate"
    return n, "low"


def grid(table):
    return [(v, unit) for unit, threshold in table.items() for v in around(threshold)]


def test_engine_matches_independent_oracle_over_boundary_grid():
    checked = 0
    for age, hb, plt, b2m, mp in itertools.product([64, 65, 66], grid(HB), grid(PLT), grid(B2M), grid(MP)):
        inputs = {
            "age_years": age,
            "hemoglobin": {"value": hb[0], "unit": hb[1]},
            "platelets": {"value": plt[0], "unit": plt[1]},
            "beta2m": {"value": b2m[0], "unit": b2m[1]},
            "m_protein": {"value": mp[0], "unit": mp[1]},
        }
        result = compute("ipsswm", inputs)
        assert (result.score, result.category) == oracle(age, hb, plt, b2m, mp), inputs
        checked += 1
    assert checked == 3 * 9 * 6 * 6 * 9


def test_command_line(tmp_path):
    ok = subprocess.run(
        [sys.executable, "-m", "calculators", "ipsswm", "--json", json.dumps({**NORMAL, "age_years": 70})],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["category"] == "intermediate"
    bad = subprocess.run(
        [sys.executable, "-m", "calculators", "ipsswm", "--json", json.dumps({**NORMAL, "platelets": "lots"})],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2
    assert json.loads(bad.stdout)["errors"][0]["input"] == "platelets"
