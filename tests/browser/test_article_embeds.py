"""The calculators embedded in the free heavy IgM article (issue 10) work where the article discusses them.

An article loads no Python until the reader reaches a form; then the embedded form computes the same answer as
the calculator in CPython, on a phone-sized screen too. The expected text comes from `calculators.run` for the
same inputs (one source for every clinical string), never from wording typed into this test.
"""

from __future__ import annotations

import pytest

import calculators
from tests.browser.reader import calculate, form, result, wait_ready

pytestmark = pytest.mark.browser

ARTICLE = "/articles/free-heavy-igm/"
EMBEDDED = ("igm_classifier", "treatment_indication", "plasmapheresis_check")
# Asymptomatic, no rituximab planned, IgM 80 g/L: the case an independent review found falsely reassured.
HIGH_IGM = {
    "serum_igm": {"value": "80", "unit": "g/L"},
    "hvs_symptoms": "no",
    "severe_cryo_symptoms": "no",
    "rituximab_planned": "no",
}


def cpython_result(calc_id: str, entries: dict) -> dict:
    inputs = {
        k: ({"value": float(v["value"]), "unit": v["unit"]} if isinstance(v, dict) else v) for k, v in entries.items()
    }
    return calculators.run(calc_id, inputs)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_the_embedded_hyperviscosity_check_computes_in_the_article(recorded, viewport):
    session = recorded(viewport=viewport)
    page = session.open(ARTICLE)
    page.wait_for_load_state("networkidle")
    for calc_id in EMBEDDED:
        assert page.locator(form(calc_id)).count() == 1, calc_id
    assert not [url for url in session.requests if "pyodide" in url]  # nothing starts before the reader does

    calc_id = "plasmapheresis_check"
    page.locator(f"{form(calc_id)} [name=serum_igm]").focus()
    wait_ready(page, calc_id)
    calculate(page, calc_id, HIGH_IGM)
    expected = cpython_result(calc_id, HIGH_IGM)
    assert expected["high_risk_hyperviscosity"] is True and expected["measure_viscosity_now"] is True
    # The headline is visible; every other message is in the result (a narrow layout may fold some away).
    assert expected["headline"] in page.inner_text(result(calc_id))
    everything = page.text_content(result(calc_id))
    for message in expected["messages"]:
        assert message in everything
    assert session.foreign_requests() == [] and session.errors == []
