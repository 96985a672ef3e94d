"""The static HTML of a calculator, from its declaration: the form (readable and fillable without
JavaScript), and the criteria, category, notes and reference tables a reader can use by hand.

The DOM contract the page script and the tests rely on: `<form data-calculator=ID data-state=...>`,
inputs named by input id, unit selects named `<id>__unit`, a result region `[data-calculator-result]`.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from .html import E
from .references import reference_links

__all__ = ["render_calculator"]

VERIFICATION_NOTE = {"V2": " (secondary source)", "R": " (unverified)"}


def _field(calc_id: str, spec: dict[str, Any]) -> etree.Element:
    base = f"{calc_id}-{spec['id']}"
    help_id, error_id = f"{base}-help", f"{base}-error"
    units = spec.get("units", [])
    ranges = "; ".join(f"{u['minimum']}–{u['maximum']} {u['label']}" for u in units)
    optional = "Optional: if left empty, reported as not assessed."
    help_text = " ".join(
        t
        for t in (
            spec.get("help", ""),
            f"Accepted: {ranges}." if ranges else "",
            optional if spec.get("optional") else "",
        )
        if t
    )
    if spec["kind"] == "choice":
        control = E(
            "select",
            {"id": base, "name": spec["id"], "aria-describedby": f"{help_id} {error_id}"},
            E("option", {"value": ""}, "Not assessed" if spec.get("optional") else "Choose…"),
            *(E("option", {"value": c["value"]}, c["label"]) for c in spec["choices"]),
        )
        unit = None
    else:
        control = E(
            "input",
            {
                "id": base,
                "name": spec["id"],
                "type": "text",
                "inputmode": "numeric" if spec["integer"] else "decimal",
                "autocomplete": "off",
                "aria-describedby": f"{help_id} {error_id}",
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
    return E(
        "div",
        {"class": "igm-field", "data-input": spec["id"]},
        E("label", {"for": base}, spec["label"]),
        E("div", {"class": "igm-field__control"}, control, unit),
        E("p", {"class": "igm-field__help", "id": help_id}, help_text),
        E("p", {"class": "igm-field__error", "id": error_id, "hidden": "hidden"}),
    )


def _by_hand(desc: dict[str, Any]) -> str:
    """What to do where the calculator cannot run: the tables or notes this page prints below the form."""
    if desc["criteria"] and desc["scored"]:
        return (
            "Use the criteria table below instead: mark each criterion met, add the points, "
            "and read the category from the category table."
        )
    if desc["criteria"]:
        return "Use the criteria table below instead: check each criterion, then read the category table."
    if desc["categories"]:
        return "Use the category table below instead."
    return "Use the notes below instead: they give each conversion and rule this calculator applies."


def _form(desc: dict[str, Any]) -> etree.Element:
    calc_id = desc["id"]
    return E(
        "form",
        # The form's labels and help text are no answer to a search; the tables below stay indexed.
        {
            "data-calculator": calc_id,
            "data-state": "loading",
            "novalidate": "novalidate",
            "class": "igm-calc__form",
            "data-search-exclude": "",
            "data-by-hand": _by_hand(desc),
        },
        E(
            "p",
            # Hidden until the page script runs: without JavaScript only the <noscript> message applies.
            {"class": "igm-calc__status", "data-calculator-status": "", "role": "status", "hidden": "hidden"},
            "The calculator is starting in your browser. Your entries never leave this device.",
        ),
        E(
            "noscript",
            {},
            E(
                "p",
                {"class": "igm-calc__unavailable"},
                "This calculator cannot run here: it needs JavaScript, which is off in this browser. " + _by_hand(desc),
            ),
        ),
        E("div", {"class": "igm-calc__errors", "data-calculator-errors": "", "tabindex": "-1", "hidden": "hidden"}),
        *(_field(calc_id, spec) for spec in desc["inputs"]),
        E(
            "div",
            {"class": "igm-calc__actions"},
            E(
                "button",
                {"type": "submit", "class": "md-button md-button--primary", "disabled": "disabled"},
                "Calculate",
            ),
            E("button", {"type": "reset", "class": "md-button"}, "Clear"),
        ),
    )


def _ref_numbers(desc: dict[str, Any]) -> dict[str, int]:
    return {ref["id"]: n for n, ref in enumerate(desc["references"], start=1)}


def _cite(calc_id: str, numbers: dict[str, int], ref_id: str) -> etree.Element:
    return E("a", {"href": f"#{calc_id}-ref-{ref_id}", "class": "igm-cite"}, f"[{numbers[ref_id]}]")


def _criteria_table(desc: dict[str, Any], numbers: dict[str, int]) -> etree.Element:
    scored = desc.get("scored", True)
    rows = [
        E(
            "tr",
            {},
            E("td", {}, c["label"]),
            E("td", {}, c["rule"], *(f"; {n}" for n in c["native"])),
            E(
                "td",
                {},
                E("q", {}, c["wording"]),
                *(part for ref in c.get("sources", [c["source"]]) for part in (" ", _cite(desc["id"], numbers, ref))),
            ),
            *([E("td", {}, str(c["points"]))] if scored else []),
        )
        for c in desc["criteria"]
    ]
    headings = ("Criterion", "Met when", "Source wording", "Points")[: 4 if scored else 3]
    head = E("tr", {}, *(E("th", {"scope": "col"}, h) for h in headings))
    return E(
        "table", {"class": "igm-table", "data-criteria-table": desc["id"]}, E("thead", {}, head), E("tbody", {}, *rows)
    )


def _categories_table(desc: dict[str, Any], numbers: dict[str, int]) -> etree.Element:
    labels = [o["label"] for o in desc["categories"][0]["outcomes"]] if desc["categories"] else []
    head = E("tr", {}, *(E("th", {"scope": "col"}, h) for h in ("Category", "Rule", *labels)))
    rows = []
    for cat in desc["categories"]:
        cells = [
            E(
                "td",
                {},
                o["value"],
                VERIFICATION_NOTE.get(o["verification"], ""),
                " ",
                _cite(desc["id"], numbers, o["source"]),
            )
            for o in cat["outcomes"]
        ]
        rows.append(E("tr", {}, E("th", {"scope": "row"}, cat["label"]), E("td", {}, cat["rule"]), *cells))
    return E(
        "table",
        {"class": "igm-table", "data-categories-table": desc["id"]},
        E("thead", {}, head),
        E("tbody", {}, *rows),
    )


def _references(desc: dict[str, Any]) -> etree.Element:
    return E(
        "ol",
        {"class": "igm-references"},
        *(
            E("li", {"id": f"{desc['id']}-ref-{r['id']}"}, r["citation"], *reference_links(r))
            for r in desc["references"]
        ),
    )


def render_calculator(desc: dict[str, Any]) -> etree.Element:
    """The whole calculator block for a page."""
    numbers = _ref_numbers(desc)
    scored = desc.get("scored", True)
    notes = E("ul", {}, *(E("li", {}, n) for n in desc["notes"]))
    disagreements = E(
        "ul", {}, *(E("li", {}, E("strong", {}, d["source"]), ": ", d["difference"]) for d in desc["disagreements"])
    )
    return E(
        "div",
        {"class": "igm-calculator", "id": f"calculator-{desc['id']}"},
        E("p", {"class": "igm-calc__purpose"}, desc["purpose"]),
        E(
            "div",
            {"class": "admonition info igm-calc__population"},
            E("p", {"class": "admonition-title"}, "When to use"),
            E("p", {}, desc["population"]),
        ),
        *(
            [
                E(
                    "div",
                    {"class": "admonition warning igm-calc__statements"},
                    E("p", {"class": "admonition-title"}, "Always"),
                    *(E("p", {}, text) for text in desc.get("statements", [])),
                )
            ]
            if desc.get("statements")
            else []
        ),
        _form(desc),
        E(
            "section",
            {
                "class": "igm-calc__result",
                "data-calculator-result": desc["id"],
                "aria-live": "polite",
                "hidden": "hidden",
            },
        ),
        *(
            [
                E("h3", {"id": f"{desc['id']}-criteria"}, "Criteria and points" if scored else "Criteria"),
                _criteria_table(desc, numbers),
            ]
            if desc["criteria"]
            else []
        ),
        *(
            [
                E("h3", {"id": f"{desc['id']}-categories"}, "Categories and published outcomes"),
                _categories_table(desc, numbers),
            ]
            if desc["categories"]
            else []
        ),
        E("h3", {"id": f"{desc['id']}-pearls"}, "How this calculator applies the rules"),
        notes,
        E("h3", {"id": f"{desc['id']}-disagreements"}, "Where other sources disagree"),
        E("p", {}, "This calculator follows the primary source. Other versions in circulation differ:"),
        disagreements,
        *([E("h3", {"id": f"{desc['id']}-references"}, "References"), _references(desc)] if desc["references"] else []),
        E("p", {"class": "igm-calc__version"}, f"Calculator version {desc['version']}."),
    )
