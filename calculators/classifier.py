"""IgM gammopathy classifier (spec §6d, corrected 2026-11-30): IgM MGUS (with or without an IgM-related
complication), smoldering WM, symptomatic WM or IgM-related disorder, by the Mayo/WHO-2016 definitions and by
the IWWM-2/ECWM definitions, side by side. Mayo WM needs ≥ 10% marrow infiltration: an IgM ≥ 3 g/dL never
makes WM on its own. Where a definition does not cover a combination, the answer says so, never a guess.
"""

from __future__ import annotations

from fractions import Fraction as F

from .engine import Evaluation
from .inputs import InputProblem
from .model import Calculator, Choice, ChoiceCriterion, ChoiceInput, Criterion, Derived, NextStep, Reference
from .quantities import BM_INFILTRATION, M_PROTEIN, with_label, yes_no
from .smoldering import KYLE_2012
from .sources import BSH_2014, IWWM2_TREATMENT, KHWAJA_2022, KYLE_2016, MSMART_2010

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
    "igm_mgus_igm_related": (
        "IgM MGUS with an IgM-related complication (IgM monoclonal gammopathy of clinical significance)"
    ),
    "smoldering_wm": "Smoldering (asymptomatic) WM",
    "smoldering_wm_igm_related": "Smoldering WM by the IgM cut-off (marrow < 10%), with an IgM-related complication",
    "symptomatic_wm": "Symptomatic WM",
    "igm_related_disorder": "IgM-related disorder",
    "al_amyloidosis": "AL amyloidosis (IgM type)",
    "not_wm": "Not WM by this definition (marrow infiltration < 10%)",
    "not_classifiable": "Not classifiable by this definition",
}

#: What to do next, per Mayo/WHO-2016 reading (spec §6d, corrected 2026-11-30).
NEXT_STEPS = {
    "igm_mgus_igm_related": (
        "Treatment is directed at the complication, not at a lymphoma (for example rituximab for an IgM-related "
        "neuropathy that requires therapy, mSMART 2010); the IgM MGUS is followed as usual (Khwaja 2022)."
    ),
    "smoldering_wm_igm_related": (
        "Treatment is directed at the complication. IgM ≥ 3 g/dL with marrow < 10% is unusual (ECWM: IgM rarely, if "
        "ever, exceeds 3 g/dL in MGUS): repeat the trephine, and check that the value is the SPEP M-spike, not "
        "nephelometric total IgM."
    ),
    "not_wm": (
        "Not WM by this definition: repeat the trephine or look for another lymphoproliferative disorder (marginal "
        "zone lymphoma, CLL); consider a node biopsy. WM needs ≥ 10% marrow infiltration (Kyle 2016), so do not "
        "start WM therapy on this reading. WHO-2016/ECWM would accept any unequivocal infiltration: see the other "
        "column."
    ),
    "not_classifiable": (
        "Look for another lymphoproliferative disorder or a sampling error: repeat the trephine and consider a node "
        "biopsy."
    ),
    "al_amyloidosis": (
        "Diagnosed and treated as AL amyloidosis (IgM type), not as MGUS: the IMWG MGUS definitions exclude "
        "amyloidosis. Stage the organs (NT-proBNP, troponin, urine albumin) and type the amyloid in tissue."
    ),
}

#: The source of each next step, for the page's "Next steps" (h11's `next_steps_by`).
NEXT_STEP_SOURCES = {
    "igm_mgus_igm_related": "khwaja2022",
    "smoldering_wm_igm_related": "ecwm2022",
    "not_wm": "kyle2016",
    "not_classifiable": "kyle2016",
    "al_amyloidosis": "khwaja2022",
}

