"""IgM gammopathy classifier (spec §6d, corrected 2026-11-30): IgM MGUS (with or without an IgM-related
complication), smoldering WM, symptomatic WM or IgM-related disorder, by the Mayo/WHO-2016 definitions and by
the IWWM-2/ECWM definitions, side by side. Mayo WM needs ≥ 10% marrow infiltration: an IgM ≥ 3 g/dL never
makes WM on its own. Where a definition does not cover a combination, the answer says so, never a guess.

Issue 18 (independent review 2026-12): symptomatic hyperviscosity leads every branch and both columns with the one
urgent message (`emergency`, H1); an IgM above 6000 mg/dL gets the high-risk message; a cold agglutinin disease
clone is not called WM (S1, S6). WHO-HAEM5 and ICC 2022 are named beside the two definitions, but their criteria
could not be read in a primary source, so none is applied (said on the page and in every result).
"""

from __future__ import annotations

from fractions import Fraction as F

from .emergency import HIGH_RISK_CODE, HIGH_RISK_STEP, URGENT, URGENT_CODE, URGENT_STEP
from .engine import Evaluation
from .inputs import InputProblem
from .model import Calculator, Choice, ChoiceCriterion, ChoiceInput, Criterion, Derived, NextStep, Reference
from .quantities import BM_INFILTRATION, M_PROTEIN, with_label, yes_no
from .smoldering import KYLE_2012
from .sources import (
    ALAGGIO_2022,
    BERENTSEN_2021,
    BSH_2014,
    CAMPO_2022,
    GUSTINE_2017,
    ICC_PLASMA_CELL_2023,
    IWWM2_TREATMENT,
    KAPOOR_2017,
    KHWAJA_2022,
    KYLE_2016,
    MSMART_2010,
    RANDEN_2013,
    SIMON_2013,
)

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
    # S1: the marrow clone of cold agglutinin disease is mostly not lymphoplasmacytic lymphoma (Randen 2013).
    "cad_clone": (
        "Cold agglutinin disease with a marrow B-cell infiltrate: not called WM here (usually the CAD-associated "
        "lymphoproliferative disorder, not lymphoplasmacytic lymphoma)"
    ),
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
        "start WM-directed cytoreduction on this reading; this never applies to plasma exchange for symptomatic "
        "hyperviscosity. WHO-2016/ECWM would accept any unequivocal infiltration: see the other column."
    ),
    "not_classifiable": (
        "Look for another lymphoproliferative disorder or a sampling error: repeat the trephine and consider a node "
        "biopsy."
    ),
    "al_amyloidosis": (
        "Diagnosed and treated as AL amyloidosis (IgM type), not as MGUS: the IMWG MGUS definitions exclude "
        "amyloidosis. Stage the organs (NT-proBNP, troponin, urine albumin) and type the amyloid in tissue."
    ),
    "cad_clone": (
        "Cold agglutinin disease with a marrow infiltrate: usually the CAD-associated lymphoproliferative disorder "
        "(MYD88 L265P not detected in 17 of 17, Randen 2013; rarely seen, Khwaja 2022), not lymphoplasmacytic "
        "lymphoma. Ask the pathologist, test MYD88 L265P, and treat as CAD: corticosteroids should not be used; "
        "B-cell-directed therapy first (Berentsen 2021). Keep warm."
    ),
}

#: The source of each next step, for the page's "Next steps" (h11's `next_steps_by`).
NEXT_STEP_SOURCES = {
    "igm_mgus_igm_related": "khwaja2022",
    "smoldering_wm_igm_related": "ecwm2022",
    "not_wm": "kyle2016",
    "not_classifiable": "kyle2016",
    "al_amyloidosis": "khwaja2022",
    "cad_clone": "berentsen2021",
}

