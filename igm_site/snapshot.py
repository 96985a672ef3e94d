"""Pyodide's memory snapshot of the calculators' state, the file a returning reader's worker starts from (issue 23).

Made under Node by `snapshot_make.mjs` from the very core, standard library and bundle the site ships, with its
entropy and clock fixed, so the same inputs make the same bytes: a production build pins it in `compiled.lock` like
the bytecode (`runtime.verified`). Its name carries the digest of those inputs, so a page never pairs a snapshot with
another build's bundle. A first visit does not wait for it (3 Mbit/s ward Wi-Fi would pay 4.9 MB more before the
first result): the worker fetches it once its own start has every byte, keeps it in the origin's private file
system, and later starts restore it (igm_site/assets/calc-worker.js).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .pyodide_integrity import file_sha256
from .stdlib import OUTPUT, inputs_digest, node_made

__all__ = ["make_snapshot", "snapshot_name"]

SCRIPT = Path(__file__).with_name("snapshot_make.mjs")


def snapshot_name(pyodide_dir: Path, stdlib: Path, bundle_name: str) -> str:
    """`stdlib` and the bundle carry the digests of their own inputs in their names; the core and script are added."""
    wasm = file_sha256(pyodide_dir / "pyodide.asm.wasm")
    key = inputs_digest(wasm, SCRIPT.read_bytes(), stdlib.name.encode(), bundle_name.encode())
    return f"snapshot.{key}.bin"


def make_snapshot(pyodide_dir: Path, directory: Path, stdlib: Path, bundle: bytes, bundle_name: str) -> Path:
    """`directory`/`snapshot_name(...)`, made with Node unless it is there already."""
    target = directory / snapshot_name(pyodide_dir, stdlib, bundle_name)
    if target.is_file():
        return target
    with tempfile.TemporaryDirectory() as tmp:
        zipped = Path(tmp) / "bundle.zip"
        zipped.write_bytes(bundle)
        what = "make the calculators' memory snapshot"
        return node_made(target, what, SCRIPT, pyodide_dir, stdlib, zipped, OUTPUT)
