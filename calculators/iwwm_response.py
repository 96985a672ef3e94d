"""Response category by the IWWM-6 criteria (Owen RG et al., Br J Haematol 2013;160:171-176), spec §9.

Percentages are exact: a 90% reduction is `10 × current <= baseline` in Fractions, so 4000 -> 400 is
VGPR, not the PR a float comparison gives (spec P1). IWWM-11 (2023) is not applied: its primary text (Treon
et al., Semin Hematol 2023, Panel 4) could not be reached in any stored copy during the 2026-12 review or for issue
18, so every result is labelled CRITERIA_LABEL and the reported IWWM-11 differences are a disagreement only.

A BTK inhibitor held or stopped before the sample (optional input) adds a warning: an IgM rise during a hold can be
withdrawal rebound (Castillo 2018, PMID 29472352), so confirmation should come after restarting.
"""

from __future__ import annotations

from fractions import Fraction as F

from .emergency import HIGH_RISK_NOTE
from .engine import Evaluation
from .inputs import InputProblem
from .model import (
    Calculator,
    Category,
    Choice,
    ChoiceCriterion,
    ChoiceInput,
    Derived,
    MeasuredInput,
    NextStep,
    Reference,
    RelativeCriterion,
    Unit,
)
from .numbers import format_number
from .quantities import SERUM_IGM, optional, with_label, yes_no
from .sources import BSH_2014, CASTILLO_2018, ECOG_FLARE_2004, GUSTINE_2017, IBRUTINIB_LABEL

OWEN_2013 = Reference(
    id="owen2013",
    citation=(
        "Owen RG, Kyle RA, Stone MJ, et al. [IWWM-6 update on response assessment in Waldenström's "
        "macroglobulinemia.] Br J Haematol 2013;160:171-176."
    ),
    pmid="23150997",
    doi="10.1111/bjh.12102",
    verification="R",
    note="Citation and DOI read in the source; the PMID is recalled, not confirmed.",
)
KIMBY_2006 = Reference(
    id="kimby2006",
    citation="Kimby E, et al. [IWWM-3 response criteria], 2006, as reproduced by IWMF and a Dutch protocol site.",
    verification="V2",
)
IWWM11 = Reference(
    id="iwwm11_treon2023",
    citation="Treon SP, et al. [IWWM-11 Consensus Panel 4: diagnostic and response criteria.] Semin Hematol 2023;60(2).",
    verification="R",
    note="Primary text not reachable in any stored copy (searched again for issue 18); volume, pages and PMID not "
    "confirmed. Not applied.",
)
# The label every result carries (issue 18, S2): the criteria applied, and why the newer ones are not.
CRITERIA_LABEL = "IWWM-6 (2013; IWWM-11 2023 not yet applied: source not reachable)"
IGM_HELP = "Serum IgM by one method in one laboratory for every value (BSH 2014, grade A1)."

# ECOG (Cancer 2004, PMID 15493038): IgM still raised at 4 months in 4 of 15 evaluable patients (27%), so the
# flare window is not a hard 4 months: warn up to 26 weeks (6 months) from the current course (spec §9, corrected).
FLARE_WEEKS = F(26)
# IWWM-6 sets no absolute floor for progression; IWWM-11 reportedly adds about 500 mg/dL [R]. Below it we warn,
# never change the category (spec §9, corrected 2026-11-30). Canonical unit g/dL: 500 mg/dL = 0.5 g/dL.
SMALL_RISE = F(1, 2)

WEEKS = MeasuredInput(
    id="weeks_since_rituximab_start",
    label="Weeks since the current rituximab (anti-CD20) course was started",
    units=(Unit("weeks", F(1), F(0), F(520)),),
    limits_reason="0 to 10 years.",
    help="From the start of the latest course, not a first course years ago. Leave empty if none.",
    optional=True,
)

