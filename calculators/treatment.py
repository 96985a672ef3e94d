"""Does this patient with WM (or with IgM MGUS and an IgM-related complication) meet a consensus indication
to treat? (spec §7; independent review 2026-11, §1.5 and §1.11)

Every input is optional: a criterion whose input was left empty is "not assessed", never assumed
absent, and then no "no indication" verdict is given. The IgM level alone is never an indication;
IgM > 6000 mg/dL with nothing else raises a flag only, because the sources disagree. Anaemia and
thrombocytopenia each have their own attribution to WM; the older shared answer still counts for
either when its own answer is left empty. For IgM MGUS with an IgM-related complication, only the
indications driven by the IgM itself apply (Khwaja 2022: treatment "is dictated by the pathological
characteristics of the circulating IgM rather than the tumor itself"). Issue 18 (independent review 2026-12, H2,
S5, S6, M5-M7): bleeding from acquired von Willebrand syndrome and IgM-related kidney disease (MGRS) apply there too;
symptomatic hyperviscosity leads with the one urgent message (`emergency`); IgM > 6000 mg/dL gets fundoscopy and
viscosity now; each IgM-driven complication carries its own sourced next step.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction as F

from .emergency import HIGH_RISK, HIGH_RISK_CODE, HIGH_RISK_STEP, URGENT, URGENT_CODE, URGENT_STEP
from .engine import Evaluation
from .mgus import IGM_MGUS_FOLLOW_UP, IMWG_2010
from .model import Calculator, Category, Choice, ChoiceCriterion, ChoiceInput, Criterion, Derived, NextStep
from .quantities import HEMOGLOBIN, NODE_SIZE, PLATELETS, SERUM_IGM, optional, yes_no
from .sources import (
    ABEYKOON,
    ANTI_MAG_WORSENING,
    BERENTSEN_2021,
    CARAVACA_2017,
    ESMO_2018,
    GUSTINE_2017,
    IWWM2_TREATMENT,
    IWWM7,
    KAPOOR_2017,
    KHWAJA_2022,
    LEUNG_2021,
    MEDSCAPE_CAD,
    MSMART_2010,
    NCCN_SUMMARY,
    NICOL_2022,
    SIMON_2013,
    TIEDE_2011,
    VARETTONI_2017,
    ZANWAR_KAPOOR_2024,
)

I2, I7, ES, NC = "iwwm2_kyle2003", "iwwm7_dimopoulos2014", "esmo2018", "nccn_wm"


def _yes(criterion_id: str, label: str, input_id: str, source: str, wording: str, *more: str) -> ChoiceCriterion:
    return ChoiceCriterion(criterion_id, label, input_id, ("yes",), 0, source, wording, sources=more)


CRITERIA = (
    _yes(
        "b_symptoms",
        "Constitutional (B) symptoms",
        "b_symptoms",
        I2,
        "recurrent fever, night sweats, fatigue due to anemia, or weight loss",
        I7,
        ES,
        NC,
    ),
    _yes(
        "symptomatic_hyperviscosity",
        "Symptomatic hyperviscosity",
        "symptomatic_hyperviscosity",
        I2,
        "hyperviscosity syndrome … may also be [an indication]",
        I7,
        ES,
        NC,
        "msmart2010",
        "kapoor2017",
    ),
    # "≤ 10 g/dL" (IWWM-2; the brief and IWMF say < 10). 6.21 mmol/L is a derived equivalent (10 × 0.6206 =
    # 6.206, rounded), not a published threshold: IWWM-2 publishes g/dL only (spec §1).
    Criterion(
        "hemoglobin_le_10",
        "Haemoglobin ≤ 10 g/dL",
        "hemoglobin",
        "<=",
        F(10),
        0,
        I2,
        "anemia with a hemoglobin value of ≤10 g/dL … due to marrow infiltration",
        native=(("g/L", F(100)), ("mmol/L", F("6.21"))),
        derived_native=("mmol/L",),
        sources=(I7,),
    ),
    Criterion(
        "platelets_lt_100",
        "Platelets < 100 ×10⁹/L",
        "platelets",
        "<",
        F(100),
        0,
        I2,
        "a platelet count <100 × 10⁹/L due to marrow infiltration",
        sources=(I7,),
    ),
    _yes(
        "cytopenia_due_to_wm",
        "Cytopenia due to marrow infiltration by WM",
        "cytopenia_due_to_wm",
        I2,
        "due to marrow infiltration",
    ),
    # One attribution each (independent review §1.11: thrombocytopenia from ITP beside a marrow-related anaemia).
    _yes(
        "anaemia_due_to_wm",
        "Anaemia due to marrow infiltration by WM",
        "anaemia_due_to_wm",
        I2,
        "anemia with a hemoglobin value of ≤10 g/dL … due to marrow infiltration",
    ),
    _yes(
        "thrombocytopenia_due_to_wm",
        "Thrombocytopenia due to marrow infiltration by WM",
        "thrombocytopenia_due_to_wm",
        I2,
        "a platelet count <100 × 10⁹/L due to marrow infiltration",
    ),
    Criterion(
        "bulky_node",
        "Largest node ≥ 5 cm (bulky)",
        "largest_node_cm",
        ">=",
        F(5),
        0,
        I7,
        "lymphadenopathy, symptomatic or bulky (≥5 cm in maximum diameter)",
        native=(("mm", F(50)),),
        sources=(NC,),
    ),
    _yes(
        "node_symptomatic",
        "Symptomatic lymphadenopathy",
        "node_symptomatic",
        I7,
        "lymphadenopathy, symptomatic or bulky",
        I2,
    ),
    _yes(
        "node_progressive",
        "Progressive lymphadenopathy",
        "node_progressive",
        I2,
        "progressive, symptomatic lymphadenopathy or splenomegaly",
    ),
    _yes(
        "organomegaly_symptomatic",
        "Symptomatic hepatomegaly, splenomegaly or organ infiltration",
        "organomegaly_symptomatic",
        I7,
        "symptomatic hepatomegaly and/or splenomegaly; symptomatic organomegaly and/or organ/tissue infiltration",
        I2,
    ),
    ChoiceCriterion(
        "neuropathy_moderate_severe",
        "Moderate or severe (or progressive) neuropathy due to WM",
        "neuropathy",
        ("moderate_severe",),
        0,
        ES,
        "moderate or severe neuropathy",
        sources=(I2, I7),
    ),
    _yes(
        "cryoglobulinemia_symptomatic",
        "Symptomatic cryoglobulinaemia",
        "cryoglobulinemia_symptomatic",
        I2,
        "symptomatic cryoglobulinemia",
        I7,
        ES,
    ),
    _yes(
        "cold_agglutinin_disease_symptomatic",
        "Symptomatic cold agglutinin disease",
        "cold_agglutinin_disease_symptomatic",
        I7,
        "symptomatic cold agglutinin anaemia",
        ES,
    ),
    _yes(
        "autoimmune_cytopenia",
        "Autoimmune haemolytic anaemia or thrombocytopenia",
        "autoimmune_cytopenia",
        I7,
        "autoimmune haemolytic anaemia and/or thrombocytopenia",
    ),
    # In IgM MGUS the same kidney disease is MGRS, treated by targeting the clone (H2; Leung 2021, Caravaca 2017).
    _yes(
        "wm_nephropathy",
        "WM- or IgM-related nephropathy (MGRS in IgM MGUS)",
        "wm_nephropathy",
        I7,
        "WM-related nephropathy",
        I2,
        "leung2021_mgrs",
    ),
    # Bing–Neel syndrome is CNS infiltration by the lymphoplasmacytic cells: IWWM-7's "organ/tissue infiltration".
    _yes(
        "bing_neel",
        "Bing–Neel syndrome (central nervous system infiltration)",
        "bing_neel",
        I7,
        "symptomatic organomegaly and/or organ/tissue infiltration",
        "varettoni2017",
    ),
    _yes(
        "avwd_bleeding",
        "Bleeding from acquired von Willebrand disease or acquired haemophilia",
        "avwd_bleeding",
        "zanwar_kapoor2024",
        "acquired von Willebrand disease or acquired hemophilia–associated bleeding",
        "khwaja2022",
    ),
    # Not an indication within the WM criteria: a reason to biopsy first (shown beside the verdict).
    _yes(
        "suspected_transformation",
        "Suspected transformation to an aggressive lymphoma",
        "suspected_transformation",
        "zanwar_kapoor2024",
        "histologic transformation",
    ),
    _yes("amyloidosis", "IgM-associated AL amyloidosis", "amyloidosis", I7, "WM-related amyloidosis", I2, ES),
    # Schnitzler syndrome is an IgM-MGCS whose treatment is IL-1 blockade, not the clone (M7): never an indication
    # for clone-directed therapy, a next step of its own.
    _yes(
        "schnitzler_syndrome",
        "Schnitzler syndrome",
        "schnitzler_syndrome",
        "khwaja2022",
        "Schnitzler syndrome",
        "simon2013",
    ),
    # "> 60 g/L" (Gustine 2017) and "greater than 6000 mg/dL" (NCCN per summary): strict. A flag, not an indication.
    Criterion(
        "igm_over_6000",
        "Serum IgM > 6000 mg/dL (flag only)",
        "serum_igm",
        ">",
        F(6),
        0,
        "gustine2017",
        "serum IgM level >60 g/L as a criterion for initiation of therapy in an otherwise asymptomatic WM patient",
        native=(("g/L", F(60)), ("mg/dL", F(6000))),
        sources=(NC,),
    ),
)


@dataclass(frozen=True)
class Indication:
    """A consensus indication: met when every one of its criteria is met. `mgcs` marks the indications driven by
    the IgM itself, which also apply to IgM MGUS with an IgM-related complication (Khwaja 2022)."""

    id: str
    label: str
    all_of: tuple[str, ...]
    mgcs: bool = False


INDICATIONS = (
    Indication("symptomatic_hyperviscosity", "Symptomatic hyperviscosity", ("symptomatic_hyperviscosity",), True),
    Indication("b_symptoms", "Constitutional (B) symptoms", ("b_symptoms",)),
    # The attribution of each cytopenia is resolved in `_attribution` (its own answer, else the shared one).
    Indication("anaemia", "Haemoglobin ≤ 10 g/dL due to WM", ("hemoglobin_le_10", "anaemia_due_to_wm")),
    Indication(
        "thrombocytopenia", "Platelets < 100 ×10⁹/L due to WM", ("platelets_lt_100", "thrombocytopenia_due_to_wm")
    ),
    Indication("bulky_node", "Bulky lymphadenopathy (≥ 5 cm)", ("bulky_node",)),
    Indication("node_symptomatic", "Symptomatic lymphadenopathy", ("node_symptomatic",)),
    Indication("node_progressive", "Progressive lymphadenopathy", ("node_progressive",)),
    Indication("organomegaly_symptomatic", "Symptomatic organomegaly", ("organomegaly_symptomatic",)),
    Indication("neuropathy", "Moderate or severe neuropathy", ("neuropathy_moderate_severe",), True),
    Indication("cryoglobulinemia", "Symptomatic cryoglobulinaemia", ("cryoglobulinemia_symptomatic",), True),
    Indication(
        "cold_agglutinin_disease",
        "Symptomatic cold agglutinin disease",
        ("cold_agglutinin_disease_symptomatic",),
        True,
    ),
    Indication("autoimmune_cytopenia", "Autoimmune haemolytic anaemia or thrombocytopenia", ("autoimmune_cytopenia",)),
    # H2: kidney disease caused by the IgM (MGRS) and AVWS bleeding are IgM-MGCS too (Khwaja 2022, table 1).
    Indication("wm_nephropathy", "WM- or IgM-related nephropathy (MGRS)", ("wm_nephropathy",), True),
    Indication("amyloidosis", "IgM-associated AL amyloidosis (treat as AL)", ("amyloidosis",), True),
    Indication("bing_neel", "Bing–Neel syndrome", ("bing_neel",)),
    Indication("avwd_bleeding", "Bleeding from acquired von Willebrand disease", ("avwd_bleeding",), True),
)

#: Next steps for the IgM-driven complications, each with its source (H2, S6, M6, M7, M12). Keyed by the
#: criterion whose "yes" calls for it; shown whatever the diagnosis, in this order, after the urgent message.
COMPLICATION_STEPS = (
    (
        "avwd_bleeding",
        "avws_haemostasis",
        NextStep(
            "Bleeding from acquired von Willebrand syndrome: haemostatic cover with the haemostasis team (intravenous "
            "immunoglobulin, VWF-containing concentrate, desmopressin; plasmapheresis or recombinant factor VIIa for "
            "some; responses are often short-lived) and clone-directed therapy, which alone can cure it (Tiede 2011; "
            "Nicol 2022).",
            "nicol2022_avws",
        ),
    ),
    (
        "wm_nephropathy",
        "mgrs_clone_directed",
        NextStep(
            "IgM-related kidney disease (MGRS): kidney biopsy to show that the monoclonal IgM causes the lesion, then "
            "clone-directed therapy with the haematologist and nephrologist, irrespective of the criteria for a "
            "lymphoma (Caravaca-Fontán 2017; Leung 2021).",
            "caravaca2017_mgrs",
        ),
    ),
    (
        "cold_agglutinin_disease_symptomatic",
        "cad_no_steroids",
        NextStep(
            "Cold agglutinin disease: corticosteroids should not be used. B-cell-directed therapy first "
            "(bendamustine–rituximab; rituximab alone if frail); sutimlimab is an emerging second-line option "
            "(Berentsen 2021). Keep warm; if red cells are needed, warm them (in-line warmer, 37 °C) (Medscape, "
            "secondary).",
            "berentsen2021",
        ),
    ),
    (
        "amyloidosis",
        "al_treat_as_al",
        NextStep(
            "IgM-associated AL amyloidosis: treat as AL amyloidosis (organ staging: NT-proBNP, troponin, urine "
            "albumin; amyloid typing in tissue), not by the WM criteria (Khwaja 2022).",
            "khwaja2022",
        ),
    ),
    (
        "schnitzler_syndrome",
        "schnitzler_il1",
        NextStep(
            "Schnitzler syndrome: IL-1 blockade (anakinra), not clone-directed therapy (Simon 2013, recalled; Khwaja "
            "2022: treatment targets the inflammation).",
            "simon2013",
        ),
    ),
    (
        "neuropathy_moderate_severe",
        "neuropathy_flare",
        NextStep(
            "IgM neuropathy treated with rituximab: the IgM flare may transiently worsen the neuropathy (rapid "
            "worsening within weeks of starting rituximab has been reported in anti-MAG neuropathy); monitor "
            "closely.",
            "anti_mag_rituximab_worsening",
        ),
    ),
)

#: Follow-up when no indication is met, by population (M5): smoldering WM's is not IgM MGUS's.
WM_FOLLOW_UP = (
    NextStep("If observed: smoldering WM every 6 months (IWWM-2).", "iwwm2_kyle2003"),
    NextStep("If observed: watchful waiting every 3–6 months (ESMO 2018).", "esmo2018"),
)
MGUS_FOLLOW_UP = (
    *IGM_MGUS_FOLLOW_UP,
    NextStep("IgM MGUS: serum protein electrophoresis yearly (IWWM-2).", "iwwm2_kyle2003"),
)
STATUS = {True: "met", False: "not_met", None: "not_assessed"}

IGM_ALONE = "The IgM level alone is not an indication to treat (IWWM-2; ESMO 2018)."


def _all(values: list[bool | None]) -> bool | None:
    """Three-valued AND: False if any is False, None if any is unknown, else True."""
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _sources(ev: Evaluation, ids: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for criterion in ev.calculator.criteria:
        if criterion.id in ids:
            for ref in (criterion.source, *criterion.sources):
                if ref not in found:
                    found.append(ref)
    return found


def _attribution(ev: Evaluation, criterion_id: str) -> bool | None:
    """A cytopenia's own attribution when answered, else the shared `cytopenia_due_to_wm` (kept working)."""
    if criterion_id in {"anaemia_due_to_wm", "thrombocytopenia_due_to_wm"} and ev.met(criterion_id) is None:
        return ev.met("cytopenia_due_to_wm")
    return ev.met(criterion_id)