#: The IgM-related complication refines the message and the work-up (Khwaja 2022; BSH 2014 for anti-MAG).
COMPLICATIONS = {
    "anti_mag_neuropathy": (
        "Anti-MAG or other IgM neuropathy",
        "Anti-MAG antibodies and nerve conduction studies (BSH 2014, grade A1), with a neurologist; treatment when "
        "the neuropathy is disabling or progressive (rituximab, mSMART 2010).",
    ),
    "cold_agglutinin_disease": (
        "Cold agglutinin disease",
        "Direct antiglobulin test, cold agglutinin titre and thermal amplitude; treatment is directed at the "
        "haemolysis (Khwaja 2022).",
    ),
    "cryoglobulinaemia": (
        "Cryoglobulinaemia",
        "Cryoglobulins on a sample kept at 37 °C, with typing (type I or II); treatment when symptomatic (Khwaja "
        "2022).",
    ),
    "igm_al_amyloidosis": (
        "IgM-AL amyloidosis",
        "AL amyloidosis is its own diagnosis: NT-proBNP, troponin, urine albumin, and a tissue biopsy with typing "
        "of the amyloid (Khwaja 2022).",
    ),
    "schnitzler_syndrome": (
        "Schnitzler syndrome",
        "Chronic urticarial rash with a monoclonal IgM and signs of inflammation: treatment targets the "
        "inflammation (Khwaja 2022).",
    ),
    "other": (
        "Other IgM-related complication",
        "Work-up and treatment are directed at the complication (Khwaja 2022).",
    ),
}

#: Readings that say the same thing in the two columns, although their ids differ.
SAME = {"igm_mgus_igm_related": "igm_related_disorder"}


def _mayo(igm_ge_3: bool, bm_ge_10: bool, tumour: bool, related: bool, complication: str | None) -> str:
    """Mayo/IMWG/WHO-2016. WM needs ≥ 10% marrow (Kyle 2016, PMID 27825464); IgM ≥ 3 g/dL alone only ever makes
    smoldering WM. `tumour` is end-organ damage from the lymphoproliferative disorder, hyperviscosity included;
    `related` is a complication of the IgM itself, which leaves the MGUS label standing (WHO-2016 wording)."""
    if bm_ge_10:
        return "symptomatic_wm" if tumour or related else "smoldering_wm"
    if tumour:
        return "not_wm" if igm_ge_3 else "not_classifiable"
    if related:
        if complication == "igm_al_amyloidosis":
            return "al_amyloidosis"  # IMWG MGUS definitions exclude amyloidosis (spec §6d, second check)
        return "smoldering_wm_igm_related" if igm_ge_3 else "igm_mgus_igm_related"
    return "smoldering_wm" if igm_ge_3 else "igm_mgus"


def _iwwm2(bm_any: bool, tumour: bool, igm_related: bool) -> str:
    """IWWM-2/ECWM: hyperviscosity is an IgM symptom here, so it arrives in `igm_related`."""
    if bm_any:
        return "symptomatic_wm" if tumour or igm_related else "smoldering_wm"
    if tumour:
        return "not_classifiable"  # tumour symptoms without marrow lymphoplasmacytic infiltration: not WM by IWWM-2
    return "igm_related_disorder" if igm_related else "igm_mgus"


def check(ev: Evaluation) -> list[InputProblem]:
    if ev.choice("igm_related_complication") is not None and ev.choice("symptoms_igm_related") == "no":
        return [
            InputProblem(
                "igm_related_complication",
                "inconsistent",
                "An IgM-related complication was chosen, but 'Symptoms due to the IgM protein' is No: answer Yes, "
                "or leave the complication empty.",
            )
        ]
    return []


