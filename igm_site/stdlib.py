"""The standard library the browser loads: Pyodide's own, precompiled to bytecode and trimmed.

Every start of the stock core compiles ~600 `.py` files; shipping `.pyc` compiled by Pyodide itself
(so the magic number matches) cut a start under Node from ~1.5 s to ~0.25 s here. The result is
cached by a key of everything that determines it, so only the first build pays the ~4 s.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .pyodide_integrity import file_sha256

__all__ = [
    "OUTPUT",
    "PLAN",
    "inputs_digest",
    "node_made",
    "precompiled_stdlib",
    "precompiled_zip",
    "stdlib_name",
    "zip_name",
]

SCRIPT = Path(__file__).with_name("precompile_zip.mjs")
# Never imported by the calculators or by Pyodide's start: networking, mail, XML, debuggers, GUIs,
# test tooling. Trimming further, to exactly the modules seen at start, breaks lazy imports.
PLAN = {
    "drop": sorted(
        {
            "__phello__",
            "_pyrepl",
            "doctest",
            "email",
            "ensurepip",
            "ftplib",
            "http",
            "idlelib",
            "imaplib",
            "lib2to3",
            "mailbox",
            "multiprocessing",
            "nntplib",
            "pdb",
            "pickletools",
            "poplib",
            "pydoc",
            "pydoc_data",
            "smtplib",
            "sqlite3",
            "tkinter",
            "turtle",
            "turtledemo",
            "unittest",
            "venv",
            "wsgiref",
            "xml",
            "xmlrpc",
        }
    ),
    # Codecs a Python start, UTF-8 text or zipfile (cp437 names) can reach; other code pages are never used.
    "keep_encodings": sorted(
        {
            "__init__",
            "aliases",
            "ascii",
            "charmap",
            "cp437",
            "idna",
            "latin_1",
            "punycode",
            "raw_unicode_escape",
            "undefined",
            "unicode_escape",
            "utf_16",
            "utf_16_be",
            "utf_16_le",
            "utf_32",
            "utf_32_be",
            "utf_32_le",
            "utf_8",
            "utf_8_sig",
        }
    ),
}


def inputs_digest(*parts: bytes) -> str:
    """The digest a compiled artefact's name carries: of everything that determines its bytes."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:16]


OUTPUT = object()  # in `node_made`'s arguments: where the script writes its file


def node_made(target: Path, what: str, script: Path, *args) -> Path:
    """`target`, made by `node script args...` (OUTPUT standing for the file it writes) unless it is there already;
    written beside it under a temporary name and moved in place, so a cut-off run leaves no half file."""
    if target.is_file():
        return target
    node = shutil.which("node")
    if node is None:
        raise FileNotFoundError(f"node (Node 20) is needed to {what}")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        partial = Path(tmp) / target.name
        argv = [node, str(script), *(str(partial) if arg is OUTPUT else str(arg) for arg in args)]
        subprocess.run(argv, check=True, capture_output=True, text=True)
        os.replace(partial, target)
    return target


def _precompile(pyodide_dir: Path, source: str, target: Path, plan: dict) -> Path:
    what = "precompile Python to bytecode for the browser"
    return node_made(target, what, SCRIPT, pyodide_dir, source, OUTPUT, json.dumps(plan))


def _core_digest(pyodide_dir: Path) -> bytes:
    # file_sha256: the integrity check has just hashed the same core files in this process
    return file_sha256(pyodide_dir / "pyodide.asm.wasm") + hashlib.sha256(SCRIPT.read_bytes()).digest()


def stdlib_name(pyodide_dir: Path, plan: dict = PLAN) -> str:
    """The file name of the precompiled stdlib: it carries a digest of everything that determines its bytes."""
    key = inputs_digest(
        file_sha256(pyodide_dir / "python_stdlib.zip"), _core_digest(pyodide_dir), json.dumps(plan).encode()
    )
    return f"python_stdlib.{key}.zip"


def precompiled_stdlib(pyodide_dir: Path, cache_dir: Path, plan: dict = PLAN) -> Path:
    """Path of the precompiled stdlib zip for this core, building it with Node if not cached. Another `plan`
    serves the benchmarks (bench/wheel_start.py keeps `email`, which installing a wheel needs)."""
    return _precompile(pyodide_dir, "stdlib", cache_dir / stdlib_name(pyodide_dir, plan), plan)


def zip_name(pyodide_dir: Path, source: bytes, name: str) -> str:
    """The file name of `source` (a zip of Python sources) compiled for this core, with a digest of both."""
    return f"{name}.{inputs_digest(source, _core_digest(pyodide_dir))}.zip"


def precompiled_zip(pyodide_dir: Path, cache_dir: Path, source: bytes, name: str) -> Path:
    """A zip of Python sources (our calculators) compiled to bytecode for this core, cached by content."""
    target = cache_dir / zip_name(pyodide_dir, source, name)
    if target.is_file():
        return target
    with tempfile.TemporaryDirectory(dir=cache_dir if cache_dir.is_dir() else None) as tmp:
        zipped = Path(tmp) / "source.zip"
        zipped.write_bytes(source)
        return _precompile(pyodide_dir, str(zipped), target, {"drop": []})
