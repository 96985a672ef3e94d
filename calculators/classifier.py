"""IgM gammopathy classifier (spec §6d): IgM MGUS, smoldering WM, symptomatic WM or IgM-related disorder,
by the Mayo/WHO-2016 definitions and by the IWWM-2/ECWM definitions, side by side. Where a definition
does not cover a combination, the answer is "not classifiable", never a guess.
"""

from __future__ import annotations

from fractions import Fraction as F

from .engine import Evaluation
from .model import Calculator, ChoiceCriterion, Criterion, Derived, NextStep, Reference
from .quantities import BM_INFILTRATION, M_PROTEIN, with_label, yes_no
from .smoldering import KYLE_2012
from .sources import IWWM2_TREATMENT

IWWM2_DEFINITION = Reference(
    id="owen2003",
    citation=(
        "Owen RG, Treon SP, Al-Katib A, et al. [IWWM-2 clinicopathological definition of Waldenström's "
        "macroglobulinemia.] Semin Oncol 2003;30(2):110-115."
    ),
    pmid="12720118",
    doi="10.1053/sonc.2003.50082",
)
ECWM_2022 = Reference(
    id="ecwm2022",
    citation="[European Consortium for Waldenström's Macroglobulinemia: diagnostics consensus.] Leukemia 2022.",
    doi="10.1038/s41375-022-01762-3",
)

LABELS = {
    "igm_mgus": "IgM MGUS",
    "smoldering_wm": "Smoldering (asymptomatic) WM",
    "symptomatic_wm": "Symptomatic WM",
    "igm_related_disorder": "IgM-related disorder",
    "not_classifiable": "Not classifiable by this definition",
}


def _mayo(igm_ge_3: bool, bm_ge_10: bool, symptoms: bool) -> str:
    if not symptoms:
        return "smoldering_wm" if igm_ge_3 or bm_ge_10 else "igm_mgus"
    # Kyle 2012: smoldering WM is the same picture without end-organ damage; with it, symptomatic WM.
    # Mayo/WHO-2016 has no separate IgM-related disorder, so symptoms below both thresholds are not covered.
    return "symptomatic_wm" if igm_ge_3 or bm_ge_10 else "not_classifiable"


def _iwwm2(bm_any: bool, tumour: bool, igm_related: bool) -> str:
    if bm_any:
        return "symptomatic_wm" if tumour or igm_related else "smoldering_wm"
    if tumour:
        return "not_classifiable"  # tumour symptoms without marrow lymphoplasmacytic infiltration: not WM by IWWM-2
    return "igm_related_disorder" if igm_related else "igm_mgus"


def derive(ev: Evaluation) -> Derived:
    met = {c.id: bool(ev.met(c.id)) for c in ev.calculator.criteria}
    tumour, related = met["symptoms_tumour"], met["symptoms_igm_related"]
    mayo = _mayo(met["igm_ge_3"], met["bm_ge_10"], tumour or related)
    iwwm2 = _iwwm2(met["bm_any"], tumour, related)
    summary = (
        f"Mayo / WHO-2016: {LABELS[mayo]}.",
        f"IWWM-2 / ECWM: {LABELS[iwwm2]}.",
        *(
            [
                "The two definitions disagree for this patient: they differ on the IgM cut-off and on marrow infiltration."
            ]
            if mayo != iwwm2
            else []
        ),
    )
    return Derived(
        category=None, values={"mayo_who2016": mayo, "iwwm2_ecwm": iwwm2, "agree": mayo == iwwm2}, summary=summary
    )