# Castillo 2018 (PMC6029546): withdrawal symptoms in 20% of patients who held ibrutinib, within 2 days of the
# hold; two-thirds of them showed no progression during the hold, and those who progressed regained their response
# within 3 months of restarting. No hold length is given as a cut-off there, so the question names none.
BTKI_HELD = yes_no(
    "btki_held_recently",
    "BTK inhibitor (ibrutinib, zanubrutinib, acalabrutinib) held or stopped before this IgM sample",
    help="For example around surgery or for toxicity. Leave empty if no BTK inhibitor is given.",
    optional=True,
)
BTKI_HOLD_WARNING = (
    "The BTK inhibitor was held or stopped before this sample: an IgM rise during a hold can be withdrawal "
    "rebound rather than lasting progression. In a Dana-Farber series (Castillo 2018) withdrawal symptoms began "
    "within 2 days of holding ibrutinib in 20% of patients who held it; two-thirds of them had no evidence of "
    "progression during the hold, and those who progressed regained their response within 3 months of restarting. "
    "Re-measure IgM after the BTK inhibitor has been restarted before calling progression; a confirmatory sample "
    "taken during the same hold does not confirm it."
)
BTKI_SYMPTOMS_WARNING = (
    "The BTK inhibitor was held or stopped before this assessment: new symptoms during a hold can be withdrawal "
    "symptoms, which began within 2 days of holding ibrutinib and resolved promptly on restarting in a Dana-Farber "
    "series (Castillo 2018). Reassess after restarting before calling clinical progression."
)

EMD_STATUS = ChoiceInput(
    "emd_status",
    "Extramedullary disease (nodes, spleen) now",
    (
        Choice("resolved", "Resolved completely"),
        Choice("reduced", "Reduced"),
        Choice("unchanged", "Unchanged"),
        Choice("progressed", "Progressed or new"),
    ),
    help="Required if there was extramedullary disease at baseline.",
    optional=True,
)

CRITERIA = (
    RelativeCriterion(
        "reduction_ge_90",
        "IgM reduced by ≥ 90% from baseline",
        "current_igm",
        "<=",
        "baseline_igm",
        0,
        "owen2013",
        "≥90% reduction in serum IgM from baseline",
        factor=F(1, 10),
    ),
    RelativeCriterion(
        "reduction_ge_50",
        "IgM reduced by ≥ 50% from baseline",
        "current_igm",
        "<=",
        "baseline_igm",
        0,
        "owen2013",
        "≥50% but <90% reduction in serum IgM",
        factor=F(1, 2),
    ),
    RelativeCriterion(
        "reduction_ge_25",
        "IgM reduced by ≥ 25% from baseline",
        "current_igm",
        "<=",
        "baseline_igm",
        0,
        "owen2013",
        "≥25% but <50% reduction in serum IgM",
        factor=F(3, 4),
    ),
    ChoiceCriterion(
        "ife_negative",
        "Immunofixation negative",
        "ife",
        ("negative",),
        0,
        "owen2013",
        "absence of serum monoclonal IgM protein by immunofixation",
    ),
    ChoiceCriterion(
        "igm_normal",
        "Serum IgM within the normal range",
        "igm_within_normal_range",
        ("yes",),
        0,
        "owen2013",
        "normal serum IgM level",
    ),
    ChoiceCriterion(
        "bone_marrow_normal",
        "Bone marrow aspirate and biopsy normal",
        "bone_marrow",
        ("normal",),
        0,
        "owen2013",
        "normal bone marrow aspirate and biopsy",
    ),
    ChoiceCriterion(
        "new_symptoms",
        "New or worsening signs or symptoms of WM",
        "new_symptoms",
        ("yes",),
        0,
        "owen2013",
        "no new signs or symptoms of active disease",
    ),
    ChoiceCriterion(
        "pd_confirmed",
        "Progression confirmed by a second measurement",
        "pd_confirmed",
        ("yes",),
        0,
        "owen2013",
        "requires confirmation",
    ),
)

_OUT = {True: "met", False: "not_met", None: "not_assessed"}


