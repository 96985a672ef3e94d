"""Every calculator by id. A new calculator is one import and one line here."""

from __future__ import annotations

from .classifier import IGM_CLASSIFIER
from .ipsswm import IPSSWM
from .iwwm_response import IWWM_RESPONSE
from .mgus import IGM_MGUS_2FACTOR, MAYO_MGUS
from .model import Calculator
from .mss_wm import MSS_WM
from .plasmapheresis import PLASMAPHERESIS_CHECK
from .ripsswm import RIPSSWM
from .smoldering import AWM_FACTORS, SWM_PROGRESSION
from .treatment import TREATMENT_INDICATION
from .units import UNIT_CONVERTER

CALCULATORS: dict[str, Calculator] = {
    calc.id: calc
    for calc in (
        IPSSWM,
        RIPSSWM,
        MSS_WM,
        MAYO_MGUS,
        IGM_MGUS_2FACTOR,
        TREATMENT_INDICATION,
        PLASMAPHERESIS_CHECK,
        IWWM_RESPONSE,
        SWM_PROGRESSION,
        AWM_FACTORS,
        IGM_CLASSIFIER,
        UNIT_CONVERTER,
    )
}