IGM_CLASSIFIER = Calculator(
    id="igm_classifier",
    title="IgM gammopathy classifier: Mayo/WHO-2016 and IWWM-2/ECWM side by side",
    version="1.0.0",
    purpose=(
        "Classifies an IgM monoclonal gammopathy as IgM MGUS, smoldering WM, symptomatic WM or IgM-related "
        "disorder, by both definitions in use."
    ),
    population=(
        "An IgM monoclonal protein with a light chain on immunofixation, and a bone marrow biopsy. Not for μ heavy "
        "chain disease (an IgM band without a light chain), and not for IgM myeloma or other lymphomas."
    ),
    inputs=(
        with_label(M_PROTEIN, "IgM M-protein", "M-spike on serum protein electrophoresis.", input_id="igm_m_protein"),
        with_label(
            BM_INFILTRATION,
            "Bone marrow lymphoplasmacytic infiltration",
            input_id="bm_lpl_infiltration_pct",
            help="Percentage on the trephine biopsy; enter 0 if there is no unequivocal infiltration.",
        ),
        yes_no(
            "symptoms_tumour",
            "Symptoms or signs due to tumour infiltration",
            "Anaemia or other cytopenia, constitutional symptoms, lymphadenopathy, hepatosplenomegaly.",
        ),
        yes_no(
            "symptoms_igm_related",
            "Symptoms due to the IgM protein",
            "Hyperviscosity, cryoglobulinaemia, cold agglutinin disease, anti-MAG neuropathy, AL amyloidosis.",
        ),
    ),
    criteria=(
        Criterion(
            "igm_ge_3",
            "IgM M-protein ≥ 3 g/dL",
            "igm_m_protein",
            ">=",
            F(3),
            0,
            "kyle2012",
            "serum IgM M-protein ≥3 g/dL",
            native=(("g/L", F(30)), ("mg/dL", F(3000))),
        ),
        Criterion(
            "bm_ge_10",
            "Marrow infiltration ≥ 10%",
            "bm_lpl_infiltration_pct",
            ">=",
            F(10),
            0,
            "kyle2012",
            "≥10% BM lymphoplasmacytic infiltration",
        ),
        Criterion(
            "bm_any",
            "Any marrow lymphoplasmacytic infiltration (> 0%)",
            "bm_lpl_infiltration_pct",
            ">",
            F(0),
            0,
            "owen2003",
            "unequivocal bone marrow infiltration by lymphoplasmacytic lymphoma",
            sources=("ecwm2022",),
        ),
        ChoiceCriterion(
            "symptoms_tumour",
            "Symptoms due to tumour infiltration",
            "symptoms_tumour",
            ("yes",),
            0,
            "kyle2012",
            "end-organ damage (anaemia, constitutional symptoms, hyperviscosity, lymphadenopathy, hepatosplenomegaly)",
        ),
        ChoiceCriterion(
            "symptoms_igm_related",
            "Symptoms due to the IgM protein",
            "symptoms_igm_related",
            ("yes",),
            0,
            "owen2003",
            "IgM-related symptoms without overt lymphoma",
            sources=("ecwm2022",),
        ),
    ),
    categories=(),
    classify=None,
    scored=False,
    derive=derive,
    headline_lines=2,
    next_steps_by=tuple(
        (key, value, (step,))
        for key in ("mayo_who2016", "iwwm2_ecwm")
        for value, step in (
            (
                "igm_mgus",
                NextStep("IgM MGUS: watch and wait, serum protein electrophoresis yearly (IWWM-2).", "iwwm2_kyle2003"),
            ),
            (
                "smoldering_wm",
                NextStep("Smoldering WM: watch and wait, follow-up every 6 months (IWWM-2).", "iwwm2_kyle2003"),
            ),
        )
    ),
    references=(KYLE_2012, IWWM2_DEFINITION, ECWM_2022, IWWM2_TREATMENT),
    notes=(
        "Mayo / WHO-2016: IgM MGUS is an IgM M-protein < 3 g/dL with marrow infiltration < 10% and no symptoms; "
        "smoldering WM is IgM ≥ 3 g/dL and/or marrow ≥ 10% without end-organ damage; with end-organ damage, "
        "symptomatic WM. Both thresholds include their value (3 g/dL and 10% are smoldering WM).",
        "IWWM-2 / ECWM: no IgM cut-off; any unequivocal marrow lymphoplasmacytic infiltration is WM (smoldering "
        "without symptoms, symptomatic with them); IgM-related symptoms without lymphoma are an IgM-related "
        "disorder. A percentage above 0 is read as unequivocal infiltration: enter 0 for equivocal findings.",
        "Mayo/WHO-2016 has no separate IgM-related disorder: symptoms with IgM < 3 g/dL and marrow < 10% are "
        "reported as not classifiable by that definition.",
    ),
    disagreements=(
        (
            "Mayo/WHO-2016 vs IWWM-2/ECWM",
            "IgM < 3 g/dL and marrow < 10% is MGUS by Mayo/WHO-2016; any unequivocal marrow infiltration is WM by "
            "IWWM-2/ECWM, irrespective of the IgM level. Both answers are shown.",
        ),
        ("ECWM 2022 footnote", "IgM 'rarely, if ever, exceeds 30 g/dl in MGUS': a typo for 3 g/dL (30 g/L)."),
    ),
)
