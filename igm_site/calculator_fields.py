"""One field of a calculator form, from its input declaration: a number with its unit, or a choice.

Choices are segmented radio buttons (one tap per answer, the way bedside calculators work): the radios share
the input id as their name, so `form.elements[id].value` reads a choice exactly as it read the old `<select>`.
The group itself carries the id `<calculator>-<input>`, where the field's error links and `aria-invalid` go.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from .html import E

__all__ = ["render_field"]

OPTIONAL_HELP = "Optional: if left empty, reported as not assessed."
# More options than this stay a <select>: a row of buttons that wraps over many lines is no longer one tap.
MAX_SEGMENTS = 6


def _help_text(spec: dict[str, Any]) -> str:
    units = spec.get("units", [])
    ranges = "; ".join(f"{u['minimum']}–{u['maximum']} {u['label']}" for u in units)
    parts = (spec.get("help", ""), f"Accepted: {ranges}." if ranges else "", OPTIONAL_HELP if spec["optional"] else "")
    return " ".join(t for t in parts if t)


def _describedby(base: str) -> str:
    return f"{base}-help {base}-error"


def _measured(base: str, spec: dict[str, Any]) -> list[etree.Element]:
    units = spec["units"]
    control = E(
        "input",
        {
            "id": base,
            "name": spec["id"],
            "type": "text",
            "inputmode": "numeric" if spec["integer"] else "decimal",
            "autocomplete": "off",
            "aria-describedby": _describedby(base),
        },
    )
    if len(units) > 1:
        unit = E(
            "select",
            {"id": f"{base}-unit", "name": f"{spec['id']}__unit", "aria-label": f"{spec['label']} unit"},
            *(E("option", {"value": u["label"]}, u["label"]) for u in units),
        )
    else:
        unit = E("span", {"class": "igm-field__unit"}, units[0]["label"])
    return [
        E("label", {"for": base, "class": "igm-field__label"}, spec["label"]),
        E("div", {"class": "igm-field__control"}, control, unit),
    ]


def _options(spec: dict[str, Any]) -> list[tuple[str, str]]:
    empty = [("", "Not assessed")] if spec["optional"] else []
    return empty + [(c["value"], c["label"]) for c in spec["choices"]]


def _segmented(base: str, spec: dict[str, Any]) -> list[etree.Element]:
    def radio(value: str, label: str) -> etree.Element:
        attrs = {"type": "radio", "name": spec["id"], "value": value, "id": f"{base}--{value or 'none'}"}
        # An optional question starts as "not assessed", which is what an empty answer means anyway.
        if spec["optional"] and value == "":
            attrs["checked"] = "checked"
        return E("label", {"class": "igm-choice__option"}, E("input", attrs), E("span", {}, label))

    return [
        E(
            "fieldset",
            {"id": base, "class": "igm-choice", "role": "radiogroup", "aria-describedby": _describedby(base)},
            E("legend", {"class": "igm-field__label"}, spec["label"]),
            E("div", {"class": "igm-choice__options"}, *(radio(v, label) for v, label in _options(spec))),
        )
    ]


def _select(base: str, spec: dict[str, Any]) -> list[etree.Element]:
    first = "Not assessed" if spec["optional"] else "Choose…"
    control = E(
        "select",
        {"id": base, "name": spec["id"], "aria-describedby": _describedby(base)},
        E("option", {"value": ""}, first),
        *(E("option", {"value": c["value"]}, c["label"]) for c in spec["choices"]),
    )
    return [
        E("label", {"for": base, "class": "igm-field__label"}, spec["label"]),
        E("div", {"class": "igm-field__control"}, control),
    ]


def render_field(calc_id: str, spec: dict[str, Any]) -> etree.Element:
    """`<div class="igm-field" data-input=ID>`: label, control(s), help, and the (hidden) error message."""
    base = f"{calc_id}-{spec['id']}"
    if spec["kind"] != "choice":
        parts, kind = _measured(base, spec), "measured"
    elif len(_options(spec)) <= MAX_SEGMENTS:
        parts, kind = _segmented(base, spec), "choice"
    else:
        parts, kind = _select(base, spec), "select"
    return E(
        "div",
        {"class": f"igm-field igm-field--{kind}", "data-input": spec["id"], "data-kind": kind},
        *parts,
        E("p", {"class": "igm-field__help", "id": f"{base}-help"}, _help_text(spec)),
        E("p", {"class": "igm-field__error", "id": f"{base}-error", "hidden": "hidden"}),
    )
