"""Every calculator once through its own form in the browser: the result Pyodide shows is the one
CPython computes for the same entries, and a bad entry is refused at its field with no result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import calculators

CASES = Path(__file__).resolve().parents[1] / "cases"
READY_MS = 30000


def form_values(desc: dict, inputs: dict) -> dict:
    """What the form will hold for these inputs: text, a unit choice, an option value."""
    values = {}
    for spec in desc["inputs"]:
        raw = inputs.get(spec["id"])
        if isinstance(raw, dict):
            values[spec["id"]] = (str(raw.get("value", "")), raw.get("unit"))
        elif isinstance(raw, bool):
            values[spec["id"]] = ("yes" if raw else "no", None)
        elif raw is None:
            values[spec["id"]] = ("", None)
        else:
            values[spec["id"]] = (str(raw), None)
    return values


def as_sent(desc: dict, values: dict) -> dict:
    """The inputs exactly as calc-page.js sends them to Python."""
    sent = {}
    for spec in desc["inputs"]:
        text, unit = values[spec["id"]]
        if spec["kind"] == "measured" and len(spec["units"]) > 1:
            sent[spec["id"]] = {"value": text, "unit": unit or spec["units"][0]["label"]}
        else:
            sent[spec["id"]] = text
    return sent


def representable(desc: dict, inputs) -> bool:
    if not isinstance(inputs, dict) or set(inputs) - {i["id"] for i in desc["inputs"]}:
        return False
    for spec in desc["inputs"]:
        raw = inputs.get(spec["id"])
        if isinstance(raw, dict) and (set(raw) - {"value", "unit"} or spec["kind"] != "measured"):
            return False
        if isinstance(raw, dict) and raw.get("unit") not in [u["label"] for u in spec["units"]]:
            return False
        if spec["kind"] == "choice" and raw not in (None, True, False, *[c["value"] for c in spec["choices"]]):
            return False
        if isinstance(raw, float) and raw != raw:
            return False
    return True


def pick_cases(calc_id: str) -> tuple[dict, dict | None]:
    desc = calculators.describe(calc_id)
    valid, invalid = None, None
    for case in json.loads((CASES / f"{calc_id}.json").read_text()):
        if not representable(desc, case["inputs"]):
            continue
        sent = as_sent(desc, form_values(desc, case["inputs"]))
        out = calculators.run(calc_id, sent)
        if "errors" not in out and (
            valid is None or len(out.get("factors") or []) > len(valid[1].get("factors") or [])
        ):
            valid = (sent, out, form_values(desc, case["inputs"]))
        elif "errors" in out and invalid is None and all(e["input"] for e in out["errors"]):
            invalid = (sent, out, form_values(desc, case["inputs"]))
    assert valid is not None, f"no valid case for {calc_id} in tests/cases"
    return valid, invalid


def fill(page, calc_id: str, values: dict) -> None:
    form = f'form[data-calculator="{calc_id}"]'
    desc = {i["id"]: i for i in calculators.describe(calc_id)["inputs"]}
    for input_id, (text, unit) in values.items():
        if desc[input_id]["kind"] == "choice":  # segmented radio buttons, one per choice
            radios = f"{form} input[type=radio][name={input_id}]"
            if text or page.locator(f"{radios}[value='']").count():
                page.check(f"{radios}[value='{text}']")
            else:  # a required question left unanswered: no button pressed
                page.eval_on_selector_all(radios, "rs => rs.forEach((r) => { r.checked = false; })")
        else:
            page.fill(f"{form} [name={input_id}]", text)
        if unit:
            page.select_option(f"{form} [name={input_id}__unit]", unit)


def page_of(calc_id: str) -> str:
    return f"/calculators/{calc_id}/"


@pytest.mark.parametrize("calc_id", calculators.calculator_ids())
def test_form_result_matches_cpython_and_bad_input_is_refused(recorded, calc_id):
    (_, expected, values), invalid = pick_cases(calc_id)
    session = recorded()
    page = session.open(page_of(calc_id))
    form = f'form[data-calculator="{calc_id}"]'
    region = f'[data-calculator-result="{calc_id}"]'
    page.wait_for_selector(f'{form}[data-state="ready"]', timeout=READY_MS)

    fill(page, calc_id, values)
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector(f"{region}:not([hidden])")
    if expected.get("score") is not None:
        assert page.get_attribute(region, "data-score") == str(expected["score"])
    if expected.get("category"):
        assert page.get_attribute(region, "data-category") == expected["category"]
    shown = page.eval_on_selector_all(
        f"{region} tr[data-criterion]", "rows => rows.map(r => [r.dataset.criterion, r.dataset.met])"
    )
    assert shown == [[c["id"], json.dumps(c["met"])] for c in expected["criteria"]]

    if invalid is not None:
        _, errors, bad_values = invalid
        page.click(f"{form} button[type=reset]")
        fill(page, calc_id, bad_values)
        page.click(f"{form} button[type=submit]")
        first = errors["errors"][0]
        message = page.locator(f"#{calc_id}-{first['input']}-error")
        message.wait_for(state="visible")
        assert message.inner_text() == first["message"]
        assert page.get_attribute(f"#{calc_id}-{first['input']}", "aria-invalid") == "true"
        assert page.is_hidden(region)
        assert page.get_attribute(region, "data-score") is None
    assert session.errors == []
    assert session.foreign_requests() == []


def test_copy_result_gives_a_plain_text_note(recorded):
    session = recorded(permissions=["clipboard-read", "clipboard-write"])
    page = session.open(page_of("ipsswm"))
    form = 'form[data-calculator="ipsswm"]'
    page.wait_for_selector(f'{form}[data-state="ready"]', timeout=READY_MS)
    fill(
        page,
        "ipsswm",
        {
            "age_years": ("70", None),
            "hemoglobin": ("110", "g/L"),
            "platelets": ("150", None),
            "beta2m": ("3.5", None),
            "m_protein": ("2", None),
        },
    )
    page.click(f"{form} button[type=submit]")
    page.click('[data-calculator-result="ipsswm"] [data-copy-result]')
    page.wait_for_selector(".igm-result__copied:has-text('Copied')")
    text = page.evaluate("navigator.clipboard.readText()")
    version = calculators.describe("ipsswm")["version"]
    assert f"version {version}" in text
    assert "Haemoglobin: 110 g/L" in text
    assert "score 3 of 5" in text.lower() and "High risk" in text
    assert "PMID 19196866" in text
    assert "\n" in text and "<" not in text
    # Only the unit chosen for haemoglobin is remembered (a setting of this browser), never an entry.
    stored = page.evaluate("[document.cookie, {...localStorage}, sessionStorage.length]")
    assert stored[0] == "" and stored[2] == 0 and list(stored[1]) == ["igm-guide.units"]
    assert json.loads(stored[1]["igm-guide.units"]) == {"hemoglobin": "g/L"}