def check(ev: Evaluation) -> list[InputProblem]:
    problems = []
    baseline, current, nadir = ev.value("baseline_igm"), ev.value("current_igm"), ev.value("nadir_igm")
    if baseline is not None and baseline <= 0:
        problems.append(
            InputProblem("baseline_igm", "out_of_range", "Baseline IgM must be above 0 to compute a percentage change.")
        )
    if nadir is not None:
        if nadir <= 0:
            problems.append(
                InputProblem("nadir_igm", "out_of_range", "Nadir IgM must be above 0 to compute a percentage increase.")
            )
        elif baseline is not None and nadir > baseline:
            problems.append(
                InputProblem(
                    "nadir_igm",
                    "inconsistent",
                    "The nadir is the lowest IgM since baseline, so it cannot be above the baseline IgM.",
                )
            )
        elif current is not None and nadir > current:
            problems.append(
                InputProblem(
                    "nadir_igm",
                    "inconsistent",
                    "The nadir cannot be above the current IgM: the current value would be the new nadir.",
                )
            )
    emd = ev.choice("emd_status")
    if ev.choice("emd_at_baseline") == "yes" and emd is None:
        problems.append(
            InputProblem(
                "emd_status",
                "required",
                "Extramedullary disease now is required when there was extramedullary disease at baseline; it is never assumed.",
            )
        )
    if ev.choice("emd_at_baseline") == "no" and emd in {"resolved", "reduced"}:
        problems.append(
            InputProblem(
                "emd_status",
                "inconsistent",
                f"Extramedullary disease cannot be '{emd}' when there was none at baseline.",
            )
        )
    return problems


def _pct(numerator: F, denominator: F) -> str:
    return format_number(numerator * 100 / denominator)


