"""The words of a result: headline, criterion lines, outcomes, next steps, references with their
verification mark, and the text to copy into a note. One source for every clinical string a reader
sees in a result; the browser only lays these out (issue 11).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .emergency import HIGH_RISK, HIGH_RISK_CODE, HIGH_RISK_HEADLINE, HIGH_RISK_STEP, URGENT_CODE
from .inputs import Reading
from .model import Calculator, Category, NextStep, Outcome, Reference
from .numbers import format_number

if TYPE_CHECKING:
    from .engine import Result

__all__ = [
    "NOT_APPROVED",
    "NO_NEXT_STEP",
    "OUTCOMES_HEADING",
    "OUTCOME_MARK",
    "PROVENANCE",
    "REFERENCE_MARK",
    "criterion_parts",
    "criterion_text",
    "next_steps",
    "outcome_text",
    "reference_text",
    "result_text",
]

#: Said where the source gives no next step for a category, rather than inventing one.
NO_NEXT_STEP = "No specific next step is given by the source."

#: Where a copied note came from: filled in by the page with the time and its address (`{computed}`, `{page}`).
PROVENANCE = "Computed {computed} with IgM Guide, {page}, calculator version {version}."
#: Added to a copied note while the page it was computed on is not approved.
NOT_APPROVED = "Not yet approved by a clinical reviewer: check the primary sources before relying on it."
#: The headings of a result, on the page and in the note.
OUTCOMES_HEADING = "Published outcomes for this category"

#: The verification legend of the spec (V read in the source, V2 secondary only, R recalled), as a
#: reader sees it. The same words on the page and in the result and the copied note.
REFERENCE_MARK = {
    "V2": "Identifier not yet checked against the source.",
    "R": "Identifier not yet checked against the source.",
}
OUTCOME_MARK = {"V2": " (secondary source)", "R": " (unverified)"}

STATUS_TEXT = {True: "met", False: "not met", None: "not assessed"}


def reading_text(calc: Calculator, input_id: str, reading: Reading | str) -> str:
    """A value as the reader entered it, with its unit ("10.2 g/dL"), or a choice by its label ("Yes")."""
    spec = calc.input(input_id)
    if isinstance(reading, str):
        return spec.choice_label(reading)  # type: ignore[union-attr]
    return f"{format_number(reading.value)} {reading.unit.label}".strip()


def reference_text(ref: Reference) -> str:
    """One line per reference: citation, identifiers, and the verification mark when not checked."""
    parts = [ref.citation]
    if ref.pmid:
        parts.append(f"PMID {ref.pmid}.")
    if ref.doi:
        parts.append(f"DOI {ref.doi}.")
    mark = REFERENCE_MARK.get(ref.verification, "")
    if mark:
        parts.append(mark)
    return " ".join(parts)


def outcome_text(outcome: Outcome) -> str:
    return f"{outcome.label}: {outcome.value}{OUTCOME_MARK.get(outcome.verification, '')}"


def criterion_parts(
    calc: Calculator, criterion, met: bool | None, readings: Mapping[str, Any], not_needed
) -> tuple[str, str]:
    """(status, what was entered): "not met", "150 ×10⁹/L"; "not needed for this result", ""."""
    if met is None:
        missing = [i for i in (criterion.input, getattr(criterion, "reference_input", None)) if i and i in not_needed]
        return ("not needed for this result" if missing else "not assessed"), ""
    ids = [i for i in (criterion.input, getattr(criterion, "reference_input", None)) if i and i in readings]
    entered = [reading_text(calc, i, readings[i]) for i in ids]
    if len(ids) > 1:  # a relative criterion: say which value is which
        entered = [f"{calc.input(i).label} {text}" for i, text in zip(ids, entered, strict=True)]
    return STATUS_TEXT[met], "; ".join(entered)


def criterion_text(calc: Calculator, criterion, met: bool | None, readings: Mapping[str, Any], not_needed) -> str:
    """ "Platelets ≤ 100 ×10⁹/L: not met (entered: 150 ×10⁹/L)": a true statement, never a false inequality."""
    status, entered = criterion_parts(calc, criterion, met, readings, not_needed)
    return f"{criterion.label}: {status}" + (f" (entered: {entered})" if entered else "")


def next_steps(calc: Calculator, category: Category | None, values: Mapping[str, Any]) -> list[dict[str, str]]:
    """The steps the declaration gives for this result, each with its reference id."""
    steps: list[NextStep] = []
    if calc.high_risk_igm and values.get("high_risk_hyperviscosity"):
        steps.append(HIGH_RISK_STEP)  # declared once for every calculator that takes an IgM (`emergency`)
    for key, value, keyed in calc.next_steps_by:  # first: an urgent flag comes before the routine steps
        if values.get(key) == value:
            steps += [s for s in keyed if s not in steps]
    if category is not None:
        steps += [s for s in category.next_steps if s not in steps]
    if not steps:
        steps = list(calc.next_steps)
    if not steps:
        # Said, but as the absence it is: the page shows it muted, the copied note leaves it out.
        return [{"text": NO_NEXT_STEP, "source": "", "none": True}]
    return [{"text": s.text, "source": s.source} for s in steps]


def headline(calc: Calculator, category: Category | None, score: int | None, max_score: int | None, summary) -> str:
    """The answer first: category and its key outcome ("High risk — 5-year overall survival: 36%")."""
    if category is None:
        return " ".join(summary[: calc.headline_lines]) if summary else "No result."
    text = category.label
    key = next((o for o in category.outcomes if o.label == calc.headline_outcome), None)
    key = key or (category.outcomes[0] if category.outcomes else None)
    if key is not None:
        text += f" — {outcome_text(key)}"
    elif summary:
        text += f" — {summary[0]}"
    if calc.scored and score is not None:
        text += f" (score {score} of {max_score})"
    return text


def result_text(result: Result, data: dict[str, Any]) -> dict[str, Any]:
    """The display keys of a result dict: returns `headline`, `next_steps` and `copy`, and adds `text`
    to each criterion, outcome and reference of `data`, and `verification_mark` to each reference."""
    calc = result.calculator
    category = calc.category(result.category) if result.category is not None else None
    summary = list(result.derived.summary)
    head = headline(calc, category, result.score, data.get("max_score"), summary)
    codes = result.derived.values.get("message_codes") or []
    if HIGH_RISK_CODE in codes and URGENT_CODE not in codes and HIGH_RISK not in head:
        # A phone shows the headline first, clamped to three lines, and the next steps behind "Details": the
        # high-risk IgM leads it, as the urgent message leads when there is one.
        head = f"{HIGH_RISK_HEADLINE} {head}"
    steps = next_steps(calc, category, result.derived.values)
    parts = [criterion_parts(calc, r.criterion, r.met, result.readings, result.not_needed) for r in result.criteria]
    criteria = [
        f"{r.criterion.label}: {status}" + (f" (entered: {entered})" if entered else "")
        for r, (status, entered) in zip(result.criteria, parts, strict=True)
    ]
    outcomes = [outcome_text(o) for o in category.outcomes] if category else []
    references = [reference_text(r) for r in calc.references]
    inputs = [f"{calc.input(i).label}: {reading_text(calc, i, v)}" for i, v in result.readings.items()]
    not_needed = [calc.input(i).label for i in result.not_needed]

    summary_line = f"{calc.title}: {head.rstrip('.')}."
    if inputs:
        summary_line += " Inputs: " + "; ".join(inputs) + "."
    # A reference is cited by its number in the list below it, never by an internal key.
    number = {r.id: n for n, r in enumerate(calc.references, start=1)}
    cite = lambda s: f" [{number[s['source']]}]" if s["source"] in number else ""  # noqa: E731
    # A step the headline already is, or begins with (the urgent hyperviscosity message, calculators.emergency),
    # is not said twice: the headline carries its reference, and the step keeps only what it adds.
    echoed = [s for s in steps if s["text"].startswith(head)]
    given = [
        {**s, "text": s["text"][len(head) :].strip()} if s in echoed else s
        for s in steps
        if not s.get("none") and s["text"] != head
    ]
    full = [f"{calc.title} (version {calc.version})", f"Result: {head}" + "".join(cite(s) for s in echoed)]
    said = {head, *(s["text"] for s in steps)}
    for line in summary:
        if line not in said and line not in head:
            full.append(f"- {line}")
            said.add(line)
    if outcomes:
        full += [f"{OUTCOMES_HEADING}:", *(f"- {o}" for o in outcomes)]
    if criteria:
        full += ["Criteria:", *(f"- {c}" for c in criteria)]
    if result.warnings:
        full += ["Warnings:", *(f"- {w['message']}" for w in result.warnings)]
    if given:
        full += ["Next steps:", *(f"- {s['text']}{cite(s)}" for s in given)]
    full += ["Inputs used:", *(f"- {i}" for i in inputs)]
    if not_needed:
        full += ["Not needed for this result: " + "; ".join(not_needed) + "."]
    full += [line for line in calc.statements if line not in said]  # a statement already said is not repeated
    if references:
        full += ["References:", *(f"- [{number[r.id]}] {t}" for r, t in zip(calc.references, references, strict=True))]
    for row, text, (status, entered) in zip(data["criteria"], criteria, parts, strict=True):
        # The whole line, and its two halves for a table: "not met" and "150 ×10⁹/L".
        row["text"], row["status_text"], row["entered"] = text, status, entered
    for row, text in zip(data["outcome"], outcomes, strict=True):
        row["text"] = text
    for row, ref, text in zip(data["references"], calc.references, references, strict=True):
        row["text"] = text
        row["verification_mark"] = REFERENCE_MARK.get(ref.verification, "")
    copy = {
        "summary": summary_line,
        "full": "\n".join(full),
        # The page fills in when and where (`{computed}`, `{page}`) and adds `not_approved` unless approved.
        "provenance": PROVENANCE.replace("{version}", calc.version),
        "not_approved": NOT_APPROVED,
        "outcomes_heading": OUTCOMES_HEADING,
    }
    return {"headline": head, "next_steps": steps, "copy": copy}
