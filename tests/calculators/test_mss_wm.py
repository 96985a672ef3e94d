"""MSS-WM against Zanwar 2024 (J Clin Oncol, DOI 10.1200/JCO.23.02066), spec §4: age bands in completed
years, LDH strictly above the laboratory's own upper limit (in either unit), albumin < 3.5,
and an independent oracle (integer cross-multiplication) over a grid around every threshold."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import compute, run

from .common import around, compare, error_codes, valid_inputs

NORMAL = {"age_years": 60, "ldh": 180, "ldh_uln": 225, "albumin": 4}


def mss(**changes):
    return compute("mss_wm", {**NORMAL, **changes}).to_dict()


@pytest.mark.parametrize(
    ("changes", "derivation", "validation"),
    [
        ({}, "93%", "93%"),
        ({"age_years": 70}, "82%", "90%"),
        ({"age_years": 80}, "69%", "75%"),
        ({"age_years": 80, "albumin": 3}, "55%", "57%"),
    ],
)
def test_outcome_follows_category(changes, derivation, validation):
    assert [o["value"] for o in mss(**changes)["outcome"]] == [derivation, validation]


def test_max_score_counts_the_age_bands_once():
    assert mss()["max_score"] == 5


def test_uln_outside_usual_range_warns_but_computes():
    result = mss(ldh_uln=600)
    assert result["category"] == "low"
    assert any(w["input"] == "ldh_uln" for w in result["warnings"])


def test_missing_uln_is_never_assumed():
    # No default upper limit (250, 225, ...) is ever filled in.
    assert error_codes("mss_wm", {"age_years": 60, "ldh": 400, "albumin": 4}) == [("ldh_uln", "required")]


# --- independent oracle: integer cross-multiplication, written without the engine ---

LDH = [("U/L", v) for v in ("224", "225", "226", "224.9", "225.1")] + [("µkat/L", v) for v in around("3.75")]
ULN = [("U/L", "225"), ("µkat/L", "3.75"), ("U/L", "250")]
ALB = [("g/dL", v) for v in around("3.5")] + [("g/L", v) for v in around("35")]


def oracle(age: str, ldh, uln, alb) -> tuple[int, str]:
    years = int(age.split(".")[0])
    points = 0 if years <= 65 else 1 if years <= 75 else 2
    # LDH × f_ldh > ULN × f_uln, both to U/L: cross-multiply the decimal fractions.
    f_ldh = 60 if ldh[0] == "µkat/L" else 1
    f_uln = 60 if uln[0] == "µkat/L" else 1
    ln, ld = (int(ldh[1].replace(".", "")), 10 ** len(ldh[1].partition(".")[2]))
    un, ud = (int(uln[1].replace(".", "")), 10 ** len(uln[1].partition(".")[2]))
    points += 2 if ln * f_ldh * ud > un * f_uln * ld else 0
    points += compare(alb[1], "<", "3.5" if alb[0] == "g/dL" else "35")
    return points, ["low", "low_intermediate", "intermediate", "high", "high", "high"][points]


def test_engine_matches_independent_oracle_over_boundary_grid():
    ages = ["65", "65.9", "66", "75", "75.5", "76"]
    checked = 0
    for age, ldh, uln, alb in itertools.product(ages, LDH, ULN, ALB):
        inputs = {
            "age_years": age,
            "ldh": {"value": ldh[1], "unit": ldh[0]},
            "ldh_uln": {"value": uln[1], "unit": uln[0]},
            "albumin": {"value": alb[1], "unit": alb[0]},
        }
        result = compute("mss_wm", inputs)
        assert (result.score, result.category) == oracle(age, ldh, uln, alb), inputs
        checked += 1
    assert checked == 6 * 8 * 3 * 6


@settings(max_examples=300, deadline=None)
@given(valid_inputs("mss_wm"))
def test_valid_input_never_raises_and_stays_in_range(inputs):
    result = run("mss_wm", inputs)
    assert "errors" not in result, result
    assert 0 <= result["score"] <= 5
    assert result["category"] in {"low", "low_intermediate", "intermediate", "high"}


@settings(max_examples=200, deadline=None)
@given(
    st.integers(18, 109),
    st.integers(60, 900),
    st.integers(150, 500),
    st.integers(15, 60),
    st.sampled_from(["age_years", "ldh", "albumin", "ldh_uln"]),
)
def test_score_is_monotone_in_each_adverse_direction(age, ldh, uln, alb_tenths, which):
    base = {"age_years": age, "ldh": ldh, "ldh_uln": uln, "albumin": f"{alb_tenths / 10:.1f}"}
    worse = dict(base)
    if which == "albumin":
        worse["albumin"] = f"{max(alb_tenths - 3, 10) / 10:.1f}"
    elif which == "ldh_uln":
        worse["ldh_uln"] = uln - 1  # a lower upper limit can only make LDH 'above' it
    else:
        worse[which] = base[which] + 1
    assert compute("mss_wm", worse).score >= compute("mss_wm", base).score