def derive(ev: Evaluation) -> Derived:
    baseline, current = ev.value("baseline_igm"), ev.value("current_igm")
    assert baseline is not None and current is not None
    warnings: list[tuple[str, str, str]] = []
    summary: list[str] = []
    nadir = ev.value("nadir_igm")
    if nadir is None:
        nadir = min(baseline, current)
        nadir_source = "lowest of baseline and current (no nadir entered)"
        warnings.append(
            (
                "nadir_igm",
                "nadir_assumed",
                "No nadir entered: the increase is measured from the lower of the baseline and current IgM, i.e. assuming no lower IgM was measured in between. If one was, enter it as the nadir.",
            )
        )
    else:
        nadir_source = "entered"
    units = {ev.reading(i).unit.label for i in ("baseline_igm", "current_igm", "nadir_igm") if ev.reading(i)}
    if len(units) > 1:
        warnings.append(
            (
                "current_igm",
                "mixed_units",
                "The IgM values were entered in different units; they are converted exactly, but every value should come from one laboratory using one method (BSH 2014).",
            )
        )

    # ≥ 25% increase from the nadir, by cross-multiplication: 4 × current ≥ 5 × nadir (and a real rise).
    igm_progression = current > nadir and 4 * current >= 5 * nadir
    clinical_progression = ev.choice("new_symptoms") == "yes" or ev.choice("emd_status") == "progressed"
    emd_ok = ev.choice("emd_at_baseline") == "no" or ev.choice("emd_status") == "resolved"
    # IWWM-6 PR needs extramedullary disease present at baseline to be reduced (IWMF reproduction [V2]).
    emd_reduced = ev.choice("emd_at_baseline") == "no" or ev.choice("emd_status") in {"resolved", "reduced"}
    weeks = ev.value("weeks_since_rituximab_start")

    btki_held = ev.choice("btki_held_recently") == "yes"
    if igm_progression or clinical_progression:
        # IWWM-6: "(requires confirmation)" qualifies the ≥ 25% IgM rise only; progression in clinical features
        # attributable to WM is progression as it stands, judged clinically (review 2026-12, M4).
        confirmed = clinical_progression or ev.choice("pd_confirmed") == "yes"
        category = "pd" if confirmed else "pd_unconfirmed"
        reasons = [
            r
            for r, on in (
                ("a ≥ 25% rise in IgM from the nadir", igm_progression),
                ("clinical progression", clinical_progression),
            )
            if on
        ]
        summary.append(
            "Progressive disease: "
            + " and ".join(reasons)
            + ("." if category == "pd" else "; the IgM rise requires confirmation by a second measurement.")
        )
        if clinical_progression:
            summary.append(
                "Clinical progression is judged clinically, not by a second IgM measurement (IWWM-6 asks for "
                "confirmation of the IgM rise only): make sure the new findings are due to WM."
            )
        if btki_held:
            warnings.append(
                (
                    "btki_held_recently",
                    "btki_hold_rebound",
                    BTKI_HOLD_WARNING if igm_progression else BTKI_SYMPTOMS_WARNING,
                )
            )
        if igm_progression and not clinical_progression:
            small = current - nadir < SMALL_RISE
            normal = ev.choice("igm_within_normal_range") == "yes"
            if small or normal:
                why = "a rise of less than 500 mg/dL from the nadir" if small else "a current IgM in the normal range"
                warnings.append(
                    (
                        "current_igm",
                        "small_absolute_rise",
                        f"Progression rests on {why}: it meets the IWWM-6 percentage only. Confirm with a repeat "
                        "measurement by the same method; IWWM-11 reportedly adds a minimum absolute rise of about "
                        "500 mg/dL (primary text not reviewed).",
                    )
                )
        if igm_progression and weeks is not None and weeks <= FLARE_WEEKS:
            warnings.append(
                (
                    "weeks_since_rituximab_start",
                    "igm_flare",
                    "Possible IgM flare: the current rituximab course started 26 weeks ago or less. In the ECOG study "
                    "IgM rose after rituximab in up to 54% of patients; it commonly fell within about 4 months, but "
                    "was still raised at 4 months in 4 of 15 evaluable patients (27%). A flare is not treatment "
                    "failure: confirm before calling progression.",
                )
            )
    else:
        complete = ev.choice("ife") == "negative" and ev.choice("igm_within_normal_range") == "yes" and emd_ok
        if complete and ev.choice("bone_marrow") == "normal":
            category = "cr"
        else:
            if complete and ev.choice("bone_marrow") == "not_done":
                warnings.append(
                    (
                        "bone_marrow",
                        "cr_not_confirmable",
                        "CR not confirmable: immunofixation is negative and IgM normal, but a complete response needs a normal bone marrow aspirate and biopsy, which was not done.",
                    )
                )
            if 2 * current <= baseline and not emd_reduced:
                # IWWM-6 has no category for a PR-range IgM fall with unchanged extramedullary disease: this
                # calculator's convention (spec §9, corrected) is MR, labelled as such.
                category = "mr"
                summary.append(
                    "PR not met: extramedullary disease not reduced. IgM fell by ≥ 50%, but IWWM-6 asks for a "
                    "reduction of extramedullary disease present at baseline; reported as MR by this calculator's "
                    "convention, not IWWM-6 text."
                )
                warnings.append(
                    (
                        "emd_status",
                        "pr_not_met_emd",
                        "PR not met: extramedullary disease not reduced (MR is this calculator's convention).",
                    )
                )
            elif 10 * current <= baseline:  # ≥ 90% reduction
                category = "vgpr" if emd_ok else "pr"
                if not emd_ok:
                    summary.append(
                        "IgM fell by ≥ 90% but extramedullary disease has not resolved completely: partial response, not VGPR."
                    )
            elif 2 * current <= baseline:
                category = "pr"
            elif 4 * current <= 3 * baseline:
                category = "mr"
            else:
                category = "sd"
        if category in {"vgpr", "pr", "mr"}:
            warnings.append(
                (
                    "",
                    "btki_discordance",
                    "If the patient is on a BTK inhibitor, IgM can fall out of proportion to the marrow response; "
                    "bortezomib or everolimus may also show IgM/marrow discordance (recalled; not from IWWM-6, and no "
                    "primary source was checked for it).",
                )
            )
    values = {
        "reduction_pct": _pct(baseline - current, baseline),
        "increase_from_nadir_pct": _pct(current - nadir, nadir) if nadir > 0 else None,
        "nadir_used": {"value": format_number(nadir), "unit": "g/dL", "source": nadir_source},
        "criteria_version": "IWWM-6",
        "criteria_label": CRITERIA_LABEL,
        "clinical_progression": clinical_progression,
        "btki_hold_rebound_possible": btki_held and (igm_progression or clinical_progression),
    }
    return Derived(category=category, values=values, summary=tuple(summary), warnings=tuple(warnings))


def _igm(input_id: str, label: str) -> MeasuredInput:
    return with_label(SERUM_IGM, label, IGM_HELP, input_id=input_id)


