"""Shared measured inputs (spec §1): canonical units, accepted units with exact factors, and the
hard limits with the reason for each. Calculators reuse these so a unit is declared once.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction as F

from .model import MeasuredInput, Unit

__all__ = ["AGE_YEARS", "BETA2M", "HEMOGLOBIN", "M_PROTEIN", "PLATELETS", "with_label"]

AGE_YEARS = MeasuredInput(
    id="age_years",
    label="Age",
    units=(Unit("years", F(1), F(18), F(110)),),
    limits_reason="these scores were derived in adults.",
    integer=True,
    soft_minimum=F(30),
    soft_reason="Waldenström macroglobulinemia is rare before 40; check the age.",
    help="Completed years at the start of therapy.",
    step="1",
)

# Hb monomer 16 114 Da: 1 mmol/L = 1.6114 g/dL.
HEMOGLOBIN = MeasuredInput(
    id="hemoglobin",
    label="Haemoglobin",
    units=(
        Unit("g/dL", F(1), F(3), F(20)),
        Unit("g/L", F(1, 10), F(30), F(200)),
        Unit("mmol/L", F("1.6114"), F("1.9"), F("12.4")),
    ),
    limits_reason="values outside this range are not compatible with life; check the number and the unit.",
    soft_minimum=F(6),
    soft_maximum=F(18),
    soft_reason="check the unit (g/dL, g/L or mmol/L).",
)

PLATELETS = MeasuredInput(
    id="platelets",
    label="Platelets",
    units=(
        Unit("×10⁹/L", F(1), F(1), F(1500)),
        Unit("×10³/µL", F(1), F(1), F(1500)),
        Unit("/µL", F(1, 1000), F(1000), F(1500000)),
    ),
    limits_reason="values outside this range are not physiological; check the number and the unit.",
    soft_maximum=F(1000),
    soft_reason="thrombocytosis above 1000 ×10⁹/L is unusual in WM; check the value.",
)

BETA2M = MeasuredInput(
    id="beta2m",
    label="β2-microglobulin",
    units=(
        Unit("mg/L", F(1), F("0.3"), F(100)),
        Unit("µg/mL", F(1), F("0.3"), F(100)),
        Unit("µg/L", F(1, 1000), F(300), F(100000)),
        Unit(
            "mg/dL",
            F(10),
            F("0.03"),
            F(10),
            warning="β2-microglobulin is almost always reported in mg/L; check that your report says mg/dL.",
        ),
    ),
    limits_reason="values outside this range are not physiological; check the number and the unit.",
    soft_maximum=F(20),
    soft_reason="above 20 mg/L suggests renal failure or a unit error.",
)

M_PROTEIN = MeasuredInput(
    id="m_protein",
    label="Serum monoclonal protein (M-protein)",
    units=(
        Unit("g/dL", F(1), F(0), F(20)),
        Unit("g/L", F(1, 10), F(0), F(200)),
        Unit("mg/dL", F(1, 1000), F(0), F(20000)),
    ),
    limits_reason="values outside this range are not physiological; check the number and the unit.",
    soft_maximum=F("12.4"),
    soft_reason="above the highest value in the published series (124 g/L); check the unit.",
    help="M-spike on serum protein electrophoresis; if unavailable, serum IgM (nephelometric IgM over-reads at high levels).",
)


def with_label(spec: MeasuredInput, label: str, help: str = "") -> MeasuredInput:
    """The same quantity under a calculator's own wording."""
    return replace(spec, label=label, help=help or spec.help)
