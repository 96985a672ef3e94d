"""IPSSWM against Morel 2009 (PMID 19196866), spec §2: each threshold on both sides, every unit,
the age rule, the native-unit rule, and an independent oracle over a grid."""

from __future__ import annotations

import itertools
import json
from decimal import Decimal

from calculators import compute, describe, run

NORMAL = {"age_years": 60, "hemoglobin": 13, "platelets": 250, "beta2m": 2, "m_protein": 2}


def ipss(**changes):
    return compute("ipsswm", {**NORMAL, **changes}).to_dict()


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
    assert [w["code"] for w in result["warnings"]] == ["integer_truncated"]


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
