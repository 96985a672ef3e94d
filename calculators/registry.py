"""Every calculator by id. A new calculator is one import and one line here."""

from __future__ import annotations

from .ipsswm import IPSSWM
from .model import Calculator

CALCULATORS: dict[str, Calculator] = {calc.id: calc for calc in (IPSSWM,)}