def derive(ev: Evaluation) -> Derived:
    mgcs = ev.choice("diagnosis") == "igm_mgus_igm_related"
    applicable = [i for i in INDICATIONS if i.mgcs or not mgcs]
    statuses = [(i, _all([_attribution(ev, c) for c in i.all_of])) for i in applicable]
    met = [i for i, status in statuses if status]
    if met:
        indicated: bool | None = True
    elif all(status is False for _, status in statuses):
        indicated = False
    else:
        indicated = None
    transformation = ev.met("suspected_transformation") is True
    igm_high = ev.met("igm_over_6000") is True
    preemptive = igm_high and indicated is not True
    urgent = ev.met("symptomatic_hyperviscosity") is True
    summary: list[str] = []
    codes: list[str] = []
    if urgent:
        # H1/S5: the emergency leads, before the transformation and population lines.
        summary.append(URGENT)
        codes.append(URGENT_CODE)
    if igm_high:
        codes.append(HIGH_RISK_CODE)
    complications = [code for criterion, code, _ in COMPLICATION_STEPS if ev.met(criterion) is True]
    codes += complications
    if transformation:
        summary.append(
            "Suspected transformation to an aggressive lymphoma: biopsy first, before any "
            "therapy. A transformed lymphoma is treated as such, not by the WM criteria below (Zanwar & Kapoor "
            "2024 list histologic transformation among the complications that worsen the course)."
        )
    if indicated:
        summary.append("A consensus indication to treat is met: " + "; ".join(i.label for i in met) + ".")
    elif indicated is False:
        # "Every criterion" only when it is true: in IgM MGUS only the applicable ones were needed.
        scope = "every applicable criterion" if mgcs else "every criterion"
        summary.append(f"No consensus indication to treat is met ({scope} was assessed).")
    else:
        summary.append(
            "No consensus indication is met among the criteria assessed, but some were not assessed: "
            "no conclusion can be drawn until they are."
        )
    if mgcs:
        summary.append(
            "IgM MGUS with an IgM-related complication: only the indications driven by the IgM itself apply "
            "(hyperviscosity, neuropathy, cryoglobulinaemia, cold agglutinin disease, AL amyloidosis, IgM-related "
            "kidney disease, bleeding from acquired von Willebrand syndrome). Treatment is directed at the "
            "complication (Khwaja 2022); AL amyloidosis is treated as AL."
        )
    if preemptive:
        summary.append(
            "Serum IgM > 6000 mg/dL (> 60 g/L) with no other criterion: no consensus indication. Some sources "
            "(Gustine 2017; NCCN per summary) support considering therapy; Mayo data argue against IgM alone as a "
            "trigger. Discuss."
        )
    if igm_high:
        summary.append(HIGH_RISK)
    if ev.met("schnitzler_syndrome") is True:
        summary.append(
            "Schnitzler syndrome is treated with IL-1 blockade, not clone-directed therapy: it is not a criterion "
            "for WM therapy here."
        )
    if ev.choice("neuropathy") == "mild":
        summary.append(
            "Mild neuropathy is not an indication under ESMO ('moderate or severe'); IWWM-7 lists 'peripheral "
            "neuropathy due to WM' without a grade. Discuss."
        )
    if not mgcs:
        for cytopenia, attribution, label in (
            ("hemoglobin_le_10", "anaemia_due_to_wm", "Haemoglobin ≤ 10 g/dL"),
            ("platelets_lt_100", "thrombocytopenia_due_to_wm", "Platelets < 100"),
        ):
            if ev.met(cytopenia) and _attribution(ev, attribution) is not True:
                summary.append(f"{label} counts only if due to marrow infiltration by WM; that was not confirmed.")
    applicable_ids = {i.id for i in applicable}
    values = {
        "indicated": indicated,
        "criteria_met": [{"id": i.id, "label": i.label, "sources": _sources(ev, i.all_of)} for i in met],
        "indications": [
            {
                "id": i.id,
                "label": i.label,
                "status": STATUS[dict((x.id, s) for x, s in statuses)[i.id]]
                if i.id in applicable_ids
                else "not_applicable",
            }
            for i in INDICATIONS
        ],
        "preemptive_flag": preemptive,
        "urgent": urgent,
        "transformation_suspected": transformation,
        "population": "igm_mgus_igm_related" if mgcs else "wm",
        "igm_alone_statement": IGM_ALONE,
        # One stable code per message, as in the hyperviscosity check (issue 18): tests and pages match codes.
        "message_codes": codes,
        "high_risk_hyperviscosity": igm_high,
        # The follow-up when nothing is indicated: IgM MGUS's (IMWG 2010) or smoldering WM's, never at IgM > 60 g/L.
        "follow_up": None if indicated is not False or igm_high else ("igm_mgus" if mgcs else "smoldering_wm"),
        **{"step_" + code: code in complications for _, code, _ in COMPLICATION_STEPS},
    }
    category = {True: "indicated", False: "not_indicated", None: "incomplete"}[indicated]
    if transformation:
        category = "biopsy_first"
    return Derived(category=category, values=values, summary=tuple(summary))


