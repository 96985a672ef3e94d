"""The static HTML of a calculator, from its declaration: the form (readable and fillable without
JavaScript), and the criteria, category, notes and reference tables a reader can use by hand.

The DOM contract the page script and the tests rely on: `<form data-calculator=ID data-state=...>`,
inputs named by input id, unit selects named `<id>__unit`, a result region `[data-calculator-result]`.
The form and its result panel `[data-calculator-panel]` (a live status line and the result region) sit
together in `[data-calculator-workspace]`, which a calculator's own page shows first, before its prose.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from .calculator_fields import render_field
from .html import E
from .references import reference_links
from .related import related_links

__all__ = ["ROOT_TOKEN", "render_calculator", "render_embed", "render_workspace", "short_title"]

VERIFICATION_NOTE = {"V2": " (secondary source)", "R": " (unverified)"}
# Stands for the relative path from the page to the site's root; the plugin fills it in per page.
ROOT_TOKEN = "igm-site-root:"


def short_title(desc: dict[str, Any]) -> str:
    """ "IPSSWM", not "IPSSWM (International Prognostic Scoring System …)": the name a link needs."""
    return re.split(r" \(|: ", desc["title"], maxsplit=1)[0]


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
            "id": f"{calc_id}-form",
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
        *(render_field(calc_id, spec) for spec in desc["inputs"]),
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
        # What screen readers hear: the result, once the reader has stopped typing (calc-page.js), not every
        # intermediate state; the panel's progress line is read on demand only.
        E("p", {"class": "igm-visually-hidden", "data-calculator-announce": "", "role": "status"}),
    )


def _related(calc_id: str) -> list[etree.Element]:
    """Links to the calculators a clinician needs next; shown with a result, with the shared answers."""
    links = related_links(calc_id)
    if not links:
        return []
    items = []
    for link in links:
        carry = " ".join(f"{a}:{b}" for a, b in link["carry"])
        attrs = {"href": f"{ROOT_TOKEN}calculators/{link['id']}/", "data-related": link["id"], "data-carry": carry}
        items.append(E("li", {}, E("a", attrs, short_title(link))))
    return [
        E(
            "nav",
            {
                "class": "igm-calc__related",
                "data-calculator-related": calc_id,
                "aria-label": "Next calculators",
                "hidden": "hidden",
            },
            E("p", {"class": "igm-related__title"}, "Next, with the answers they share filled in:"),
            E("ul", {}, *items),
        )
    ]


def _panel(desc: dict[str, Any]) -> etree.Element:
    """Where the result shows, beside the form on a wide screen and pinned under it on a phone."""
    calc_id = desc["id"]
    return E(
        "aside",
        # Hidden until the page script runs: without JavaScript there is never a result to show.
        {
            "class": "igm-calc__panel",
            "data-calculator-panel": calc_id,
            "aria-label": "Result",
            "hidden": "hidden",
            "data-search-exclude": "",
        },
        E(
            "div",
            {"class": "igm-panel__bar"},
            E("p", {"class": "igm-panel__status", "data-calculator-progress": ""}),
            E(
                "button",
                {
                    "type": "button",
                    "class": "igm-panel__toggle",
                    "aria-expanded": "false",
                    "aria-controls": f"{calc_id}-result",
                    "data-panel-toggle": "",
                },
                "Details",
            ),
        ),
        E(
            "section",
            {
                "class": "igm-calc__result",
                "id": f"{calc_id}-result",
                "data-calculator-result": calc_id,
                "hidden": "hidden",
            },
        ),
        *_related(calc_id),
    )


def render_workspace(desc: dict[str, Any]) -> etree.Element:
    """The form and its result panel: what a reader uses, first on a calculator's own page."""
    return E(
        "div",
        {"class": "igm-calc__workspace", "data-calculator-workspace": desc["id"], "id": f"{desc['id']}-workspace"},
        _form(desc),
        _panel(desc),
    )


def render_embed(desc: dict[str, Any]) -> etree.Element:
    """A calculator inside an article: folded, the form and its result only when opened, and one link to the
    calculator's own page for its criteria, disagreements and sources. Left out of the printed article."""
    calc_id = desc["id"]
    questions = len(desc["inputs"])
    return E(
        "details",
        {"class": "igm-calc-embed", "data-calculator-embed": calc_id},
        E(
            "summary",
            {"class": "igm-calc-embed__summary"},
            E("span", {"class": "igm-calc-embed__name"}, f"Calculator: {short_title(desc)}"),
            " ",
            E(
                "span",
                {"class": "igm-calc-embed__hint"},
                f"{questions} question{'s' if questions != 1 else ''}; open to use it here",
            ),
        ),
        render_workspace(desc),
        E(
            "p",
            {"class": "igm-calc-embed__more"},
            E(
                "a",
                {"href": f"{ROOT_TOKEN}calculators/{calc_id}/"},
                f"{short_title(desc)}: criteria, rules, where sources disagree, and references",
            ),
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
    """The whole calculator block for a page: the workspace, then what it rests on (purpose, population,
    criteria, categories, pearls, disagreements, references), which follows the calculator on the page."""
    numbers = _ref_numbers(desc)
    scored = desc.get("scored", True)
    notes = E("ul", {}, *(E("li", {}, n) for n in desc["notes"]))
    disagreements = E(
        "ul", {}, *(E("li", {}, E("strong", {}, d["source"]), ": ", d["difference"]) for d in desc["disagreements"])
    )
    return E(
        "div",
        {"class": "igm-calculator", "id": f"calculator-{desc['id']}"},
        render_workspace(desc),
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
