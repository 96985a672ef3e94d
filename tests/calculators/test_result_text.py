"""Result text produced by Python (issue 11): headline, next steps from the declaration with their sources,
a true statement for each criterion, the verification mark on each reference and outcome, and the copy
text. The browser only lays these out, so what is checked here is what a reader sees.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import pytest

from calculators import calculator_ids, run
from calculators.registry import CALCULATORS
from calculators.text import NO_NEXT_STEP, OUTCOME_MARK, REFERENCE_MARK, next_steps
from igm_site.calculator_form import VERIFICATION_NOTE
from igm_site.references import reference_links

from .cases import normal_inputs

IDS = calculator_ids()
# The keys a result had before issue 11: kept, never renamed or dropped.
OLD_KEYS = {
    "calculator", "title", "version", "scored", "score", "max_score", "category", "category_label",
    "category_rule", "factors", "points", "criteria", "not_assessed", "inputs", "inputs_not_entered", "outcome",
    "summary", "statements", "references", "warnings",
}  # fmt: skip


def _steps_declared(calc):
    for category in calc.categories:
        yield from category.next_steps
    for _, _, steps in calc.next_steps_by:
        yield from steps
    yield from calc.next_steps


@pytest.mark.parametrize("calculator", IDS)
def test_every_next_step_cites_a_reference_of_its_calculator(calculator):
    calc = CALCULATORS[calculator]
    ids = {r.id for r in calc.references}
    for step in _steps_declared(calc):
        assert step.text.strip() and step.source in ids, (calculator, step)


CATEGORIES = [(c, k.id) for c in IDS for k in CALCULATORS[c].categories] + [
    (c, None) for c in IDS if not CALCULATORS[c].categories
]


@pytest.mark.parametrize(("calculator", "category"), CATEGORIES)
def test_every_category_says_its_next_steps_or_that_the_source_gives_none(calculator, category):
    calc = CALCULATORS[calculator]
    steps = next_steps(calc, calc.category(category) if category else None, {})
    assert steps
    ids = {r.id for r in calc.references}
    for step in steps:
        assert (step["text"], step["source"]) == (NO_NEXT_STEP, "") or step["source"] in ids


@pytest.mark.parametrize("calculator", IDS)
def test_a_result_keeps_its_keys_and_adds_the_text(calculator):
    result = run(calculator, normal_inputs(calculator))
    assert set(result) >= OLD_KEYS
    assert result["headline"] and result["next_steps"]
    assert all(c["text"].startswith(c["label"] + ": ") for c in result["criteria"])
    assert set(result["copy"]) >= {"summary", "full", "provenance", "not_approved"}


@pytest.mark.parametrize("calculator", IDS)
def test_the_verification_mark_is_kept_in_the_result_and_the_copy(calculator):
    result = run(calculator, normal_inputs(calculator))
    for ref, shown in zip(CALCULATORS[calculator].references, result["references"], strict=True):
        mark = REFERENCE_MARK.get(ref.verification, "")
        assert shown["verification_mark"] == mark
        assert shown["text"].startswith(ref.citation)
        assert (mark in shown["text"]) if mark else ("not yet checked" not in shown["text"])
        assert shown["text"] in result["copy"]["full"]
    for outcome in result["outcome"]:
        assert outcome["text"].endswith(OUTCOME_MARK.get(outcome["verification"], outcome["value"]))
        assert outcome["text"] in result["copy"]["full"]


def test_an_unverified_reference_is_marked_in_the_copied_note():
    # ESMO 2018 is V2 (content through a secondary source): the page flags it, so must the note.
    result = run("plasmapheresis_check", {"hvs_symptoms": "yes"})
    esmo = next(r for r in result["references"] if r["id"] == "esmo2018")
    assert esmo["verification_mark"] == "Identifier not yet checked against the source."
    assert esmo["text"] in result["copy"]["full"]


def test_the_page_and_the_result_use_the_same_marks():
    for verification, mark in REFERENCE_MARK.items():
        parts = reference_links({"verification": verification})
        spans = [p for p in parts if isinstance(p, etree.Element)]
        assert [s.text.strip() for s in spans] == [mark]
    assert reference_links({"verification": "V"}) == []
    assert VERIFICATION_NOTE == OUTCOME_MARK


def test_the_headline_states_the_category_and_its_key_outcome():
    result = run("ipsswm", {"age_years": 72, "hemoglobin": 10.2, "platelets": 150, "beta2m": 3.5, "m_protein": 2.1})
    category = CALCULATORS["ipsswm"].category(result["category"])
    survival = next(o for o in category.outcomes if o.label == "5-year overall survival")
    assert result["headline"].startswith(category.label + " — ")
    assert f"5-year overall survival: {survival.value}" in result["headline"]
    assert f"score {result['score']} of {result['max_score']}" in result["headline"]


@pytest.mark.parametrize("calculator", [c for c in IDS if CALCULATORS[c].categories])
def test_the_headline_starts_with_the_category(calculator):
    result = run(calculator, normal_inputs(calculator))
    if result["category"] is not None:
        assert result["headline"].startswith(result["category_label"])


def test_a_criterion_line_is_a_true_statement():
    result = run("ipsswm", normal_inputs("ipsswm"))
    platelets = next(c for c in result["criteria"] if c["id"] == "platelets")
    value = result["inputs"]["platelets"]["value"]
    assert platelets["text"] == f"Platelets ≤ 100 ×10⁹/L: not met (entered: {value} ×10⁹/L)"
    assert f"{value} ≤" not in platelets["text"]


@pytest.mark.parametrize("calculator", IDS)
def test_the_copy_summary_is_one_line_and_the_full_note_says_everything(calculator):
    result = run(calculator, normal_inputs(calculator))
    summary, full = result["copy"]["summary"], result["copy"]["full"]
    assert "\n" not in summary and result["headline"] in summary
    for text in [
        result["headline"],
        *(c["text"] for c in result["criteria"]),
        *(s["text"] for s in result["next_steps"] if not s.get("none")),
    ]:
        assert text in full
    # "No next step given" is an absence: the note leaves it out, and cites by number, never by internal key.
    assert NO_NEXT_STEP not in full
    assert not any(f"[{ref['id']}]" in full for ref in result["references"])
    lines = [line for line in full.splitlines() if len(line) > 40]
    assert len(lines) == len(set(lines)), "a statement is said twice"
    for warning in result["warnings"]:
        assert warning["message"] in full


def test_next_steps_come_from_the_declaration_for_the_category():
    result = run("mayo_mgus", {**normal_inputs("mayo_mgus"), "isotype": "IgM"})
    declared = CALCULATORS["mayo_mgus"].category(result["category"]).next_steps
    assert result["next_steps"] == [{"text": s.text, "source": s.source} for s in declared]
    urgent = run("treatment_indication", {"symptomatic_hyperviscosity": "yes"})
    assert urgent["next_steps"][0]["source"] == "kapoor2017"  # the one urgent message (issue 18): mSMART 2016


@pytest.mark.parametrize("calculator", IDS)
def test_each_criterion_line_is_its_status_and_what_was_entered(calculator):
    result = run(calculator, normal_inputs(calculator))
    for c in result["criteria"]:
        assert c["status_text"] in {"met", "not met", "not assessed", "not needed for this result"}
        entered = f" (entered: {c['entered']})" if c["entered"] else ""
        assert c["text"] == f"{c['label']}: {c['status_text']}{entered}"
        assert (c["status_text"] == "met") == (c["met"] is True)


def test_the_note_says_where_it_came_from_once_the_page_fills_it_in():
    result = run("ipsswm", normal_inputs("ipsswm"))
    version = CALCULATORS["ipsswm"].version
    assert (
        result["copy"]["provenance"] == f"Computed {{computed}} with IgM Guide, {{page}}, calculator version {version}."
    )
    assert "not yet approved by a clinical reviewer" in result["copy"]["not_approved"].lower()


def test_a_next_step_the_headline_already_says_is_not_repeated_in_the_note():
    result = run("plasmapheresis_check", {"hvs_symptoms": "yes"})
    full = result["copy"]["full"]
    assert full.count(result["headline"]) == 1
    assert re.search(rf"Result: {re.escape(result['headline'])} \[\d+\]", full)
