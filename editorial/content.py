"""What an approval binds to: the page's bytes and everything the page embeds.

The approval hash is the SHA-256 of a small manifest listing each part with its own SHA-256:

    igm-approval-v1
    page docs/articles/x.md sha256:...
    calculator ipsswm
    file calculators/engine.py sha256:...
    ...

A page that embeds a calculator (`/// calculator | id`) is bound to every file of the `calculators/` package: the
declarations are Python data in those files and the engine that evaluates them is shared, so a change to any of them
can change what the page computes. Included snippets (`--8<-- "file"`) and local images are bound by their bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

__all__ = ["CALCULATOR_BLOCK", "Content", "page_content"]

MANIFEST_VERSION = "igm-approval-v1"
CALCULATOR_BLOCK = re.compile(r"^///\s*calculator\s*\|\s*(\S+)\s*$", re.MULTILINE)
SNIPPET = re.compile(r"""^\s*-{1,}8<-{1,}\s+["']([^"'\n]+)["']\s*$""", re.MULTILINE)
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?")
CALCULATORS_DIR = "calculators"


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclasses.dataclass(frozen=True)
class Content:
    """The parts of one page an approval covers, and their combined hash."""

    page: str
    calculators: tuple[str, ...]
    parts: tuple[tuple[str, str], ...]  # (repository path, sha256 or "missing")

    @property
    def manifest(self) -> str:
        lines = [MANIFEST_VERSION]
        lines += [f"calculator {calc}" for calc in self.calculators]
        lines += [f"file {path} {digest}" for path, digest in self.parts]
        return "\n".join(lines) + "\n"

    @property
    def approval_hash(self) -> str:
        return _sha256(self.manifest.encode("utf-8"))


def _calculator_files(root: Path) -> list[Path]:
    base = root / CALCULATORS_DIR
    if not base.is_dir():
        return []
    return sorted(
        path
        for path in base.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".pyo"}
    )


def _local(target: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) and not target.startswith(("/", "#"))


def page_content(root: Path, page: str) -> Content:
    """Collect the parts of `page` (a path relative to `root`, e.g. docs/articles/x.md) and hash them."""
    page_path = root / page
    source = page_path.read_bytes()
    text = source.decode("utf-8", errors="replace")
    parts: dict[str, str] = {page: _sha256(source)}
    calcs = tuple(sorted(set(CALCULATOR_BLOCK.findall(text))))
    if calcs:
        for path in _calculator_files(root):
            parts[path.relative_to(root).as_posix()] = _sha256(path.read_bytes())
    embedded = [(root / m) for m in SNIPPET.findall(text)]
    embedded += [page_path.parent / m for m in IMAGE.findall(text) if _local(m)]
    for path in embedded:
        try:
            rel = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = str(path)
        parts[rel] = _sha256(path.read_bytes()) if path.is_file() else "missing"
    return Content(page=page, calculators=calcs, parts=tuple(sorted(parts.items())))
