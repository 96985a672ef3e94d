"""What each calculator is for, who may use it, what changed in it, and the project's regulatory reading.

Declaration data beside the calculators (standard library only, no HTML), keyed by calculator id. The population a
calculator was derived in, and where it must not be used, is the declaration's own `population` (written from its
primary source); `population_sources` names the reference ids of that calculator it rests on, so the page can cite
them. `changes` is the reader-facing change log, newest first: its first entry is the declaration's current
`version` (a test holds the two together, so a version cannot change without a line saying what and why).

The regulatory readings are the project's own, made by its maintainers, not by a regulator, a notified body or a
lawyer; the page says so. Rules read: Regulation (EU) 2017/745 (MDR) Annex VIII Rule 11, with MDCG 2019-11 on the
qualification of software; the FDA's criteria for non-device clinical decision support (FD&C Act section
520(o)(1)(E)) as explained in its guidance "Clinical Decision Support Software" (September 2022).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["INTENDED_USE", "READING_OWNER", "READ_AGAINST", "Change", "IntendedUse"]

READ_AGAINST = (
    "EU MDR (Regulation 2017/745) Annex VIII Rule 11 and MDCG 2019-11; FDA clinical decision support criteria "
    "(FD&C Act §520(o)(1)(E); FDA guidance 'Clinical Decision Support Software', September 2022)"
)
READING_OWNER = (
    "The project's own reading, by its maintainers: not the opinion of a regulator, a notified body or a lawyer. "
    "No conformity assessment has been made, and the calculator carries no CE, UKCA or FDA marking."
)

# The one-line position by what a calculator's output is. Every calculator shows its inputs, each criterion met or not
# and its reference, so a clinician can check the basis (FDA criterion 4); what differs is how directive the output is.
_POSITION = {
    "prognosis": (
        "Decision support for clinicians, not a medical device claim: it restates a published score and its published "
        "figures for one patient, with the basis shown. By MDCG 2019-11 software that computes a score for an "
        "individual patient may qualify as medical device software (Rule 11 would then make it class IIa at least); "
        "the project makes no such claim and has sought no conformity assessment."
    ),
    "classification": (
        "Decision support for clinicians, not a medical device claim: it places published diagnostic or response "
        "criteria side by side for one patient, with each criterion shown; the diagnosis stays the clinician's. By "
        "MDCG 2019-11 it may qualify as medical device software (class IIa or higher by Rule 11); the project makes "
        "no such claim and has sought no conformity assessment."
    ),
    "treatment": (
        "Decision support for clinicians, not a medical device claim: it lists consensus criteria met or not, with "
        "their sources, and leaves the decision to the clinician. It can show an urgent instruction (symptomatic "
        "hyperviscosity), and the FDA guidance treats support for time-critical decisions as a device function, so "
        "this reading is the least certain of the site's; by Rule 11 it could be class IIb, or III, since a wrong "
        "output could delay an emergency treatment. The project makes no device claim and has sought no conformity "
        "assessment."
    ),
    "conversion": (
        "A unit converter with fixed published factors, for clinicians and laboratory staff: arithmetic, not a "
        "recommendation about a patient. The project reads it as outside the medical device definition, and makes no "
        "device claim."
    ),
}


@dataclass(frozen=True)
class Change:
    """One line of a calculator's change log, as a reader needs it: the version, the day, what, and why."""

    version: str
    date: str
    what: str
    why: str


@dataclass(frozen=True)
class IntendedUse:
    users: str
    use: str
    kind: str  # a key of _POSITION
    population_sources: tuple[str, ...]
    changes: tuple[Change, ...]

    @property
    def regulatory_position(self) -> str:
        return _POSITION[self.kind]


_CLINICIANS = (
    "Haematologists and oncologists, and clinicians in training under their supervision, caring for adults with a "
    "monoclonal IgM. Not for patients or carers to use on their own."
)

# Dates are the commits that set each version (git log -S'version="1.1.0"' -- calculators/). The reasons of 1.1.0
# are the findings of the independent clinical review of 2026-11 (shared/clinical/independent-review-2026-11.md,
# table "0. Top findings", numbers 1, 2, 3, 5, 7, 8 and 9, and §1.10, §1.11).
_FIRST = "First published version."


