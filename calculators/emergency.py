"""The hyperviscosity messages every calculator gives, written once (issue 18, H1 and S5).

Any calculator that is told the patient has symptomatic hyperviscosity leads with `URGENT`, in every branch; any
that is given a serum IgM above 6000 mg/dL (60 g/L) gives `HIGH_RISK`. The classifier, the treatment check and
the hyperviscosity check import these, so the words, the codes and the sources cannot drift apart.

Sources: mSMART 2016 (Kapoor 2017, PMID 28056114): "Plasma exchange should be promptly initiated before
cytoreduction for hyperviscosity-related symptoms"; mSMART 2010 (Ansell 2010, PMID 20702770): "Any patient with
symptoms of hyperviscosity should first be treated with plasmapheresis"; Gustine 2017 (PMID 28485115): "Prompt
intervention is required to prevent catastrophic events, such as retinal or central nervous system bleeding", and
IgM > 60 g/L at diagnosis had a median 3 months to symptomatic hyperviscosity.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .model import NextStep

__all__ = [
    "HIGH_RISK",
    "HIGH_RISK_CODE",
    "HIGH_RISK_HEADLINE",
    "HIGH_RISK_LIMIT_G_DL",
    "HIGH_RISK_NOTE",
    "HIGH_RISK_STEP",
    "URGENT",
    "URGENT_CODE",
    "URGENT_DETAIL",
    "URGENT_STEP",
    "high_risk_values",
]

#: Stable codes, the same in every calculator's `message_codes`.
URGENT_CODE = "urgent"
HIGH_RISK_CODE = "high_risk"

#: The headline: short, so it reads first on a phone.
URGENT = (
    "URGENT: symptomatic hyperviscosity. Plasma exchange (plasmapheresis) now, before any cytoreduction, then "
    "systemic therapy (mSMART 2016, Kapoor 2017; Gustine 2017)."
)
#: The first next step: the headline, and what must not delay it.
URGENT_DETAIL = (
    " Prompt intervention prevents retinal or central nervous system bleeding (Gustine 2017); whatever the "
    "classification or the marrow result, this does not wait for a repeat biopsy (mSMART 2010: 'should first be "
    "treated with plasmapheresis'). If red cells are needed, transfuse after plasma exchange, not before (NCCN per "
    "summary)."
)

# M2 (independent review 2026-12): Gustine's 36% is of the 113 patients who developed symptomatic hyperviscosity,
# not of the > 60 g/L group.
HIGH_RISK = (
    "Serum IgM > 6000 mg/dL (> 60 g/L): fundoscopy and serum viscosity now, not only at the next routine visit, and "
    "discuss starting therapy. The data disagree on the risk: in Gustine 2017, patients with IgM > 60 g/L at "
    "diagnosis had a median of 3 months to symptomatic hyperviscosity (of the 113 patients who developed "
    "symptomatic hyperviscosity, 44 (36%) already had it at diagnosis); in the Mayo series (Abeykoon), only 15% of "
    "13 asymptomatic patients above 6000 mg/dL developed symptoms (median 6.9 years to therapy)."
)

#: The note on the page of every calculator that gives it without asking about hyperviscosity.
HIGH_RISK_NOTE = (
    "A serum IgM above 6000 mg/dL (60 g/L) adds the high-risk hyperviscosity message, the same in every calculator "
    "that takes an IgM: fundoscopy and serum viscosity now, and discuss therapy (Gustine 2017, > 60 g/L strict)."
)
#: Said in the headline too, short: on a phone the result shows its headline first and the rest behind "Details".
HIGH_RISK_HEADLINE = "Serum IgM > 6000 mg/dL: fundoscopy and serum viscosity now (Gustine 2017)."

URGENT_STEP = NextStep(URGENT + URGENT_DETAIL, "kapoor2017")
HIGH_RISK_STEP = NextStep(HIGH_RISK, "gustine2017")

#: Gustine 2017: "A serum IgM level >60 g/l" (strict), in g/dL, the canonical unit of every IgM input. 6000 mg/dL
#: and 60 g/L convert to exactly 6 g/dL (exact fractions), so the comparison is the source's in any unit.
HIGH_RISK_LIMIT_G_DL = Fraction(6)


def high_risk_values(igm_g_dl: list[Fraction], values: dict[str, Any]) -> dict[str, Any]:
    """The derived values of a calculator that declares `high_risk_igm`: `high_risk_hyperviscosity` (None when no
    IgM was entered) and `high_risk` among the `message_codes`, after `urgent` when that leads."""
    flag = any(v > HIGH_RISK_LIMIT_G_DL for v in igm_g_dl) if igm_g_dl else None
    codes = [c for c in values.get("message_codes", []) if c != HIGH_RISK_CODE]
    if flag:
        lead = [URGENT_CODE] if URGENT_CODE in codes else []
        codes = lead + [HIGH_RISK_CODE] + [c for c in codes if c != URGENT_CODE]
    return {**values, "high_risk_hyperviscosity": flag, "message_codes": codes}