_YES_NO = "Yes if present and attributable to WM (not explained by another cause)."

TREATMENT_INDICATION = Calculator(
    id="treatment_indication",
    title="Consensus indication to treat Waldenström macroglobulinemia",
    version="1.1.0",
    purpose=(
        "Checks whether a patient with WM, or with IgM MGUS and an IgM-related complication, meets a consensus "
        "indication to start therapy, criterion by criterion."
    ),
    population=(
        "Patients with a diagnosis of WM (IgM with marrow lymphoplasmacytic infiltration) deciding between "
        "observation and therapy, and patients with IgM MGUS and an IgM-related complication (IgM monoclonal "
        "gammopathy of clinical significance), for whom only the indications driven by the IgM itself apply. Each "
        "finding must be attributable to the disease, not to another cause. Not for IgM MGUS without a "
        "complication, and not for μ heavy chain disease (treated as the underlying lymphoproliferative disorder)."
    ),
    inputs=(
        ChoiceInput(
            "diagnosis",
            "Diagnosis",
            (
                Choice("wm", "Waldenström macroglobulinemia"),
                Choice("igm_mgus_igm_related", "IgM MGUS with an IgM-related complication"),
            ),
            help="Left empty, the patient is taken to have WM, as in earlier versions of this check.",
            optional=True,
        ),
        yes_no(
            "b_symptoms", "Constitutional symptoms (fever, night sweats, > 10% weight loss, fatigue)", _YES_NO, True
        ),
        yes_no("symptomatic_hyperviscosity", "Symptomatic hyperviscosity", _YES_NO, True),
        optional(HEMOGLOBIN),
        optional(PLATELETS),
        yes_no(
            "cytopenia_due_to_wm",
            "Cytopenia attributable to marrow infiltration by WM",
            "Applies to both anaemia and thrombocytopenia unless each is answered below.",
            optional=True,
        ),
        yes_no("anaemia_due_to_wm", "Anaemia attributable to marrow infiltration by WM", optional=True),
        yes_no(
            "thrombocytopenia_due_to_wm",
            "Thrombocytopenia attributable to marrow infiltration by WM",
            "For example No when the low platelets are from immune thrombocytopenia.",
            optional=True,
        ),
        optional(NODE_SIZE),
        yes_no("node_symptomatic", "Symptomatic lymphadenopathy", _YES_NO, True),
        yes_no("node_progressive", "Progressive lymphadenopathy", _YES_NO, True),
        yes_no(
            "organomegaly_symptomatic", "Symptomatic hepatomegaly, splenomegaly or organ infiltration", _YES_NO, True
        ),
        ChoiceInput(
            "neuropathy",
            "Peripheral neuropathy due to WM or to the IgM",
            (
                Choice("none", "None"),
                Choice("mild", "Mild (sensory)"),
                Choice("moderate_severe", "Moderate–severe or progressive"),
            ),
            optional=True,
        ),
        yes_no(
            "cryoglobulinemia_symptomatic",
            "Symptomatic cryoglobulinaemia",
            "Detection without symptoms does not count.",
            True,
        ),
        yes_no(
            "cold_agglutinin_disease_symptomatic",
            "Symptomatic cold agglutinin disease",
            "Detection without symptoms does not count.",
            True,
        ),
        yes_no("autoimmune_cytopenia", "Autoimmune haemolytic anaemia or immune thrombocytopenia", optional=True),
        yes_no(
            "wm_nephropathy",
            "WM- or IgM-related nephropathy (MGRS)",
            "Kidney disease caused by the monoclonal IgM, shown on kidney biopsy.",
            optional=True,
        ),
        yes_no("amyloidosis", "IgM-associated AL amyloidosis", optional=True),
        yes_no(
            "schnitzler_syndrome",
            "Schnitzler syndrome",
            "Chronic urticarial rash with a monoclonal IgM and signs of inflammation.",
            optional=True,
        ),
        yes_no(
            "bing_neel",
            "Bing–Neel syndrome (central nervous system infiltration)",
            "Confirmed by MRI and cerebrospinal fluid (cytology, flow cytometry, MYD88 L265P) (Varettoni 2017).",
            optional=True,
        ),
        yes_no(
            "avwd_bleeding",
            "Bleeding from acquired von Willebrand disease (or acquired haemophilia)",
            _YES_NO,
            True,
        ),
        yes_no(
            "suspected_transformation",
            "Suspected transformation to an aggressive lymphoma",
            "Not an indication by itself: a reason to biopsy first.",
            True,
        ),
        optional(SERUM_IGM),
    ),
    criteria=CRITERIA,
    categories=(
        Category(
            "indicated",
            "Consensus indication met",
            "at least one consensus criterion is met",
            next_steps=(NextStep("Confirm that each finding is not related to or caused by another comorbidity.", NC),),
        ),
        Category(
            "not_indicated",
            "No consensus indication",
            "every criterion assessed, none met",
            # The follow-up depends on the population and the IgM level: see `next_steps_by` ("follow_up").
        ),
        Category(
            "incomplete",
            "Not determinable",
            "no criterion met among those assessed, and at least one not assessed",
            determinate=False,
        ),
        Category(
            "biopsy_first",
            "Biopsy first: suspected transformation",
            "transformation suspected; the WM criteria are still listed, but a biopsy decides",
            next_steps=(
                NextStep(
                    "Biopsy first, before any therapy: a transformed lymphoma is treated as such, not by the WM "
                    "criteria.",
                    "zanwar_kapoor2024",
                ),
            ),
        ),
    ),
    classify=None,
    scored=False,
    derive=derive,
    next_steps_by=(
        ("urgent", True, (URGENT_STEP,)),
        ("high_risk_hyperviscosity", True, (HIGH_RISK_STEP,)),
        *(("step_" + code, True, (step,)) for _, code, step in COMPLICATION_STEPS),
        ("follow_up", "smoldering_wm", WM_FOLLOW_UP),
        ("follow_up", "igm_mgus", MGUS_FOLLOW_UP),
    ),
    statements=(
        IGM_ALONE,
        "Each criterion must be due to WM: confirm symptoms are not related to or caused by other comorbidities "
        "(NCCN per summary).",
    ),
    references=(
        IWWM2_TREATMENT,
        IWWM7,
        ESMO_2018,
        NCCN_SUMMARY,
        GUSTINE_2017,
        ABEYKOON,
        MSMART_2010,
        KHWAJA_2022,
        ZANWAR_KAPOOR_2024,
        VARETTONI_2017,
        KAPOOR_2017,
        IMWG_2010,
        TIEDE_2011,
        NICOL_2022,
        CARAVACA_2017,
        LEUNG_2021,
        BERENTSEN_2021,
        MEDSCAPE_CAD,
        SIMON_2013,
        ANTI_MAG_WORSENING,
    ),
    notes=(
        "Every criterion is optional. One left empty is reported 'not assessed', never assumed absent; a verdict "
        "of 'no indication' needs every criterion assessed.",
        "Haemoglobin ≤ 10 g/dL (10 itself counts; 100 g/L; 6.21 mmol/L, a derived equivalent of 10 g/dL, not a "
        "published threshold, compared as entered) and platelets < 100 ×10⁹/L (100 does not count) are indications "
        "only when due to marrow infiltration by WM. Each has its own attribution; the shared 'cytopenia' answer "
        "counts for either when its own is left empty.",
        "Bing–Neel syndrome counts as organ/tissue infiltration (IWWM-7); bleeding from acquired von Willebrand "
        "disease or acquired haemophilia is an emergent presentation (Zanwar & Kapoor 2024, a Mayo review, not a "
        "consensus list). Suspected transformation is not an indication: it asks for a biopsy first.",
        "IgM MGUS with an IgM-related complication: only hyperviscosity, neuropathy, cryoglobulinaemia, cold "
        "agglutinin disease, AL amyloidosis, IgM-related kidney disease (MGRS) and bleeding from acquired von "
        "Willebrand syndrome apply (Khwaja 2022 lists MGRS and AVWS among the IgM-MGCS); the others are shown 'not "
        "applicable', and 'no indication' then says 'every applicable criterion was assessed'. Bleeding from AVWS "
        "gets haemostatic cover and clone-directed therapy (Tiede 2011; Nicol 2022); MGRS gets a kidney biopsy and "
        "clone-directed therapy (Caravaca-Fontán 2017; Leung 2021).",
        "Symptomatic hyperviscosity always comes first: plasma exchange now, before cytoreduction, then systemic "
        "therapy (mSMART 2016, Kapoor 2017; Gustine 2017). The same message, word for word, leads the IgM "
        "classifier and the hyperviscosity check.",
        "Cold agglutinin disease: corticosteroids should not be used; B-cell-directed therapy first (Berentsen "
        "2021). Schnitzler syndrome: IL-1 blockade, not clone-directed therapy (Simon 2013, recalled); it never "
        "makes an indication here. IgM neuropathy: a rituximab IgM flare may transiently worsen it.",
        "A node of 5.0 cm counts as bulky (≥ 5 cm, IWWM-7).",
        "Detection of cryoglobulins or cold agglutinins without symptoms is not a criterion.",
        "Serum IgM > 6000 mg/dL (> 60 g/L; strict, so 6000 is not) raises a flag, never an indication: Gustine "
        "2017 found a median 3 months to symptomatic hyperviscosity above 60 g/L, while a Mayo series of 13 "
        "smoldering patients above 6000 mg/dL had a median 6.9 years to therapy and 15% developed hyperviscosity "
        "symptoms.",
        "If nothing is indicated and the IgM is not above 6000 mg/dL: smoldering WM every 6 months (IWWM-2), every "
        "3–6 months (ESMO 2018); IgM MGUS with a complication at 6 months, then yearly (IMWG 2010), SPEP yearly "
        "(IWWM-2). Above 6000 mg/dL the interval is replaced by fundoscopy and serum viscosity now (Gustine 2017).",
    ),
    disagreements=(
        ("IWMF and the brief", "haemoglobin < 10 g/dL; IWWM-2 and IWWM-7: ≤ 10 g/dL."),
        (
            "Gustine 2017; NCCN (third-party summary)",
            "IgM > 60 g/L (> 6000 mg/dL) alone as a criterion in an otherwise asymptomatic patient; IWWM-2 and "
            "ESMO: the IgM level alone is not an indication; Mayo (Abeykoon) data argue against it.",
        ),
        (
            "IWWM-2 vs IWWM-7 vs ESMO on neuropathy",
            "IWWM-2: 'symptomatic sensorimotor peripheral neuropathy'; IWWM-7: 'peripheral neuropathy due to WM'; "
            "ESMO: 'moderate or severe neuropathy'. This calculator counts moderate–severe or progressive.",
        ),
        (
            "IWWM-2 vs IWWM-7 on lymphadenopathy",
            "IWWM-2: 'progressive, symptomatic lymphadenopathy'; IWWM-7: 'symptomatic or bulky (≥ 5 cm)'. This "
            "calculator counts each of symptomatic, progressive or ≥ 5 cm, as the spec's logic does.",
        ),
        ("Serum viscosity ≥ 4 cP", "no guideline uses serum viscosity as a treatment criterion; it is not one here."),
    ),
)
