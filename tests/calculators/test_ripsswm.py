"""rIPSSWM against Kastritis 2019 (Leukemia 33:2654), spec §3: each threshold on both sides in every
unit, the age bands in completed years, the pitfalls (P1, P2, P6, P8), and an independent
oracle (integer cross-multiplication) over a grid around every threshold."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import compute, run

from .common import around, compare, error_codes, valid_inputs

NORMAL = {"age_years": 60, "beta2m": 2, "ldh": 180, "albumin": 4}


def ripss(**changes):
    return compute("ripsswm", {**NORMAL, **changes}).to_dict()


@pytest.mark.parametrize(
    ("category", "death3", "os10"),
    [
        ("very_low", "0%", "84%"),
        ("low", "10%", "59%"),
        ("intermediate", "14%", "37%"),
        ("high", "38%", "19%"),
        ("very_high", "48%", "9%"),
    ],
)
def test_outcome_follows_category(category, death3, os10):
    examples = {
        "very_low": {},
        "low": {"age_years": 70},
        "intermediate": {"age_years": 80},
        "high": {"age_years": 80, "beta2m": 5},
        "very_high": {"age_years": 80, "beta2m": 5, "ldh": 260},
    }
    result = ripss(**examples[category])
    assert result["category"] == category
    assert [o["value"] for o in result["outcome"]][:2] == [death3, os10]
    assert result["outcome"][2]["verification"] == "V2"  # 5-y OS from BMJ Best Practice, not the primary


def test_p8_normal_albumin_never_scores():
    # The Danish code's `ALB > 35 -> 1` inverts the factor; a normal albumin of 4.0 g/dL must score 0.
    assert ripss(albumin="4.0")["points"]["albumin"] == 0
    assert ripss(albumin={"value": 40, "unit": "g/L"})["points"]["albumin"] == 0
    assert ripss(albumin="3.0")["points"]["albumin"] == 1


def test_p1_exact_unit_conversion_at_the_ldh_boundary():
    # 250 U/L is 25/6 µkat/L, not a finite decimal: 4.1666 is below, 4.1667 above, never rounded.
    assert ripss(ldh={"value": "4.1666", "unit": "µkat/L"})["points"]["ldh"] == 0
    assert ripss(ldh={"value": "4.1667", "unit": "µkat/L"})["points"]["ldh"] == 1


def test_age_bands_are_exclusive_and_max_score_is_five():
    result = ripss(age_years=90, beta2m=9, ldh=900, albumin=2)
    assert result["score"] == result["max_score"] == 5
    assert [c["id"] for c in result["criteria"] if c["met"]] == ["age_76_plus", "beta2m", "ldh", "albumin"]


def test_missing_inputs_are_never_imputed():
    # Age 80 and β2M 9 already give 3 points; the missing LDH and albumin could only raise it, and still
    # no category is given.
    assert error_codes("ripsswm", {"age_years": 80, "beta2m": 9}) == [("ldh", "required"), ("albumin", "required")]


def test_ldh_above_normal_is_not_a_value():
    assert ("ldh", "not_a_number") in error_codes("ripsswm", {**NORMAL, "ldh": "above ULN"})


# --- independent oracle: integer cross-multiplication, written without the engine ---

B2M = {"mg/L": ("4", (1, 1)), "µg/mL": ("4", (1, 1)), "µg/L": ("4000", (1, 1)), "mg/dL": ("0.4", (1, 1))}
LDH = [("U/L", v) for v in ("249", "250", "251", "249.9", "250.1")] + [
    ("µkat/L", v) for v in ("4.16", "4.17", "4.1666", "4.1667")
]
ALB = {"g/dL": "3.5", "g/L": "35"}


def oracle(age: str, b2m: tuple[str, str], ldh: tuple[str, str], alb: tuple[str, str]) -> tuple[int, str]:
    years = int(age.split(".")[0])
    points = 0 if years <= 65 else 1 if years <= 75 else 2
    points += compare(b2m[0], ">=", B2M[b2m[1]][0])  # in the unit entered: same threshold, scaled
    ldh_factor = (60, 1) if ldh[0] == "µkat/L" else (1, 1)
    points += compare(ldh[1], ">=", "250", ldh_factor)
    points += compare(alb[0], "<", ALB[alb[1]])
    names = ["very_low", "low", "intermediate", "high", "very_high", "very_high"]
    return points, names[points]


def test_engine_matches_independent_oracle_over_boundary_grid():
    ages = ["64", "65", "65.9", "66", "75", "75.9", "76", "77"]
    b2ms = [(v, u) for u, (t, _) in B2M.items() for v in around(t)]
    albs = [(v, u) for u, t in ALB.items() for v in around(t)]
    checked = 0
    for age, b2m, ldh, alb in itertools.product(ages, b2ms, LDH, albs):
        inputs = {
            "age_years": age,
            "beta2m": {"value": b2m[0], "unit": b2m[1]},
            "ldh": {"value": ldh[1], "unit": ldh[0]},
            "albumin": {"value": alb[0], "unit": alb[1]},
        }
        result = compute("ripsswm", inputs)
        assert (result.score, result.category) == oracle(age, b2m, ldh, alb), inputs
        checked += 1
    assert checked == 8 * 12 * 9 * 6


@settings(max_examples=300, deadline=None)
@given(valid_inputs("ripsswm"))
def test_valid_input_never_raises_and_stays_in_range(inputs):
    result = run("ripsswm", inputs)
    assert "errors" not in result, result
    assert 0 <= result["score"] <= 5
    assert result["category"] in {"very_low", "low", "intermediate", "high", "very_high"}


@settings(max_examples=200, deadline=None)
@given(
    st.integers(18, 109),
    st.integers(1, 50),
    st.integers(60, 900),
    st.integers(15, 60),
    st.sampled_from(["age_years", "beta2m", "ldh", "albumin"]),
)
def test_score_is_monotone_in_each_adverse_direction(age, b2m, ldh, alb_tenths, which):
    base = {"age_years": age, "beta2m": b2m, "ldh": ldh, "albumin": f"{alb_tenths / 10:.1f}"}
    worse = dict(base)
    if which == "albumin":
        worse["albumin"] = f"{max(alb_tenths - 3, 10) / 10:.1f}"  # lower albumin is worse
    else:
        worse[which] = base[which] + 1
    assert compute("ripsswm", worse).score >= compute("ripsswm", base).score
