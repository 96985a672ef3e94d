"""The calculators wheel: reproducible, the same as setuptools would build, installable with pip into a fresh
environment where every case file passes, and shipped in the site with its Pyodide lockfile entry."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import calculators
from igm_site.runtime import ROOT, Runtime
from igm_site.wheel import DISTRIBUTION, calculators_wheel, lock_entry
from tests.calculators.cases import CASES_DIR

PACKAGE = ROOT / "calculators"


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def metadata(files: dict[str, bytes]) -> dict[str, str]:
    name = next(n for n in files if n.endswith(".dist-info/METADATA"))
    message = Parser().parsestr(files[name].decode())
    return {key: message[key] for key in ("Metadata-Version", "Name", "Version", "Requires-Python")}


def test_the_wheel_is_reproducible_and_named_by_the_package_version():
    first, second = calculators_wheel(PACKAGE), calculators_wheel(PACKAGE)
    assert first.data == second.data
    assert first.filename == f"igm_calculators-{calculators.__version__}-py3-none-any.whl"


def test_the_wheel_holds_what_setuptools_builds_from_the_same_sources(tmp_path):
    """Our writer against the reference builder: same modules byte for byte, same name, version and tag."""
    project = tmp_path / "project"
    shutil.copytree(PACKAGE, project / "calculators", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=68"]\nbuild-backend = "setuptools.build_meta"\n'
        f'[project]\nname = "{DISTRIBUTION}"\nversion = "{calculators.__version__}"\nrequires-python = ">=3.11"\n'
        '[tool.setuptools]\npackages = ["calculators"]\n'
    )
    out = tmp_path / "out"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            out,
            project,
        ],
        check=True,
        capture_output=True,
    )
    (reference_path,) = out.glob("*.whl")
    ours = calculators_wheel(PACKAGE)
    assert reference_path.name == ours.filename
    reference, built = members(reference_path.read_bytes()), members(ours.data)
    modules = {name: data for name, data in reference.items() if name.startswith("calculators/")}
    assert modules == {name: data for name, data in built.items() if name.startswith("calculators/")}
    assert len(modules) == len(list(PACKAGE.glob("*.py")))
    assert metadata(built)["Name"] == metadata(reference)["Name"] == DISTRIBUTION
    assert metadata(built)["Version"] == metadata(reference)["Version"]
    wheel_tags = [
        {line for line in files[n].decode().splitlines() if line.startswith(("Tag:", "Root-Is-Purelib:"))}
        for files in (reference, built)
        for n in files
        if n.endswith(".dist-info/WHEEL")
    ]
    assert wheel_tags[0] == wheel_tags[1] == {"Tag: py3-none-any", "Root-Is-Purelib: true"}


CHECK = """
import importlib.util, json, sys
from pathlib import Path
import calculators
spec = importlib.util.spec_from_file_location("cases", sys.argv[1])
cases = importlib.util.module_from_spec(spec); spec.loader.exec_module(cases)
failed, count = [], 0
for calculator, n, case in cases.every_case():
    count += 1
    problems = cases.mismatches(calculators.run(calculator, case["inputs"]), case["expect"])
    if problems:
        failed.append([calculator, n, problems])
print(json.dumps({"file": calculators.__file__, "count": count, "failed": failed}))
"""


def test_pip_installs_the_wheel_into_a_fresh_venv_where_every_case_file_passes(tmp_path):
    wheel = calculators_wheel(PACKAGE)
    (tmp_path / wheel.filename).write_bytes(wheel.data)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "-q",
            "--no-index",
            "--no-deps",
            tmp_path / wheel.filename,
        ],
        check=True,
        capture_output=True,
    )
    # From an empty folder, with nothing of this checkout on the path: the installed copy is what runs.
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    done = subprocess.run(
        [python, "-I", "-c", CHECK, str(CASES_DIR.parent / "calculators" / "cases.py")],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout)
    assert Path(report["file"]).is_relative_to(env_dir)
    assert report["count"] == sum(len(json.loads(p.read_text())) for p in CASES_DIR.glob("*.json")) > 100
    assert report["failed"] == []


def test_the_site_ships_the_wheel_and_its_lockfile_entry(built_site):
    runtime = Runtime.locate()
    shipped = built_site / runtime.wheel_path
    assert shipped.read_bytes() == runtime.wheel.data
    (config,) = (built_site / "assets" / "igm").glob("runtime.*.js")
    lock = json.loads(re.search(r"export const LOCKFILE = (.*);\n", config.read_text()).group(1))
    core_info = json.loads((runtime.pyodide_dir / "pyodide-lock.json").read_text())["info"]
    assert lock["info"] == core_info  # the core's own info, untouched
    assert set(lock["packages"]) == {DISTRIBUTION}  # nothing Pyodide could fetch from elsewhere
    entry = lock["packages"][DISTRIBUTION]
    assert entry["sha256"] == hashlib.sha256(shipped.read_bytes()).hexdigest()
    assert entry["file_name"] == shipped.name and entry["imports"] == ["calculators"] and entry["depends"] == []
    base = re.search(r'export const PACKAGE_BASE = new URL\("([^"]+)"', config.read_text()).group(1)
    assert (config.parent / base / entry["file_name"]).resolve() == shipped.resolve()


def test_the_lockfile_entry_follows_the_wheel_bytes():
    wheel = calculators_wheel(PACKAGE)
    info = json.loads((Runtime.locate().pyodide_dir / "pyodide-lock.json").read_text())["info"]
    entry = lock_entry(wheel, info, "314.0.7")
    assert entry["sha256"] == wheel.sha256
    changed = type(wheel)(wheel.filename, wheel.data + b"\0")
    assert lock_entry(changed, info, "314.0.7")["sha256"] != entry["sha256"]


@pytest.mark.parametrize("field", ["Name", "Version", "Requires-Python"])
def test_the_metadata_says_what_pip_needs(field):
    assert metadata(members(calculators_wheel(PACKAGE).data))[field]