IWWM_RESPONSE = Calculator(
    id="iwwm_response",
    title="Response category in Waldenström macroglobulinemia (IWWM-6)",
    version="1.2.0",
    purpose="Assigns the IWWM-6 response category (CR, VGPR, PR, MR, SD, PD) from serum IgM and clinical findings.",
    population=(
        "Patients with WM on or after therapy, with a baseline serum IgM measured before therapy by the same method "
        "and laboratory. Not for IgM MGUS, smoldering WM under observation, or μ heavy chain disease (whose "
        "M-protein often does not show on electrophoresis)."
    ),
    inputs=(
        _igm("baseline_igm", "Baseline serum IgM (before therapy)"),
        _igm("current_igm", "Current serum IgM"),
        optional(_igm("nadir_igm", "Lowest serum IgM since therapy started (nadir)")),
        ChoiceInput("ife", "Serum immunofixation", (Choice("positive", "Positive"), Choice("negative", "Negative"))),
        yes_no("igm_within_normal_range", "Serum IgM within the normal range"),
        ChoiceInput(
            "bone_marrow",
            "Bone marrow aspirate and biopsy",
            (Choice("normal", "Normal"), Choice("abnormal", "Abnormal (infiltrated)"), Choice("not_done", "Not done")),
        ),
        yes_no("emd_at_baseline", "Extramedullary disease (nodes, spleen) at baseline"),
        EMD_STATUS,
        yes_no("new_symptoms", "New or worsening symptoms, signs or cytopenias of WM"),
        yes_no("pd_confirmed", "Progression confirmed by a second measurement"),
        WEEKS,
        BTKI_HELD,
    ),
    criteria=CRITERIA,
    categories=(
        Category(
            "cr",
            "Complete response (CR)",
            "IFE negative, normal serum IgM, complete resolution of extramedullary disease if present at baseline, normal bone marrow aspirate and biopsy",
        ),
        Category(
            "vgpr",
            "Very good partial response (VGPR)",
            "IgM detectable; ≥ 90% reduction in serum IgM from baseline; complete resolution of extramedullary disease; no new signs or symptoms",
        ),
        Category(
            "pr",
            "Partial response (PR)",
            "IgM detectable; ≥ 50% but < 90% reduction (or ≥ 90% with extramedullary disease reduced but not resolved); extramedullary disease present at baseline reduced; no new signs or symptoms",
        ),
        Category(
            "mr",
            "Minor response (MR)",
            "≥ 25% but < 50% reduction in serum IgM; no new signs or symptoms. Also, by this calculator's convention, "
            "a ≥ 50% reduction with extramedullary disease not reduced (PR not met)",
        ),
        Category(
            "sd", "Stable disease (SD)", "< 25% reduction and < 25% increase in serum IgM; no clinical progression"
        ),
        Category(
            "pd",
            "Progressive disease (PD)",
            "≥ 25% increase in serum IgM from the nadir, confirmed by a second measurement, and/or clinical "
            "progression (judged clinically: IWWM-6 asks for confirmation of the IgM rise only)",
        ),
        Category(
            "pd_unconfirmed",
            "Progressive disease, requires confirmation",
            "a ≥ 25% rise in IgM from the nadir, not yet confirmed by a second measurement, and no clinical progression",
            next_steps=(NextStep("Confirm the IgM rise by a second measurement (IWWM-6).", "owen2013"),),
        ),
    ),
    statements=(f"Criteria: {CRITERIA_LABEL}.",),
    # Castillo 2018: rebound during a hold resolves on restarting, so the check comes after the restart.
    next_steps_by=(
        (
            "btki_hold_rebound_possible",
            True,
            (
                NextStep(
                    "BTK inhibitor held: re-measure IgM (and reassess symptoms) after restarting it before calling "
                    "progression; a sample from the same hold does not confirm it (Castillo 2018).",
                    "castillo2018",
                ),
            ),
        ),
    ),
    classify=None,
    scored=False,
    check=check,
    derive=derive,
    references=(OWEN_2013, BSH_2014, ECOG_FLARE_2004, KIMBY_2006, IWWM11, CASTILLO_2018, IBRUTINIB_LABEL, GUSTINE_2017),
    # The current IgM is today's risk: above 6000 mg/dL, the shared high-risk message (issue 18).
    high_risk_igm=("current_igm",),
    notes=(
        HIGH_RISK_NOTE,
        "Order of the rules (IWWM-6): progression first (≥ 25% rise from the nadir, or clinical progression), then "
        "complete response, then the reduction from baseline: ≥ 90% VGPR, ≥ 50% PR, ≥ 25% MR, otherwise SD.",
        "Exact arithmetic: a reduction of exactly 90%, 50% or 25% reaches that category (4000 → 400 is VGPR), and "
        "an increase of exactly 25% from the nadir is progression.",
        "Without a nadir, the increase is measured from the lower of baseline and current IgM, and the result says so.",
        "New or worsening symptoms, or progressing extramedullary disease, count as clinical progression: PD "
        "without a second IgM measurement (IWWM-6 attaches '(requires confirmation)' to the IgM rise only); they "
        "exclude MR, PR and VGPR.",
        "BTK inhibitor held or stopped before the sample (optional): an IgM rise or new symptoms during a hold "
        "can be withdrawal rebound (Castillo 2018: withdrawal symptoms in 20% of patients holding ibrutinib, "
        "within 2 days; two-thirds without progression during the hold; response regained within 3 months of "
        "restarting). The category still follows IWWM-6; the result warns (code btki_hold_rebound) and asks for "
        "re-measurement after restarting. The label advises holding ibrutinib at least 3 to 7 days before and after "
        "surgery, depending on the type of surgery and the bleeding risk (product information as reproduced).",
        f"Criteria applied: {CRITERIA_LABEL}. The IWWM-11 response criteria (Treon et al., Semin Hematol 2023, "
        "Panel 4) could not be read in any stored copy of the primary text; they are not implemented from "
        "summaries.",
        "IgM flare: a rise within 26 weeks of the start of the current rituximab course is flagged as a possible "
        "flare. The ECOG study (Cancer 2004, PMID 15493038) saw a flare in up to 54% of patients, commonly over "
        "within about 4 months, but 27% (4 of 15 evaluable) still raised at 4 months: hence 26 weeks, not 17.",
        "PR needs extramedullary disease present at baseline to be reduced (IWWM-6). With a ≥ 50% IgM fall and "
        "extramedullary disease unchanged, the result is MR with 'PR not met: extramedullary disease not reduced': "
        "MR is this calculator's convention, because IWWM-6 has no category for this case.",
        "Progression that rests on a rise of less than 500 mg/dL from the nadir, or on a current IgM in the normal "
        "range, is still progression by IWWM-6, but the result warns (code small_absolute_rise): IWWM-11 reportedly "
        "adds a minimum absolute rise.",
        "Use one method for every IgM value; nephelometric total IgM and the electrophoretic M-spike differ.",
    ),
    disagreements=(
        ("IWWM-3 (Kimby 2006)", "progression is an increase > 25% (strict); IWWM-6: ≥ 25% from the nadir."),
        (
            "IWWM-11 (Treon 2023; primary text not reachable)",
            "reportedly VGPR also when serum IgM normalises, and progression needs a minimum absolute rise "
            "(about 500 mg/dL) (as summarised, not read). Not implemented until the primary text is read. Its "
            "complete response, as a clinical reference reproduces it (BMJ Best Practice, stored copy cut off after "
            "the fourth condition), asks what this calculator's CR asks: no monoclonal IgM by electrophoresis and "
            "immunofixation, serum IgM in the normal range, a normal marrow biopsy without lymphoplasmacytic "
            "lymphoma, and no extramedullary disease if present at baseline. The other categories were not "
            "reachable.",
        ),
        ("Dutch protocol site (IWWM-3)", "PR '> 50%' and MR '> 25%'; IWWM-6: ≥ 50% and ≥ 25%."),
        (
            "This project's first version and spec (before 2026-11-30)",
            "called a ≥ 50% IgM fall with unchanged extramedullary disease PR, and warned of a flare only up to 17 "
            "weeks; IWWM-6 asks for reduced extramedullary disease for PR, and the ECOG data show flares lasting "
            "beyond 4 months.",
        ),
    ),
)
