"""Does this patient with WM meet a consensus indication to treat? (spec §7)

Every input is optional: a criterion whose input was left empty is "not assessed", never assumed
absent, and then no "no indication" verdict is given. The IgM level alone is never an indication;
IgM > 6000 mg/dL with nothing else raises a flag only, because the sources disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction as F

from .engine import Evaluation
from .model import Calculator, Category, Choice, ChoiceCriterion, ChoiceInput, Criterion, Derived, NextStep
from .quantities import HEMOGLOBIN, NODE_SIZE, PLATELETS, SERUM_IGM, optional, yes_no
from .sources import ABEYKOON, ESMO_2018, GUSTINE_2017, IWWM2_TREATMENT, IWWM7, MSMART_2010, NCCN_SUMMARY

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
    ),
    # "≤ 10 g/dL" (IWWM-2; the brief and IWMF say < 10). 6.21 mmol/L is the published equivalent (spec §1).
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
    _yes("wm_nephropathy", "WM-related nephropathy", "wm_nephropathy", I7, "WM-related nephropathy", I2),
    _yes("amyloidosis", "WM-related (AL) amyloidosis", "amyloidosis", I7, "WM-related amyloidosis", I2, ES),
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
    """A consensus indication: met when every one of its criteria is met."""

    id: str
    label: str
    all_of: tuple[str, ...]


INDICATIONS = (
    Indication("symptomatic_hyperviscosity", "Symptomatic hyperviscosity", ("symptomatic_hyperviscosity",)),
    Indication("b_symptoms", "Constitutional (B) symptoms", ("b_symptoms",)),
    Indication("anaemia", "Haemoglobin ≤ 10 g/dL due to WM", ("hemoglobin_le_10", "cytopenia_due_to_wm")),
    Indication("thrombocytopenia", "Platelets < 100 ×10⁹/L due to WM", ("platelets_lt_100", "cytopenia_due_to_wm")),
    Indication("bulky_node", "Bulky lymphadenopathy (≥ 5 cm)", ("bulky_node",)),
    Indication("node_symptomatic", "Symptomatic lymphadenopathy", ("node_symptomatic",)),
    Indication("node_progressive", "Progressive lymphadenopathy", ("node_progressive",)),
    Indication("organomegaly_symptomatic", "Symptomatic organomegaly", ("organomegaly_symptomatic",)),
    Indication("neuropathy", "Moderate or severe neuropathy", ("neuropathy_moderate_severe",)),
    Indication("cryoglobulinemia", "Symptomatic cryoglobulinaemia", ("cryoglobulinemia_symptomatic",)),
    Indication(
        "cold_agglutinin_disease", "Symptomatic cold agglutinin disease", ("cold_agglutinin_disease_symptomatic",)
    ),
    Indication("autoimmune_cytopenia", "Autoimmune haemolytic anaemia or thrombocytopenia", ("autoimmune_cytopenia",)),
    Indication("wm_nephropathy", "WM-related nephropathy", ("wm_nephropathy",)),
    Indication("amyloidosis", "WM-related amyloidosis", ("amyloidosis",)),
)

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


def derive(ev: Evaluation) -> Derived:
    statuses = [(i, _all([ev.met(c) for c in i.all_of])) for i in INDICATIONS]
    met = [i for i, status in statuses if status]
    if met:
        indicated: bool | None = True
    elif all(status is False for _, status in statuses):
        indicated = False
    else:
        indicated = None
    igm_high = ev.met("igm_over_6000")
    preemptive = bool(igm_high) and indicated is not True
    urgent = ev.met("symptomatic_hyperviscosity") is True
    summary: list[str] = []
    if urgent:
        summary.append(
            "URGENT: symptomatic hyperviscosity. Plasmapheresis first, then systemic therapy (mSMART 2010; ESMO; NCCN)."
        )
    if indicated:
        summary.append("A consensus indication to treat is met: " + "; ".join(i.label for i in met) + ".")
    elif indicated is False:
        summary.append("No consensus indication to treat is met (every criterion was assessed).")
    else:
        summary.append(
            "No consensus indication is met among the criteria assessed, but some were not assessed: "
            "no conclusion can be drawn until they are."
        )
    if preemptive:
        summary.append(
            "Serum IgM > 6000 mg/dL (> 60 g/L) with no other criterion: no consensus indication. Some sources "
            "(Gustine 2017; NCCN per summary) support considering therapy; Mayo data argue against IgM alone as a "
            "trigger. Discuss."
        )
    if ev.choice("neuropathy") == "mild":
        summary.append(
            "Mild neuropathy is not an indication under ESMO ('moderate or severe'); IWWM-7 lists 'peripheral "
            "neuropathy due to WM' without a grade. Discuss."
        )
    for cytopenia, label in (("hemoglobin_le_10", "Haemoglobin ≤ 10 g/dL"), ("platelets_lt_100", "Platelets < 100")):
        if ev.met(cytopenia) and ev.met("cytopenia_due_to_wm") is not True:
            summary.append(f"{label} counts only if due to marrow infiltration by WM; that was not confirmed.")
    values = {
        "indicated": indicated,
        "criteria_met": [{"id": i.id, "label": i.label, "sources": _sources(ev, i.all_of)} for i in met],
        "indications": [
            {"id": i.id, "label": i.label, "status": {True: "met", False: "not_met", None: "not_assessed"}[s]}
            for i, s in statuses
        ],
        "preemptive_flag": preemptive,
        "urgent": urgent,
        "igm_alone_statement": IGM_ALONE,
    }
    category = {True: "indicated", False: "not_indicated", None: "incomplete"}[indicated]
    return Derived(category=category, values=values, summary=tuple(summary))


_YES_NO = "Yes if present and attributable to WM (not explained by another cause)."

TREATMENT_INDICATION = Calculator(
    id="treatment_indication",
    title="Consensus indication to treat Waldenström macroglobulinemia",
    version="1.0.0",
    purpose="Checks whether a patient with WM meets a consensus indication to start therapy, criterion by criterion.",
    population=(
        "Patients with a diagnosis of WM (IgM with marrow lymphoplasmacytic infiltration) deciding between "
        "observation and therapy. Each finding must be attributable to WM, not to another cause. Not for IgM MGUS "
        "or IgM-related disorders without WM, and not for μ heavy chain disease (treated as the underlying "
        "lymphoproliferative disorder)."
    ),
    inputs=(
        yes_no(
            "b_symptoms", "Constitutional symptoms (fever, night sweats, > 10% weight loss, fatigue)", _YES_NO, True
        ),
        yes_no("symptomatic_hyperviscosity", "Symptomatic hyperviscosity", _YES_NO, True),
        optional(HEMOGLOBIN),
        optional(PLATELETS),
        yes_no("cytopenia_due_to_wm", "Cytopenia attributable to marrow infiltration by WM", optional=True),
        optional(NODE_SIZE),
        yes_no("node_symptomatic", "Symptomatic lymphadenopathy", _YES_NO, True),
        yes_no("node_progressive", "Progressive lymphadenopathy", _YES_NO, True),
        yes_no(
            "organomegaly_symptomatic", "Symptomatic hepatomegaly, splenomegaly or organ infiltration", _YES_NO, True
        ),
        ChoiceInput(
            "neuropathy",
            "Peripheral neuropathy due to WM",
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
        yes_no("wm_nephropathy", "WM-related nephropathy", optional=True),
        yes_no("amyloidosis", "WM-related AL amyloidosis", optional=True),
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
            next_steps=(
                NextStep("If observed: smoldering WM every 6 months (IWWM-2).", I2),
                NextStep("If observed: watchful waiting every 3–6 months (ESMO 2018).", ES),
            ),
        ),
        Category(
            "incomplete",
            "Not determinable",
            "no criterion met among those assessed, and at least one not assessed",
            determinate=False,
        ),
    ),
    classify=None,
    scored=False,
    derive=derive,
    next_steps_by=(
        (
            "urgent",
            True,
            (NextStep("Symptomatic hyperviscosity: plasmapheresis first, then systemic therapy.", "msmart2010"),),
        ),
    ),
    statements=(
        IGM_ALONE,
        "Each criterion must be due to WM: confirm symptoms are not related to or caused by other comorbidities "
        "(NCCN per summary).",
    ),
    references=(IWWM2_TREATMENT, IWWM7, ESMO_2018, NCCN_SUMMARY, GUSTINE_2017, ABEYKOON, MSMART_2010),
    notes=(
        "Every criterion is optional. One left empty is reported 'not assessed', never assumed absent; a verdict "
        "of 'no indication' needs every criterion assessed.",
        "Haemoglobin ≤ 10 g/dL (10 itself counts; 100 g/L; 6.21 mmol/L compared as entered, not converted) and "
        "platelets < 100 ×10⁹/L (100 does not count) are indications only when due to marrow infiltration by WM.",
        "A node of 5.0 cm counts as bulky (≥ 5 cm, IWWM-7).",
        "Detection of cryoglobulins or cold agglutinins without symptoms is not a criterion.",
        "Serum IgM > 6000 mg/dL (> 60 g/L; strict, so 6000 is not) raises a flag, never an indication: Gustine "
        "2017 found a median 3 months to symptomatic hyperviscosity above 60 g/L, while a Mayo series of 13 "
        "smoldering patients above 6000 mg/dL had a median 6.9 years to therapy and 15% developed hyperviscosity "
        "symptoms.",
        "If observed: smoldering WM every 6 months (IWWM-2); every 3–6 months (ESMO 2018).",
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