def _first(date: str) -> Change:
    return Change("1.0.0", date, _FIRST, "The calculator was added to IgM Guide.")


_HIGH_RISK_WHY = (
    "Issue 18 (independent clinical review 2026-12, H1/S5): any IgM above 6000 mg/dL must give the high-risk "
    "message in every calculator that takes an IgM, not only in the three hyperviscosity ones."
)


def _high_risk(version: str) -> Change:
    return Change(
        version,
        "2026-12-06",
        "An IgM above 6000 mg/dL (60 g/L) adds the shared high-risk message (fundoscopy and serum viscosity now, "
        "discuss therapy; Gustine 2017) and the code high_risk.",
        _HIGH_RISK_WHY,
    )


def _high_risk_refused(version: str) -> Change:
    return Change(
        version,
        "2026-12-06",
        "An IgM M-protein above 6000 mg/dL is still refused as outside the population, and the refusal now carries "
        "the shared high-risk message.",
        _HIGH_RISK_WHY,
    )


INTENDED_USE: dict[str, IntendedUse] = {
    "ipsswm": IntendedUse(
        users=_CLINICIANS,
        use="To state the published IPSSWM risk group, and its survival figures, for a patient starting first-line therapy.",
        kind="prognosis",
        population_sources=("morel2009",),
        changes=(
            _high_risk("1.1.0"),
            _first("2026-11-25"),
        ),
    ),
    "ripsswm": IntendedUse(
        users=_CLINICIANS,
        use="To state the published revised IPSSWM risk group, and its survival figures, for a patient starting therapy.",
        kind="prognosis",
        population_sources=("kastritis2019",),
        changes=(_first("2026-11-25"),),
    ),
    "mss_wm": IntendedUse(
        users=_CLINICIANS,
        use="To state the published MSS-WM stage, and its survival figures, for a treatment-naïve patient with active WM.",
        kind="prognosis",
        population_sources=("zanwar2024",),
        changes=(_first("2026-11-25"),),
    ),
    "mayo_mgus": IntendedUse(
        users=_CLINICIANS,
        use="To state the published Mayo risk group of progression for a patient with MGUS at diagnosis.",
        kind="prognosis",
        population_sources=("rajkumar2005",),
        changes=(
            _high_risk_refused("1.2.0"),
            Change(
                "1.1.0",
                "2026-11-30",
                "An M-protein of 3 g/dL or more, or a marrow with 10% or more clonal cells, is refused as outside the "
                "population, and the error names the smoldering WM pages.",
                "Independent clinical review 2026-11, finding 9: an IgG M-protein of 4 g/dL (smoldering myeloma) "
                "was given an MGUS risk.",
            ),
            _first("2026-11-25"),
        ),
    ),
    "igm_mgus_2factor": IntendedUse(
        users=_CLINICIANS,
        use="To state the published 20-year risk of progression of IgM MGUS from two laboratory factors.",
        kind="prognosis",
        population_sources=("kyle2018",),
        changes=(
            _high_risk_refused("1.2.0"),
            Change(
                "1.1.0",
                "2026-11-30",
                "An IgM M-protein of 3 g/dL or more, or a marrow infiltration of 10% or more, is refused as outside "
                "the population (it is smoldering WM), and the error names the smoldering WM pages.",
                "Independent clinical review 2026-11, finding 9: an IgM of 3.5 g/dL was given an MGUS risk.",
            ),
            _first("2026-11-25"),
        ),
    ),
    "treatment_indication": IntendedUse(
        users=_CLINICIANS,
        use=(
            "To check, criterion by criterion, whether a consensus indication to start therapy is met; the decision "
            "to treat stays with the treating team."
        ),
        kind="treatment",
        population_sources=("iwwm2_kyle2003", "iwwm7_dimopoulos2014", "khwaja2022"),
        changes=(
            Change(
                "1.1.0",
                "2026-11-30",
                "Anaemia and thrombocytopenia are attributed separately; Bing–Neel syndrome, bleeding from acquired "
                "von Willebrand disease and suspected transformation (biopsy first) were added; IgM MGUS with an "
                "IgM-related complication is accepted, with only the IgM-driven criteria applying; mmol/L "
                "haemoglobin thresholds are labelled derived equivalents.",
                "Independent clinical review 2026-11, finding 5 (no pathway for IgM-related disorders) and §1.10, "
                "§1.11 (a shared cytopenia answer; mmol/L thresholds presented as published).",
            ),
            _first("2026-11-25"),
        ),
    ),
    "plasmapheresis_check": IntendedUse(
        users=_CLINICIANS,
        use=(
            "To check whether plasmapheresis is needed now or before rituximab, and whether fundoscopy and serum "
            "viscosity are needed now; it does not replace the clinical assessment of hyperviscosity symptoms."
        ),
        kind="treatment",
        population_sources=("msmart2010", "gustine2017", "nccn_wm"),
        changes=(
            Change(
                "1.1.0",
                "2026-11-30",
                "Rules for a serum IgM above 6000 mg/dL (fundoscopy and serum viscosity now, never only a yearly "
                "retinal examination) and of 4000 mg/dL or more (viscosity and fundi at baseline; before rituximab, "
                "pre-emptive plasmapheresis) were added.",
                "Independent clinical review 2026-11, finding 3: an asymptomatic IgM of 80 g/L was given only a "
                "yearly retinal examination (Gustine 2017: a median 3 months to symptomatic hyperviscosity above "
                "60 g/L).",
            ),
            _first("2026-11-25"),
        ),
    ),
    "iwwm_response": IntendedUse(
        users=_CLINICIANS,
        use="To assign the IWWM-6 response category from serum IgM and clinical findings, on or after therapy.",
        kind="classification",
        population_sources=("owen2013",),
        changes=(
            _high_risk("1.2.0"),
            Change(
                "1.1.0",
                "2026-11-30",
                "A partial response needs reduced extramedullary disease (otherwise minor response, said so); a "
                "progression resting on a small absolute rise is flagged; the rituximab flare window is 26 weeks.",
                "Independent clinical review 2026-11, findings 7 and 8: PR was given with unchanged extramedullary "
                "disease, and the 17-week flare window was shorter than the ECOG data.",
            ),
            _first("2026-11-25"),
        ),
    ),
    "swm_progression": IntendedUse(
        users=_CLINICIANS,
        use="To look up the published cumulative risk that smoldering WM progresses, at 1, 3, 5 or 10 years.",
        kind="prognosis",
        population_sources=("kyle2012",),
        changes=(_first("2026-11-25"),),
    ),
    "awm_factors": IntendedUse(
        users=_CLINICIANS,
        use=(
            "To show which of the four reported risk factors of the Bustoros 2019 model are present; it does not "
            "compute the model's risk group."
        ),
        kind="prognosis",
        population_sources=("bustoros2019",),
        changes=(
            _high_risk("1.1.0"),
            _first("2026-11-25"),
        ),
    ),
    "igm_classifier": IntendedUse(
        users=_CLINICIANS,
        use=(
            "To classify an IgM monoclonal gammopathy by the Mayo/WHO-2016 and IWWM-2/ECWM definitions side by "
            "side, once immunofixation and a marrow biopsy are available."
        ),
        kind="classification",
        population_sources=("kyle2016", "owen2003", "khwaja2022"),
        changes=(
            Change(
                "1.1.0",
                "2026-11-30",
                "IgM MGUS with an IgM-related complication is named so (it was 'not classifiable'); Mayo WM needs a "
                "marrow infiltration of 10% or more; complication and hyperviscosity questions were added.",
                "Independent clinical review 2026-11, findings 1 and 2 (harmful): an anti-MAG neuropathy with IgM "
                "1.2 g/dL was 'not classifiable', and IgM ≥ 3 g/dL with marrow < 10% was called symptomatic WM.",
            ),
            _first("2026-11-25"),
        ),
    ),
    "unit_converter": IntendedUse(
        users="Clinicians and laboratory staff reading a report in units other than those a calculator asks for.",
        use="To convert laboratory values between the units the calculators accept, with the calculators' exact factors.",
        kind="conversion",
        population_sources=("gustine2017",),
        changes=(
            _high_risk("1.1.0"),
            _first("2026-11-25"),
        ),
    ),
}