def derive(ev: Evaluation) -> Derived:
    met = {c.id: bool(ev.met(c.id)) for c in ev.calculator.criteria}
    tumour, related, hvs = met["symptoms_tumour"], met["symptoms_igm_related"], met["symptoms_hyperviscosity"]
    complication = ev.choice("igm_related_complication")
    mayo = _mayo(met["igm_ge_3"], met["bm_ge_10"], tumour or hvs, related, complication)
    iwwm2 = _iwwm2(met["bm_any"], tumour, related or hvs)
    agree = SAME.get(mayo, mayo) == iwwm2
    flag = related  # the complication is a flag beside the entity (MGUS, smoldering WM or WM), not an entity
    lines = [f"Mayo / WHO-2016: {LABELS[mayo]}.", f"IWWM-2 / ECWM: {LABELS[iwwm2]}."]
    if not agree:
        lines.append(
            "The two definitions disagree for this patient: they differ on the IgM cut-off, on marrow infiltration "
            "and on where hyperviscosity belongs."
        )
    next_step = NEXT_STEPS.get(mayo)  # shown under "Next steps" (next_steps_by), not repeated in the summary
    if flag and complication:
        label, workup = COMPLICATIONS[complication]
        lines.append(f"IgM-related complication: {label}. {workup}")
    elif flag:
        lines.append("IgM-related complication present: choose which one for its work-up.")
    if ev.choice("symptoms_hyperviscosity") is None and related and not complication and not met["bm_ge_10"]:
        lines.append(
            "Hyperviscosity was not answered: if the IgM-related symptom is hyperviscosity, answer that question, "
            "because Mayo counts hyperviscosity as end-organ damage (not an IgM-related complication)."
        )
    values = {
        "mayo_who2016": mayo,
        "iwwm2_ecwm": iwwm2,
        "agree": agree,
        "igm_related_complication_flag": flag,
        "complication": complication if flag else None,
        "mayo_next_step": next_step,
    }
    return Derived(category=None, values=values, summary=tuple(lines))


