"""The stable warning codes: every warning a result carries has one of these beside its message.

Pages and tests rely on the code, never on the wording, so a message may be reworded freely while its code
stays. A new warning needs a new entry here (the tests check every code emitted is listed, and every code
listed is exercised by a case in tests/cases/).
"""

from __future__ import annotations

WARNING_CODES: dict[str, str] = {
    # From the input layer (any calculator).
    "integer_truncated": "a decimal age was taken as completed years",
    "unit_check": "a unit that is easily confused (β2-microglobulin in mg/dL): check the report",
    "unusual_value": "a value inside the hard limits but outside the plausible range",
    # IWWM-6 response (spec §9).
    "nadir_assumed": "no nadir entered: the lower of baseline and current IgM was used",
    "mixed_units": "IgM values entered in different units (BSH 2014: one laboratory, one method)",
    "small_absolute_rise": "progression rests on a rise under 500 mg/dL or an IgM in the normal range",
    "igm_flare": "an IgM rise within 26 weeks of the current rituximab course: possible flare (ECOG)",
    "cr_not_confirmable": "immunofixation negative and IgM normal, but no marrow examination",
    "pr_not_met_emd": "a PR-range IgM fall with extramedullary disease not reduced: reported as MR",
    "btki_discordance": "IgM may fall out of proportion to the marrow response on a BTK inhibitor (recalled)",
    "btki_hold_rebound": "progression while a BTK inhibitor is held: may be withdrawal rebound (Castillo 2018)",
}
