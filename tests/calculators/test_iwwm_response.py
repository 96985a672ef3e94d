"""IWWM-6 response categories (Owen 2013, Br J Haematol 160:171), spec §9: every cut-off exactly (P1: an
exact 90% reduction is VGPR), progression from the nadir first, CR only with a normal marrow, the
flare and BTK-inhibitor warnings, inconsistent entries rejected, and an independent oracle."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import compute, run

from .common import bad_inputs, command_line, error_codes, same_for_every_answer, valid_inputs

BASE = {
    "ife": "positive", "igm_within_normal_range": "no", "bone_marrow": "abnormal", "emd_at_baseline": "no",
    "new_symptoms": "no", "pd_confirmed": "no",
}  # fmt: skip


def mg(value) -> dict:
    return {"value": value, "unit": "mg/dL"}


def resp(baseline, current, nadir=None, **changes):
    inputs = {**BASE, "baseline_igm": mg(baseline), "current_igm": mg(current), **changes}
    if nadir is not None:
        inputs["nadir_igm"] = mg(nadir)
    return compute("iwwm_response", inputs).to_dict()


# (baseline, current, nadir, changes, category), each from the IWWM-6 definitions in spec §9.
CASES = [
    (4000, 400, None, {}, "vgpr"),  # exactly 90%: VGPR (P1; a float test gives PR)
    (4000, 401, None, {}, "pr"),
    (4000, 2000, None, {}, "pr"),  # exactly 50%
    (4000, 2001, None, {}, "mr"),
    (4000, 3000, None, {}, "mr"),  # exactly 25%
    (4000, 3001, None, {}, "sd"),
    (4000, 4999, None, {}, "sd"),  # +24.975%
    (4000, 5000, None, {}, "pd_unconfirmed"),  # +25% from baseline (no lower value entered)
    (4000, 5000, None, {"pd_confirmed": "yes"}, "pd"),
    (4000, 500, 400, {}, "pd_unconfirmed"),  # +25% from the nadir, though still 87.5% below baseline
    (4000, 499, 400, {}, "pr"),
    (4000, 300, None, {"emd_at_baseline": "yes", "emd_status": "reduced"}, "pr"),  # ≥90% but EMD not resolved
    (4000, 300, None, {"emd_at_baseline": "yes", "emd_status": "resolved"}, "vgpr"),
    (4000, 3500, None, {"new_symptoms": "yes"}, "pd_unconfirmed"),  # clinical progression
    (4000, 300, None, {"new_symptoms": "yes", "pd_confirmed": "yes"}, "pd"),  # new symptoms exclude VGPR
    (4000, 100, None, {"ife": "negative", "igm_within_normal_range": "yes", "bone_marrow": "normal"}, "cr"),
    (4000, 100, None, {"ife": "negative", "igm_within_normal_range": "yes", "bone_marrow": "not_done"}, "vgpr"),
    (4000, 100, None, {"ife": "negative", "igm_within_normal_range": "no", "bone_marrow": "normal"}, "vgpr"),
    (4000, 100, None, {"ife": "negative", "igm_within_normal_range": "yes", "bone_marrow": "normal",
                       "emd_at_baseline": "yes", "emd_status": "reduced"}, "pr"),
]  # fmt: skip


@pytest.mark.parametrize(("baseline", "current", "nadir", "changes", "category"), CASES)
def test_iwwm6_definitions(baseline, current, nadir, changes, category):
    assert resp(baseline, current, nadir, **changes)["category"] == category


def test_p1_every_exact_ninety_percent_reduction_is_vgpr():
    # The float test `current / baseline <= 1 - 0.90` fails on these; 991 exact-boundary pairs.
    for baseline in range(100, 10001, 10):
        assert resp(baseline, baseline // 10)["category"] == "vgpr", baseline


def test_percentages_are_reported_exactly():
    result = resp(4000, 2500, 2000)
    assert result["reduction_pct"] == "37.5" and result["increase_from_nadir_pct"] == "25"
    assert resp(3000, 1000)["reduction_pct"] == "66.666667"


def test_cr_not_confirmable_without_marrow():
    result = resp(4000, 100, ife="negative", igm_within_normal_range="yes", bone_marrow="not_done")
    assert any("CR not confirmable" in w["message"] for w in result["warnings"])


def test_flare_warning_within_about_four_months_of_rituximab():
    def flare(weeks):
        return any("flare" in w["message"] for w in resp(4000, 5000, weeks_since_rituximab_start=weeks)["warnings"])

    assert flare(17) and flare(0) and not flare(18)
    assert not any("flare" in w["message"] for w in resp(4000, 5000)["warnings"])


def test_btk_inhibitor_discordance_warning_with_a_reduction_response():
    assert any("BTK" in w["message"] for w in resp(4000, 1000)["warnings"])
    assert not any("BTK" in w["message"] for w in resp(4000, 4000)["warnings"])


def test_missing_nadir_is_said_not_hidden():
    result = resp(4000, 1000)
    assert result["nadir_used"]["source"].startswith("lowest")
    assert any(w["input"] == "nadir_igm" for w in result["warnings"])
    assert resp(4000, 1000, 900)["nadir_used"]["source"] == "entered"


def test_mixed_units_are_exact_but_warned():
    inputs = {**BASE, "baseline_igm": {"value": 40, "unit": "g/L"}, "current_igm": {"value": "0.4", "unit": "g/dL"}}
    result = run("iwwm_response", inputs)
    assert result["category"] == "vgpr"
    assert any("one laboratory" in w["message"] for w in result["warnings"])


INCONSISTENT = [
    ({"baseline_igm": mg(0), "current_igm": mg(10)}, "baseline_igm", "out_of_range"),
    ({"baseline_igm": mg(4000), "current_igm": mg(3000), "nadir_igm": mg(5000)}, "nadir_igm", "inconsistent"),
    ({"baseline_igm": mg(4000), "current_igm": mg(300), "nadir_igm": mg(400)}, "nadir_igm", "inconsistent"),
    ({"baseline_igm": mg(4000), "current_igm": mg(300), "nadir_igm": mg(0)}, "nadir_igm", "out_of_range"),
    ({"baseline_igm": mg(4000), "current_igm": mg(300), "emd_at_baseline": "yes"}, "emd_status", "required"),
    ({"baseline_igm": mg(4000), "current_igm": mg(300), "emd_status": "resolved"}, "emd_status", "inconsistent"),
]


@pytest.mark.parametrize(("changes", "input_id", "code"), INCONSISTENT)
def test_inconsistent_entries_are_rejected(changes, input_id, code):
    assert (input_id, code) in error_codes("iwwm_response", {**BASE, **changes})


VALID = {**BASE, "baseline_igm": 4, "current_igm": 2}
BAD = [*bad_inputs("iwwm_response", VALID), ({**VALID, "bone_marrow": "maybe"}, "bone_marrow", "invalid_choice")]


def test_there_are_at_least_twenty_bad_inputs():
    assert len(BAD) >= 20


@pytest.mark.parametrize(("inputs", "input_id", "code"), BAD)
def test_bad_input_is_rejected_at_its_field(inputs, input_id, code):
    result = run("iwwm_response", inputs)
    if code == "required" and "errors" not in result:
        # Only the questions that matter (issue 11): an empty answer that cannot change the result is not
        # required; check that against every answer.
        assert input_id in result["not_needed"]
        assert same_for_every_answer("iwwm_response", inputs, input_id)
        return
    assert (input_id, code) in error_codes("iwwm_response", inputs)


def test_missing_answers_are_never_assumed():
    codes = error_codes("iwwm_response", {"baseline_igm": 4, "current_igm": 1})
    assert {i for i, c in codes if c == "required"} == {
        "ife", "igm_within_normal_range", "bone_marrow", "emd_at_baseline", "new_symptoms", "pd_confirmed",
    }  # fmt: skip


# --- independent oracle: integer percentages of mg/dL values, written without the engine ---


def oracle(b: int, c: int, n: int | None, ife: str, normal: str, bm: str, emd: str, new: str) -> str:
    low = n if n is not None else min(b, c)
    emd_ok = emd in ("none", "resolved")
    if (c > low and 100 * (c - low) >= 25 * low) or new == "yes" or emd == "progressed":
        return "pd_unconfirmed"
    if ife == "negative" and normal == "yes" and bm == "normal" and emd_ok:
        return "cr"
    drop = 100 * (b - c)  # compare with 90 %, 50 %, 25 % of b×100
    if drop >= 90 * b:
        return "vgpr" if emd_ok else "pr"
    if drop >= 50 * b:
        return "pr"
    return "mr" if drop >= 25 * b else "sd"


def test_engine_matches_independent_oracle_over_boundary_grid():
    b = 4000
    currents = [399, 400, 401, 1999, 2000, 2001, 2999, 3000, 3001, 4999, 5000, 5001, 100]
    nadirs = [None, 300, 400, 100]
    checked = 0
    for c, n, ife, normal, bm, emd, new in itertools.product(
        currents,
        nadirs,
        ["positive", "negative"],
        ["yes", "no"],
        ["normal", "not_done"],
        ["none", "resolved", "reduced", "progressed"],
        ["no", "yes"],
    ):
        if n is not None and n > c:
            continue
        inputs = {**BASE, "baseline_igm": mg(b), "current_igm": mg(c), "ife": ife, "igm_within_normal_range": normal,
                  "bone_marrow": bm, "new_symptoms": new, "emd_at_baseline": "no" if emd == "none" else "yes"}  # fmt: skip
        if emd != "none":
            inputs["emd_status"] = emd
        if n is not None:
            inputs["nadir_igm"] = mg(n)
        assert run("iwwm_response", inputs)["category"] == oracle(b, c, n, ife, normal, bm, emd, new), inputs
        checked += 1
    assert checked > 1000


@settings(max_examples=300, deadline=None)
@given(valid_inputs("iwwm_response"))
def test_valid_input_either_computes_or_names_the_inconsistency(inputs):
    result = run("iwwm_response", inputs)
    if "errors" in result:
        assert {e["code"] for e in result["errors"]} <= {"inconsistent", "required", "out_of_range"}
        assert all(e["input"] in {"baseline_igm", "nadir_igm", "emd_status"} for e in result["errors"])
    else:
        assert result["category"] in {"cr", "vgpr", "pr", "mr", "sd", "pd", "pd_unconfirmed"}


RANK = {"sd": 0, "mr": 1, "pr": 2, "vgpr": 3}


@settings(max_examples=200, deadline=None)
@given(st.integers(100, 20000), st.integers(0, 20000), st.integers(0, 20000))
def test_a_lower_current_igm_never_gives_a_worse_reduction_category(baseline, c1, c2):
    lo, hi = sorted((min(c1, baseline), min(c2, baseline)))  # no rise: progression does not enter
    worse, better = resp(baseline, hi)["category"], resp(baseline, lo)["category"]
    assert RANK[better] >= RANK[worse]


def test_command_line():
    code, out = command_line("iwwm_response", {**BASE, "baseline_igm": 4, "current_igm": "0.4"})
    assert code == 0 and out["category"] == "vgpr"
    code, out = command_line("iwwm_response", {**BASE, "baseline_igm": 4})
    assert code == 2 and out["errors"][0]["input"] == "current_igm"