IGM_CLASSIFIER = Calculator(
    id="igm_classifier",
    title="IgM gammopathy classifier: Mayo/WHO-2016 and IWWM-2/ECWM side by side",
    version="1.1.0",
    purpose=(
        "Classifies an IgM monoclonal gammopathy as IgM MGUS (with or without an IgM-related complication), "
        "smoldering WM, symptomatic WM or IgM-related disorder, by both definitions in use."
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
            "Symptoms due to the IgM protein itself",
            "Anti-MAG or other IgM neuropathy, cold agglutinin disease, cryoglobulinaemia, IgM-AL amyloidosis, "
            "Schnitzler syndrome. Hyperviscosity has its own question.",
        ),
        ChoiceInput(
            "igm_related_complication",
            "Which IgM-related complication",
            tuple(Choice(value, label) for value, (label, _) in COMPLICATIONS.items()),
            help="Optional: refines the message and the work-up. Only with 'Symptoms due to the IgM protein': Yes.",
            optional=True,
        ),
        yes_no(
            "symptoms_hyperviscosity",
            "Symptoms of hyperviscosity",
            "Mayo counts hyperviscosity as end-organ damage; IWWM-2/ECWM as an IgM-related symptom.",
            optional=True,
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
        # "10% or more bone marrow infiltration" is required for WM (Kyle 2016, PMID 27825464), and "≥10%" with
        # IgM ≥ 3 g/dL "and/or" makes smoldering WM (Kyle 2012).
        Criterion(
            "bm_ge_10",
            "Marrow infiltration ≥ 10%",
            "bm_lpl_infiltration_pct",
            ">=",
            F(10),
            0,
            "kyle2012",
            "≥10% BM lymphoplasmacytic infiltration",
            sources=("kyle2016",),
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
            sources=("kyle2016",),
        ),
        ChoiceCriterion(
            "symptoms_igm_related",
            "Symptoms due to the IgM protein",
            "symptoms_igm_related",
            ("yes",),
            0,
            "owen2003",
            "IgM-related symptoms without overt lymphoma",
            sources=("ecwm2022", "khwaja2022"),
        ),
        ChoiceCriterion(
            "symptoms_hyperviscosity",
            "Symptoms of hyperviscosity",
            "symptoms_hyperviscosity",
            ("yes",),
            0,
            "kyle2016",
            "no end-organ damage such as symptomatic anemia, constitutional symptoms, hyperviscosity",
            sources=("owen2003",),
        ),
    ),
    categories=(),
    classify=None,
    scored=False,
    check=check,
    derive=derive,
    headline_lines=2,
    # The IWWM-2 watch-and-wait intervals (Kyle 2003, spec §7), for the classification each definition gives.
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
    )
    # The readings the corrected §6d added (Mayo column), each with its source.
    + tuple(("mayo_who2016", value, (NextStep(text, NEXT_STEP_SOURCES[value]),)) for value, text in NEXT_STEPS.items()),
    references=(
        KYLE_2012,
        KYLE_2016,
        IWWM2_DEFINITION,
        ECWM_2022,
        KHWAJA_2022,
        MSMART_2010,
        BSH_2014,
        IWWM2_TREATMENT,
    ),
    notes=(
        "Mayo / WHO-2016: IgM MGUS is an IgM M-protein < 3 g/dL with marrow infiltration < 10% and no end-organ "
        "damage from the lymphoproliferative disorder; smoldering WM is IgM ≥ 3 g/dL and/or marrow ≥ 10% without "
        "end-organ damage; symptomatic WM needs marrow ≥ 10% and end-organ damage (Kyle 2016). Both thresholds "
        "include their value (3 g/dL and 10% are smoldering WM).",
        "IgM ≥ 3 g/dL with marrow < 10% is never WM by Mayo: with tumour-type damage the result is 'not WM by this "
        "definition' (repeat the trephine or look for another lymphoproliferative disorder); with IgM-related "
        "symptoms only, smoldering WM by the IgM cut-off with an IgM-related complication.",
        "A complication caused by the IgM itself (anti-MAG or other IgM neuropathy, cold agglutinin disease, "
        "cryoglobulinaemia, Schnitzler syndrome) leaves the MGUS label standing: WHO-2016 excludes only damage from "
        "the lymphoproliferative disorder. With IgM < 3 g/dL and marrow < 10% the result is IgM MGUS with an "
        "IgM-related complication (IgM monoclonal gammopathy of clinical significance, Khwaja 2022), and treatment "
        "is directed at the complication. The complication is a flag beside the entity, reported with MGUS, "
        "smoldering WM or WM alike.",
        "IgM-AL amyloidosis is diagnosed as AL amyloidosis (IgM type), not as MGUS.",
        "Hyperviscosity counts as end-organ damage under Mayo and as an IgM-related symptom under IWWM-2/ECWM; it "
        "is routed per definition.",
        "IWWM-2 / ECWM: no IgM cut-off; any unequivocal marrow lymphoplasmacytic infiltration is WM (smoldering "
        "without symptoms, symptomatic with them); IgM-related symptoms without lymphoma are an IgM-related "
        "disorder. A percentage above 0 is read as unequivocal infiltration: enter 0 for equivocal findings.",
    ),
    disagreements=(
        (
            "Mayo/WHO-2016 vs IWWM-2/ECWM",
            "IgM < 3 g/dL and marrow < 10% is MGUS by Mayo/WHO-2016; any unequivocal marrow infiltration is WM by "
            "IWWM-2/ECWM, irrespective of the IgM level. Both answers are shown.",
        ),
        ("ECWM 2022 footnote", "IgM 'rarely, if ever, exceeds 30 g/dl in MGUS': a typo for 3 g/dL (30 g/L)."),
        (
            "This project's first version (before 2026-11-30)",
            "called IgM < 3 g/dL, marrow < 10% with an IgM-related complication 'not classifiable', and IgM ≥ 3 "
            "g/dL with marrow < 10% and symptoms 'symptomatic WM' (Mayo). Mayo/IMWG WM needs ≥ 10% marrow (Kyle "
            "2016), and WHO-2016 excludes from MGUS only damage from the lymphoproliferative disorder.",
        ),
        (
            "'Not WM by Mayo' with IgM ≥ 3 g/dL, marrow < 10% and tumour-type damage",
            "debatable once WHO-2016/ECWM accept any unequivocal infiltration as WM: both readings are shown, and a "
            "node biopsy is part of the work-up.",
        ),
    ),
)
