"""Every calculator by id. A new calculator is one line here: its id, module and name.

A calculator's module is imported when the calculator is first asked for, not when the package is: a page runs one
calculator, and in the browser importing all twelve declarations was about a third of importing the package
(issue 23). Asking for every calculator (iterating `CALCULATORS.values()`) imports them all, as before.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from .model import Calculator

# id -> (module in this package, name of the declaration in it), in the order calculators are listed.
_WHERE: dict[str, tuple[str, str]] = {
    "ipsswm": ("ipsswm", "IPSSWM"),
    "ripsswm": ("ripsswm", "RIPSSWM"),
    "mss_wm": ("mss_wm", "MSS_WM"),
    "mayo_mgus": ("mgus", "MAYO_MGUS"),
    "igm_mgus_2factor": ("mgus", "IGM_MGUS_2FACTOR"),
    "treatment_indication": ("treatment", "TREATMENT_INDICATION"),
    "plasmapheresis_check": ("plasmapheresis", "PLASMAPHERESIS_CHECK"),
    "iwwm_response": ("iwwm_response", "IWWM_RESPONSE"),
    "swm_progression": ("smoldering", "SWM_PROGRESSION"),
    "awm_factors": ("smoldering", "AWM_FACTORS"),
    "igm_classifier": ("classifier", "IGM_CLASSIFIER"),
    "unit_converter": ("units", "UNIT_CONVERTER"),
}


class _Registry(Mapping[str, Calculator]):
    """A read-only mapping of id to declaration that imports a declaration's module on first use."""

    def __init__(self) -> None:
        self._loaded: dict[str, Calculator] = {}

    def __getitem__(self, calculator_id: str) -> Calculator:
        if calculator_id in self._loaded:
            return self._loaded[calculator_id]
        module, name = _WHERE[calculator_id]  # KeyError (or TypeError) for an unknown id, as a dict raises
        calc = getattr(importlib.import_module(f".{module}", __package__), name)
        if calc.id != calculator_id:
            raise LookupError(
                f"calculators.registry: {module}.{name} declares id {calc.id!r}, listed as {calculator_id!r}"
            )
        self._loaded[calculator_id] = calc
        return calc

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)

    def __contains__(self, calculator_id: object) -> bool:
        return isinstance(calculator_id, str) and calculator_id in _WHERE


CALCULATORS: Mapping[str, Calculator] = _Registry()