#: The IgM-related complication refines the message and the work-up (Khwaja 2022; BSH 2014 for anti-MAG).
COMPLICATIONS = {
    "anti_mag_neuropathy": (
        "Anti-MAG or other IgM neuropathy",
        "Anti-MAG antibodies and nerve conduction studies (BSH 2014, grade A1), with a neurologist; treatment when "
        "the neuropathy is disabling or progressive (rituximab, mSMART 2010). The rituximab IgM flare may "
        "transiently worsen the neuropathy.",
    ),
    "cold_agglutinin_disease": (
        "Cold agglutinin disease",
        "Direct antiglobulin test, cold agglutinin titre and thermal amplitude; treatment is directed at the "
        "haemolysis (Khwaja 2022). Corticosteroids should not be used; B-cell-directed therapy (rituximab, or "
        "bendamustine–rituximab) is first line (Berentsen 2021). Keep warm.",
    ),
    "cryoglobulinaemia": (
        "Cryoglobulinaemia",
        "Cryoglobulins on a sample kept at 37 °C, with typing (type I or II); treatment when symptomatic (Khwaja "
        "2022).",
    ),
    "igm_al_amyloidosis": (
        "IgM-AL amyloidosis",
        "IgM-associated AL amyloidosis (treat as AL): NT-proBNP, troponin, urine albumin, and a tissue biopsy with "
        "typing of the amyloid (Khwaja 2022).",
    ),
    "schnitzler_syndrome": (
        "Schnitzler syndrome",
        "Chronic urticarial rash with a monoclonal IgM and signs of inflammation: treatment targets the "
        "inflammation (Khwaja 2022), with IL-1 blockade, not clone-directed therapy (Simon 2013, recalled).",
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


def _cad_clone(reading: str, complication: str | None, tumour: bool, hvs: bool) -> str:
    """S1: a marrow infiltrate in cold agglutinin disease with no other symptom is not labelled WM (Randen 2013;
    Khwaja 2022). With tumour-type damage or hyperviscosity the WM reading stands (with the CAD message)."""
    if complication == "cold_agglutinin_disease" and reading == "symptomatic_wm" and not (tumour or hvs):
        return "cad_clone"
    return reading


def derive(ev: Evaluation) -> Derived:
    met = {c.id: bool(ev.met(c.id)) for c in ev.calculator.criteria}
    tumour, related, hvs = met["symptoms_tumour"], met["symptoms_igm_related"], met["symptoms_hyperviscosity"]
    complication = ev.choice("igm_related_complication")
    mayo = _cad_clone(_mayo(met["igm_ge_3"], met["bm_ge_10"], tumour or hvs, related, complication), complication,
                      tumour, hvs)  # fmt: skip
    iwwm2 = _cad_clone(_iwwm2(met["bm_any"], tumour, related or hvs), complication, tumour, hvs)
    agree = SAME.get(mayo, mayo) == iwwm2
    flag = related  # the complication is a flag beside the entity (MGUS, smoldering WM or WM), not an entity
    codes = ([URGENT_CODE] if hvs else []) + ([HIGH_RISK_CODE] if met["igm_gt_6000"] else [])
    if hvs:
        # H1: the emergency leads every branch, and both readings stand on the line after it.
        lines = [URGENT, f"Mayo / WHO-2016: {LABELS[mayo]}. IWWM-2 / ECWM: {LABELS[iwwm2]}."]
    else:
        lines = [f"Mayo / WHO-2016: {LABELS[mayo]}.", f"IWWM-2 / ECWM: {LABELS[iwwm2]}."]
    if not agree:
        lines.append(
            "The two definitions disagree for this patient: they differ on the IgM cut-off, on marrow infiltration "
            "and on where hyperviscosity belongs."
        )
    next_step = NEXT_STEPS.get(mayo)  # shown under "Next steps" (next_steps_by), not repeated in the summary
    iwwm2_step = NEXT_STEPS.get(iwwm2) if iwwm2 == "cad_clone" else None
    if hvs:
        # Neither column's step ever stands without the emergency before it.
        next_step = URGENT + (" " + next_step if next_step else "")
        iwwm2_step = URGENT + (" " + iwwm2_step if iwwm2_step else "")
    if complication == "cold_agglutinin_disease" and met["bm_any"] and "cad_clone" not in (mayo, iwwm2):
        lines.append(NEXT_STEPS["cad_clone"])
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
        "iwwm2_next_step": iwwm2_step,
        "urgent": hvs,
        "high_risk_hyperviscosity": met["igm_gt_6000"],
        "message_codes": codes,
        # Named, not applied: their criteria were not readable in a primary source (issue 18).
        "who_haem5_icc2022": "not_applied_source_not_read",
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
        # "> 60 g/L" (Gustine 2017, PMID 28485115): strict. The M-spike cannot exceed the total IgM, so an M-spike
        # above 60 g/L means a serum IgM above it too: the high-risk message (issue 18).
        Criterion(
            "igm_gt_6000",
            "IgM M-protein > 6000 mg/dL (> 60 g/L)",
            "igm_m_protein",
            ">",
            F(6),
            0,
            "gustine2017",
            "A serum IgM level >60 g/l at diagnosis was associated with a median time to symptomatic hyperviscosity of "
            "3 months",
            native=(("g/L", F(60)), ("mg/dL", F(6000))),
        ),
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
    # The emergency first (H1), then the IWWM-2 watch-and-wait intervals (Kyle 2003, spec §7), for the
    # classification each definition gives.
    next_steps_by=(
        ("urgent", True, (URGENT_STEP,)),
        ("high_risk_hyperviscosity", True, (HIGH_RISK_STEP,)),
        *(
            (key, value, (step,))
            for key in ("mayo_who2016", "iwwm2_ecwm")
            for value, step in (
                (
                    "igm_mgus",
                    NextStep(
                        "IgM MGUS: watch and wait, serum protein electrophoresis yearly (IWWM-2).", "iwwm2_kyle2003"
                    ),
                ),
                (
                    "smoldering_wm",
                    NextStep("Smoldering WM: watch and wait, follow-up every 6 months (IWWM-2).", "iwwm2_kyle2003"),
                ),
            )
        ),
        # The readings the corrected §6d added (Mayo column), each with its source.
        *(("mayo_who2016", value, (NextStep(text, NEXT_STEP_SOURCES[value]),)) for value, text in NEXT_STEPS.items()),
        ("iwwm2_ecwm", "cad_clone", (NextStep(NEXT_STEPS["cad_clone"], "berentsen2021"),)),
    ),
    references=(
        KYLE_2012,
        KYLE_2016,
        IWWM2_DEFINITION,
        ECWM_2022,
        KHWAJA_2022,
        MSMART_2010,
        BSH_2014,
        IWWM2_TREATMENT,
        KAPOOR_2017,
        GUSTINE_2017,
        BERENTSEN_2021,
        RANDEN_2013,
        SIMON_2013,
        ALAGGIO_2022,
        CAMPO_2022,
        ICC_PLASMA_CELL_2023,
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
        "Symptomatic hyperviscosity: whatever either definition says, the result starts with plasma exchange now, "
        "before cytoreduction, then systemic therapy (mSMART 2016, Kapoor 2017; Gustine 2017); 'do not start WM "
        "therapy' never applies to plasma exchange. An IgM M-protein above 6000 mg/dL (60 g/L) adds fundoscopy and "
        "serum viscosity now (Gustine 2017).",
        "Cold agglutinin disease with a marrow infiltrate and no other symptom is not called WM: the marrow clone in "
        "CAD is usually the CAD-associated lymphoproliferative disorder, distinct from lymphoplasmacytic lymphoma, "
        "with MYD88 L265P not detected in 17 of 17 cases (Randen 2013) and rarely seen (Khwaja 2022). Ask the "
        "pathologist and test MYD88; treat as CAD: corticosteroids should not be used, B-cell-directed therapy "
        "first (Berentsen 2021).",
        "WHO-HAEM5 (Alaggio 2022) and ICC 2022 (Campo 2022) are not applied: only the introduction of WHO-HAEM5 "
        "and the abstract of the ICC were reachable in stored copies, so their criteria (IgM MGUS subtypes, "
        "lymphoplasmacytic lymphoma, cold agglutinin disease) could not be read in the primary text. Neither is "
        "implemented from memory or a summary. The ICC's plasma-cell chapter (Virchows Arch 2023, opening section "
        "read) splits IgM MGUS into an 'IgM MGUS of plasma cell type' (t(11;14) or other cytogenetic findings) and "
        "the rest; this calculator asks neither cytogenetics nor MYD88, so it assigns no subtype.",
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
            "Cold agglutinin disease vs both definitions",
            "By their thresholds alone, Mayo/WHO-2016 (marrow ≥ 10%) and IWWM-2/ECWM (any infiltrate) would call a "
            "CAD marrow clone with haemolysis 'symptomatic WM'; the CAD-associated lymphoproliferative disorder is a "
            "distinct B-cell disorder (Randen 2013; Khwaja 2022). This calculator follows the latter.",
        ),
        (
            "WHO-HAEM5 and ICC 2022 vs the definitions shown",
            "Both newer classifications list cold agglutinin disease and IgM MGUS subtypes (independent review "
            "2026-12). One difference could be read: the ICC plasma-cell chapter (Virchows Arch 2023) defines IgM "
            "MGUS as an 'IgM paraprotein with < 10% bone marrow clonal plasma cells and lacking lymphoplasmacytic "
            "B-cell aggregates sufficient for a diagnosis of LPL', a sentence that names no IgM level, where "
            "Mayo/WHO-2016 sets IgM < 3 g/dL; and it splits off an 'IgM MGUS of plasma cell type'. The other "
            "criteria were not reachable in a primary source, so the rest cannot be stated criterion by criterion.",
        ),
        (
            "'Not WM by Mayo' with IgM ≥ 3 g/dL, marrow < 10% and tumour-type damage",
            "debatable once WHO-2016/ECWM accept any unequivocal infiltration as WM: both readings are shown, and a "
            "node biopsy is part of the work-up.",
        ),
    ),
)
