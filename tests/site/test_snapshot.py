"""The memory snapshot a returning reader's Python starts from (igm_site/snapshot.py, issue 23): what is frozen in it
must not matter, and its name binds it to the very bundle and standard library a page ships.

That the same inputs make the same bytes from any checkout is tests/site/test_build_cache.py's (the committed line
of compiled.lock against a fresh make); that a browser restores it and computes what CPython computes is
tests/browser/test_snapshot_start.py's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from igm_site.runtime import ROOT
from igm_site.snapshot import snapshot_name

# Imports every calculator with the clock and every source of randomness refusing to answer: what a module read at
# import would be frozen in the snapshot at its making (1 January 2020, a fixed seed) for every reader.
IMPORT_WITHOUT_CLOCK_OR_ENTROPY = """
import os, sys, time
def refuse(*args, **kwargs):
    raise AssertionError("read at import time, so frozen in the memory snapshot")
for name in ("time", "time_ns", "monotonic", "monotonic_ns", "perf_counter", "perf_counter_ns", "localtime", "gmtime"):
    setattr(time, name, refuse)
os.urandom = refuse
for module in ("random", "secrets", "uuid", "datetime"):
    sys.modules[module] = None  # an import of it fails
import calculators, calculators.relevance
from calculators.registry import CALCULATORS
for calc_id in list(CALCULATORS):
    CALCULATORS[calc_id]
print(len(CALCULATORS))
"""


def test_no_calculator_reads_the_clock_or_randomness_when_imported():
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_WITHOUT_CLOCK_OR_ENTROPY], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 12


def test_the_snapshot_is_named_for_the_bundle_and_stdlib_it_was_made_from(tmp_path):
    pyodide = ROOT / "node_modules" / "pyodide"
    stdlib = Path("python_stdlib.0123456789abcdef.zip")
    name = snapshot_name(pyodide, stdlib, "calculators.aaaaaaaaaaaa.zip")
    assert name.startswith("snapshot.") and name.endswith(".bin")
    assert snapshot_name(pyodide, stdlib, "calculators.bbbbbbbbbbbb.zip") != name
    assert snapshot_name(pyodide, Path("python_stdlib.fedcba9876543210.zip"), "calculators.aaaaaaaaaaaa.zip") != name
    assert snapshot_name(pyodide, stdlib, "calculators.aaaaaaaaaaaa.zip") == name
