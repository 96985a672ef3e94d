"""Keyboard only, on a phone-sized screen with the result panel pinned to the bottom: every field is reached
with Tab and never hidden under the panel, Calculate moves focus to the result, and the panel's details open
from the keyboard. The page's result text is Python's own, word for word."""

from __future__ import annotations

import json

import pytest

import calculators
from tests.browser.reader import form, result, wait_ready

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ENTRIES = {"age_years": "72", "hemoglobin": "10.2", "platelets": "150", "beta2m": "3.5", "m_protein": "2.1"}


def focused_box(page) -> dict:
    return page.evaluate(
        """() => { const r = document.activeElement.getBoundingClientRect();
                   const panel = document.querySelector("[data-calculator-panel]").getBoundingClientRect();
                   return { top: r.top, bottom: r.bottom, panelTop: panel.top, name: document.activeElement.name }; }"""
    )


def test_keyboard_only_with_the_pinned_panel(recorded):
    page = recorded(viewport=PHONE).open("/calculators/ipsswm/")
    wait_ready(page, "ipsswm")
    page.focus(f"{form('ipsswm')} [name=age_years]")
    for name, value in ENTRIES.items():
        while page.evaluate("document.activeElement.name") != name:
            page.keyboard.press("Tab")
        box = focused_box(page)
        # Focus is never obscured by the pinned panel (WCAG 2.4.11).
        assert box["top"] >= 0 and box["bottom"] <= box["panelTop"], box
        page.keyboard.type(value)
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => document.activeElement?.closest('{result('ipsswm')}') && document.activeElement.matches('.igm-result__headline')"
    )
    headline = page.locator(f"{result('ipsswm')} .igm-result__headline").bounding_box()
    assert headline["y"] >= 0 and headline["y"] + headline["height"] <= PHONE["height"]
    # Collapsed: only the headline shows; "Details" opens the rest, from the keyboard.
    table = page.locator(f"{result('ipsswm')} table")
    assert not table.is_visible()
    toggle = page.locator('[data-calculator-panel="ipsswm"] [data-panel-toggle]')
    while not page.evaluate("document.activeElement.matches('[data-panel-toggle]')"):
        page.keyboard.press("Shift+Tab")
    assert toggle.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert table.is_visible()
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring == "solid"


def sent(entries: dict) -> dict:
    desc = {i["id"]: i for i in calculators.describe("ipsswm")["inputs"]}
    return {
        k: {"value": v, "unit": desc[k]["units"][0]["label"]} if len(desc[k]["units"]) > 1 else v
        for k, v in entries.items()
    }


def test_the_page_shows_and_copies_pythons_own_text(recorded):
    expected = calculators.run("ipsswm", sent(ENTRIES))
    if "headline" not in expected or "copy" not in expected:
        pytest.skip("this engine gives no result text yet (headline, copy)")
    session = recorded(permissions=["clipboard-read", "clipboard-write"])
    page = session.open("/calculators/ipsswm/")
    wait_ready(page, "ipsswm")
    for name, value in ENTRIES.items():
        page.fill(f"{form('ipsswm')} [name={name}]", value)
    region = result("ipsswm")
    page.wait_for_selector(f"{region}[data-category]")
    assert page.inner_text(f"{region} .igm-result__headline") == expected["headline"]
    rows = page.eval_on_selector_all(
        f"{region} tr[data-criterion] td:first-child", "cells => cells.map((c) => c.innerText)"
    )
    assert rows == [c["text"] for c in expected["criteria"]]
    outcomes = page.eval_on_selector_all(f"{region} .igm-result__outcome li", "items => items.map((i) => i.innerText)")
    assert outcomes == [o["text"] for o in expected["outcome"]]
    steps = page.eval_on_selector_all(
        f"{region} .igm-result__next li", "items => items.map((i) => i.firstChild.textContent)"
    )
    given = [s["text"] for s in expected["next_steps"] if not s.get("none") and s["text"] != expected["headline"]]
    assert steps == given
    none = [s["text"] for s in expected["next_steps"] if s.get("none")]
    assert page.locator(f"{region} .igm-result__none").all_inner_texts() == none
    references = page.eval_on_selector_all(
        f"{region} .igm-references li", "items => items.map((i) => i.firstChild.textContent)"
    )
    assert references == [r["text"] for r in expected["references"]]
    for which, button in (("full", "[data-copy-result]"), ("summary", "[data-copy-summary]")):
        page.click(f"{region} {button}")
        page.wait_for_selector(f"{region} .igm-result__copied:has-text('Copied')")
        copied = page.evaluate("navigator.clipboard.readText()")
        # Python's text, with Python's lines saying when and where it was computed, and that it is not approved.
        said = [expected["copy"]["provenance"].split("{computed}")[0], expected["copy"]["not_approved"]]
        if which == "full":
            lines = copied.split("\n")
            assert lines[1].startswith(said[0]) and lines[2] == said[1], lines[:3]
            assert "\n".join(lines[:1] + lines[3:]) == expected["copy"]["full"]
        else:
            assert copied.startswith(expected["copy"]["summary"] + " " + said[0]) and copied.endswith(said[1])
        page.evaluate(f"document.querySelector('{region} .igm-result__copied').textContent = ''")
    assert json.dumps(expected["copy"]).count("<") == 0
