""" "About this calculator" on each calculator's own page: intended use and users, the population and where it must
not be used, the validation cases counted with their sources, the version and its change log, and the regulatory
position. Generated at build time from the declaration (`calculators.intended_use`, the calculator's own `purpose`,
`population`, `version` and references) and from the case files, so there is no hand-kept copy to drift.

The case files are read from `tests/cases/<id>.json` of the checkout being built: they are what the test suite runs
against this calculator (in CPython and in Pyodide), and they are not part of the calculators package that ships to
the browser. A build without them fails rather than print a count it cannot back.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree
from collections import Counter
from pathlib import Path
from typing import Any

import calculators
from calculators.intended_use import INTENDED_USE, READ_AGAINST, READING_OWNER

from .html import E

__all__ = ["CASES_DIR", "AboutError", "about_parts", "validation"]

CASES_DIR = Path(__file__).resolve().parent.parent / "tests" / "cases"
# A case whose source says it checks input handling rather than a published result.
INPUT_HANDLING = re.compile(r"^\s*(input validation|unit aliases)", re.IGNORECASE)


class AboutError(ValueError):
    """A case file that cannot back a count, or a declaration that cites what its calculator does not."""


def validation(calc_id: str, cases_dir: Path = CASES_DIR) -> dict[str, Any]:
    """The case file of a calculator, counted: all cases, those checking a published result, and each source."""
    path = cases_dir / f"{calc_id}.json"
    try:
        cases = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AboutError(f"{path}: cannot read the validation cases of {calc_id}: {exc}") from exc
    sources = Counter(str(case.get("source") or "").strip() for case in cases)
    if "" in sources:
        raise AboutError(f"{path}: {sources['']} case(s) name no source")
    handling = sum(n for source, n in sources.items() if INPUT_HANDLING.match(source))
    return {
        "file": f"tests/cases/{calc_id}.json",
        "cases": len(cases),
        "published_result": len(cases) - handling,
        "input_handling": handling,
        "sources": sorted(sources.items(), key=lambda item: (-item[1], item[0])),
    }


def _short(citation: str) -> str:
    """'Morel P, Duhamel A, … Blood 2009' -> 'Morel 2009'; a citation without a year keeps its title."""
    year = re.search(r"\b(?:19|20)\d\d\b", citation)
    if year is None:
        return re.split(r"[:.]", citation, maxsplit=1)[0]
    return f"{citation.split()[0].rstrip(',')} {year.group(0)}"


def _cited(calc_id: str, desc: dict[str, Any], ref_ids: tuple[str, ...]) -> list[etree.Element | str]:
    known = {ref["id"]: ref for ref in desc["references"]}
    out: list[etree.Element | str] = []
    for n, ref_id in enumerate(ref_ids):
        if ref_id not in known:
            raise AboutError(f"calculators/intended_use.py: {calc_id} cites {ref_id!r}, not one of its references")
        label = _short(known[ref_id]["citation"])
        out += [", " if n else "", E("a", {"href": f"#{calc_id}-ref-{ref_id}"}, label)]
    return out


def _row(term: str, *definition: etree.Element | str | None) -> list[etree.Element]:
    return [E("dt", {}, term), E("dd", {}, *definition)]


def _about(calc_id: str, cases_dir: Path) -> etree.Element:
    desc = calculators.describe(calc_id)
    declared = INTENDED_USE[calc_id]
    checked = validation(calc_id, cases_dir)
    population: list[etree.Element | str] = [desc["population"]]
    if declared.population_sources:
        population += [
            " ",
            E(
                "span",
                {"class": "igm-about__source"},
                "From ",
                *_cited(calc_id, desc, declared.population_sources),
                ".",
            ),
        ]
    sources = E(
        "details",
        {"class": "igm-about__sources"},
        E("summary", {}, f"The {len(checked['sources'])} sources the cases name"),
        E("ul", {}, *(E("li", {}, f"{n} × {source}") for source, n in checked["sources"])),
    )
    dl = E(
        "dl",
        {"class": "igm-about__facts"},
        *_row("Intended use", declared.use),
        *_row("Intended users", declared.users),
        *_row("Population, and where it must not be used", *population),
        *_row(
            "Validation",
            E("span", {"data-validation-count": str(checked["cases"])}, f"{checked['cases']} test cases"),
            f" in {checked['file']}: {checked['published_result']} check a result against a published source, "
            f"{checked['input_handling']} check how entries are read and refused. Each names its source and is run "
            "against this calculator by the test suite, in CPython and in Pyodide (the Python your browser runs).",
            sources,
        ),
        *_row("Version", E("span", {"data-calculator-version": desc["version"]}, desc["version"])),
        *_row(
            "Regulatory position",
            declared.regulatory_position,
            E("br"),
            E("small", {}, f"Read against: {READ_AGAINST}. {READING_OWNER}"),
        ),
    )
    changes = E(
        "table",
        {"class": "igm-table", "data-change-log": calc_id},
        E(
            "thead",
            {},
            E("tr", {}, *(E("th", {"scope": "col"}, h) for h in ("Version", "Date", "What changed", "Why"))),
        ),
        E(
            "tbody",
            {},
            *(
                E(
                    "tr",
                    {},
                    E("td", {}, c.version),
                    E("td", {}, E("time", {"datetime": c.date}, c.date)),
                    E("td", {}, c.what),
                    E("td", {}, c.why),
                )
                for c in declared.changes
            ),
        ),
    )
    return E(
        "section",
        {"class": "igm-about", "data-calculator-about": calc_id, "aria-labelledby": f"{calc_id}-about"},
        dl,
        E("h4", {"id": f"{calc_id}-changes"}, "Change log"),
        changes,
    )


def about_parts(calc_id: str, cases_dir: Path = CASES_DIR) -> tuple[tuple[str, str], ...]:
    """(kind, html) like `calculator_block._rendered`: a heading (kept in the table of contents) and the section."""
    if calc_id not in INTENDED_USE:
        raise AboutError(f"calculators/intended_use.py declares nothing for {calc_id}")
    heading = E("h3", {"id": f"{calc_id}-about"}, "About this calculator: intended use, evidence, changes")
    return tuple(
        (el.tag, etree.tostring(el, encoding="unicode", method="html")) for el in (heading, _about(calc_id, cases_dir))
    )
