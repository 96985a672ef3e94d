"""The registry imports a calculator's declaration when it is first asked for (issue 23: a page runs one calculator,
and its worker imports only that one), and every listed id is the id its declaration carries."""

from __future__ import annotations

import json
import subprocess
import sys

from calculators.registry import CALCULATORS


def test_every_listed_id_is_its_declarations_id():
    assert len(CALCULATORS) == 12
    for calculator_id in CALCULATORS:
        assert CALCULATORS[calculator_id].id == calculator_id
    assert "nope" not in CALCULATORS and [] not in CALCULATORS


def test_importing_the_package_imports_no_declaration_and_running_one_imports_only_it():
    code = (
        "import json, sys, calculators\n"
        "before = sorted(m for m in sys.modules if m.startswith('calculators.'))\n"
        "calculators.run_json('ipsswm', '{}')\n"
        "after = sorted(m for m in sys.modules if m.startswith('calculators.'))\n"
        "print(json.dumps([before, after, calculators.calculator_ids()]))\n"
    )
    before, after, ids = json.loads(
        subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout
    )
    declarations = {"calculators.ipsswm", "calculators.ripsswm", "calculators.mss_wm", "calculators.mgus",
                    "calculators.treatment", "calculators.plasmapheresis", "calculators.iwwm_response",
                    "calculators.smoldering", "calculators.classifier", "calculators.units"}  # fmt: skip
    assert not declarations & set(before)
    assert declarations & set(after) == {"calculators.ipsswm"}
    assert len(ids) == 12
