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

__all__ = ["PLAN", "precompiled_stdlib"]

SCRIPT = Path(__file__).with_name("precompile_stdlib.mjs")
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


def _key(pyodide_dir: Path) -> str:
    digest = hashlib.sha256()
    for part in (pyodide_dir / "python_stdlib.zip", pyodide_dir / "pyodide.asm.wasm", SCRIPT):
        digest.update(hashlib.sha256(part.read_bytes()).digest())
    digest.update(json.dumps(PLAN, sort_keys=True).encode())
    return digest.hexdigest()[:16]


def precompiled_stdlib(pyodide_dir: Path, cache_dir: Path) -> Path:
    """Path of the precompiled stdlib zip for this core, building it with Node if not cached."""
    target = cache_dir / f"python_stdlib.{_key(pyodide_dir)}.zip"
    if target.is_file():
        return target
    node = shutil.which("node")
    if node is None:
        raise FileNotFoundError("node (Node 20) is needed once to precompile the standard library")
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir) as tmp:
        partial = Path(tmp) / target.name
        subprocess.run(
            [node, str(SCRIPT), str(pyodide_dir), str(partial), json.dumps(PLAN)],
            check=True,
            capture_output=True,
            text=True,
        )
        os.replace(partial, target)
    return target
