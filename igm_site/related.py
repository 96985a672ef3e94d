"""The calculator a clinician needs next, one tap from a result, with the answers both ask for carried over.

The path follows the work-up: classify the IgM, then the indication to treat, then the prognostic scores at the
start of therapy, then the hyperviscosity check before a rituximab regimen. An answer is carried only where both
calculators ask the same question: the same input id (the same quantity, in the same units), or a pair named in
SAME_QUESTION. The values travel in the link's fragment (`#carry?...`), which the browser never sends to a server,
and the page that opens removes it from its address once it has filled the form (calc-page.js).
"""

from __future__ import annotations

from typing import Any

import calculators

__all__ = ["RELATED", "related_links"]

RELATED: dict[str, tuple[str, ...]] = {
    "igm_classifier": ("treatment_indication", "plasmapheresis_check"),
    "treatment_indication": ("ipsswm", "ripsswm", "plasmapheresis_check"),
    "ipsswm": ("ripsswm", "mss_wm", "plasmapheresis_check"),
    "ripsswm": ("ipsswm", "mss_wm", "plasmapheresis_check"),
    "mss_wm": ("ipsswm", "ripsswm", "plasmapheresis_check"),
    "plasmapheresis_check": ("treatment_indication",),
    "mayo_mgus": ("igm_mgus_2factor", "igm_classifier"),
    "igm_mgus_2factor": ("mayo_mgus", "igm_classifier"),
    "awm_factors": ("swm_progression", "igm_classifier"),
    "swm_progression": ("awm_factors", "igm_classifier"),
}

# Questions asked under two ids that mean the same thing, with the same answers (yes / no).
SAME_QUESTION: tuple[frozenset[tuple[str, str]], ...] = (
    frozenset(
        {
            ("igm_classifier", "symptoms_hyperviscosity"),
            ("treatment_indication", "symptomatic_hyperviscosity"),
            ("plasmapheresis_check", "hvs_symptoms"),
        }
    ),
)


def _inputs(calc_id: str) -> dict[str, dict[str, Any]]:
    return {spec["id"]: spec for spec in calculators.describe(calc_id)["inputs"]}


def _compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Same kind of answer: the same choices, or a measurement sharing a unit."""
    if a["kind"] == "choice" or b["kind"] == "choice":
        values = lambda spec: sorted(c["value"] for c in spec.get("choices") or [])  # noqa: E731
        return a["kind"] == b["kind"] and values(a) == values(b)
    return bool({u["label"] for u in a["units"]} & {u["label"] for u in b["units"]})


def carried(source: str, target: str) -> list[tuple[str, str]]:
    """(source input id, target input id) of every answer the target can take over from the source."""
    mine, theirs = _inputs(source), _inputs(target)
    pairs = [(i, i) for i in mine if i in theirs]
    for group in SAME_QUESTION:
        ids = dict(group)
        if source in ids and target in ids and (ids[source], ids[target]) not in pairs:
            pairs.append((ids[source], ids[target]))
    return [(a, b) for a, b in pairs if a in mine and b in theirs and _compatible(mine[a], theirs[b])]


def related_links(calc_id: str) -> list[dict[str, Any]]:
    """id, title and the carried answers of each calculator to offer after a result of `calc_id`."""
    known = set(calculators.calculator_ids())
    return [
        {"id": target, "title": calculators.describe(target)["title"], "carry": carried(calc_id, target)}
        for target in RELATED.get(calc_id, ())
        if target in known
    ]
