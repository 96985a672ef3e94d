"""The Pyodide core shipped into the site is checked against package-lock.json's integrity of the npm tarball."""

from __future__ import annotations

import json
import shutil

import pytest

from igm_site.pyodide_integrity import PyodideIntegrityError, locked_integrity, verify_pyodide_core
from igm_site.runtime import PYODIDE_CORE_FILES
from tests.support.build import ROOT

LOCK = ROOT / "package-lock.json"
PYODIDE = ROOT / "node_modules" / "pyodide"


@pytest.fixture
def copy(tmp_path):
    """A project with the installed pyodide and its lock, to change without touching the real one."""
    target = tmp_path / "node_modules" / "pyodide"
    target.mkdir(parents=True)
    for name in (*PYODIDE_CORE_FILES, "package.json"):
        shutil.copy(PYODIDE / name, target / name)
    shutil.copy(LOCK, tmp_path / "package-lock.json")
    return target


def test_the_installed_core_matches_the_locked_tarball(copy, tmp_path):
    version, _ = locked_integrity(tmp_path / "package-lock.json")
    assert verify_pyodide_core(copy, PYODIDE_CORE_FILES, tmp_path / "package-lock.json", tmp_path / "cache") == version
    assert list((tmp_path / "cache").glob("pyodide-*.json"))  # digests recorded once per locked tarball


def test_a_core_file_changed_after_install_stops_the_build(copy, tmp_path):
    wasm = copy / "pyodide.asm.wasm"
    wasm.write_bytes(wasm.read_bytes() + b"\0")
    with pytest.raises(PyodideIntegrityError, match=r"pyodide\.asm\.wasm: differs from the pyodide"):
        verify_pyodide_core(copy, PYODIDE_CORE_FILES, tmp_path / "package-lock.json", tmp_path / "cache")


def test_a_lock_naming_another_tarball_is_refused(copy, tmp_path):
    lock = json.loads(LOCK.read_text())
    integrity = lock["packages"]["node_modules/pyodide"]["integrity"]
    # Another sha512 (the first byte flipped): no tarball in npm's cache has it, or it does not match.
    flipped = "sha512-" + ("A" if integrity[7] != "A" else "B") + integrity[8:]
    lock["packages"]["node_modules/pyodide"]["integrity"] = flipped
    (tmp_path / "package-lock.json").write_text(json.dumps(lock))
    with pytest.raises(PyodideIntegrityError, match="tarball"):
        verify_pyodide_core(copy, PYODIDE_CORE_FILES, tmp_path / "package-lock.json", tmp_path / "cache")


def test_an_installed_version_other_than_the_locked_one_is_refused(copy, tmp_path):
    meta = json.loads((copy / "package.json").read_text())
    meta["version"] = "0.0.1"
    (copy / "package.json").write_text(json.dumps(meta))
    with pytest.raises(PyodideIntegrityError, match=r"0\.0\.1 installed"):
        verify_pyodide_core(copy, PYODIDE_CORE_FILES, tmp_path / "package-lock.json", tmp_path / "cache")
