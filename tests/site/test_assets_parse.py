"""Every browser module parses: a syntax error in one (a merge gone wrong) stops every calculator, and the browser
tests would only say that a form never became ready."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from igm_site.runtime import ASSETS

MODULES = sorted(path for path in ASSETS.iterdir() if path.suffix in {".js", ".mjs"})


@pytest.mark.parametrize("module", MODULES, ids=[m.name for m in MODULES])
def test_the_module_parses(module):
    node = shutil.which("node")
    assert node, "node (Node 20) is needed, as README says"
    done = subprocess.run([node, "--check", str(module)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
