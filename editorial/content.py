"""The subject of a review: what readers get from a page, as one digest that review statements name.

The digest is the SHA-256 of a manifest listing each part by how the page names it, with the part's own SHA-256:

    igm-subject-v2
    page sha256:...                                   the page's bytes
    ref ../img/dose.png sha256:...                    each image, snippet or file it references, however written
    calculator ipsswm                                 an embedded calculator, then its code:
    code calculators/ipsswm.py sha256:...             its declaration module and what it imports, and the engine

The page's own path is not in it: a page moved with the same bytes (and references that still reach the same bytes)
keeps its digest, hence its approvals. A referenced file is named as the page writes it, so moving a page to where
`../img/dose.png` reaches other bytes changes the digest. References are found in Markdown inline and reference-style
links and images, raw HTML attributes (src, srcset, href, data, poster) and snippets (`--8<-- "file"`); links to other
pages (.md) are not part of this page. A calculator page is bound to its own declaration and the modules it imports
(and the shared engine that evaluates it), not to every calculator: adding one leaves the others approved.
"""

from __future__ import annotations

import dataclasses
import hashlib
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

__all__ = ["CALCULATORS_DIR", "CALCULATOR_BLOCK", "IMAGE", "Content", "calculator_code", "declaration_index"]
__all__ += ["page_assets", "page_content", "subject_of"]

MANIFEST_VERSION = "igm-subject-v2"
CALCULATOR_BLOCK = re.compile(r"^///\s*calculator\s*\|\s*(\S+)\s*$", re.MULTILINE)
SNIPPET = re.compile(r"""^\s*-{1,}8<-{1,}\s+["']([^"'\n]+)["']\s*$""", re.MULTILINE)
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?")
_INLINE = re.compile(r"\]\(\s*<?([^)\s>]+)>?")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_HTML_ATTR = re.compile(r"""\b(?:src|href|data|poster)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)
_SRCSET = re.compile(r"""\bsrcset\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
CALCULATORS_DIR = "calculators"
ENGINE = "engine.py"  # evaluates every declaration: part of what each calculator computes


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclasses.dataclass(frozen=True)
class Content:
    """The parts of one page a review statement covers, and their digest (`approval_hash`)."""

    page: str
    calculators: tuple[str, ...]
    parts: tuple[tuple[str, str], ...]  # ("page", digest), ("ref <as written>", digest), ("code <path>", digest)

    @property
    def manifest(self) -> str:
        lines = [MANIFEST_VERSION, *(f"calculator {calc}" for calc in self.calculators)]
        lines += [f"{name} {digest}" for name, digest in self.parts]
        return "\n".join(lines) + "\n"

    @property
    def approval_hash(self) -> str:
        return _sha256(self.manifest.encode("utf-8"))


def _local(target: str) -> bool:
    return (
        bool(target)
        and not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE)
        and not target.startswith(("/", "#"))
    )


def references(text: str) -> list[str]:
    """Every local file target the page's text names, as written (without #fragment or ?query)."""
    found = [*_INLINE.findall(text), *_REFERENCE.findall(text)]
    for match in _HTML_ATTR.finditer(text):
        found.append(next(g for g in match.groups() if g is not None))
    for match in _SRCSET.finditer(text):
        value = match.group(1) if match.group(1) is not None else match.group(2)
        found += [item.split()[0] for item in value.split(",") if item.split()]
    targets = {re.split(r"[#?]", t, maxsplit=1)[0] for t in found if _local(t)}
    return sorted(t for t in targets if t and not t.lower().endswith(".md"))


def page_assets(root: Path, page: str, docs_dir: str = "docs") -> list[str]:
    """Repository paths of the files under `docs_dir` that `page` references (`references`) and that exist: exactly
    the files its subject digest covers, so the docs/ tree publishes nothing a review did not see. A reference the
    finder cannot read (hidden by an attribute list or a character reference) is no reference: its file is refused."""
    text = (root / page).read_bytes().decode("utf-8", errors="replace")
    found = {posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(t))) for t in references(text)}
    return sorted(p for p in found if p.startswith(docs_dir + "/") and (root / p).is_file())


def declaration_index(base: Path) -> dict[str, str]:
    """calculator id → the module declaring it (`Calculator(id="…"`)."""
    index: dict[str, str] = {}
    for path in sorted(base.glob("*.py")):
        for found in re.findall(r"""Calculator\(\s*id\s*=\s*["']([^"']+)["']""", path.read_text(encoding="utf-8")):
            index.setdefault(found, path.name)
    return index


_RELATIVE_IMPORT = re.compile(r"^[ \t]*from[ \t]+\.(\w*)[ \t]+import[ \t]+(\([^)]*\)|[\w \t,]*)", re.MULTILINE)


def _imported_by(path: Path) -> list[str]:
    """The package modules one module imports (`from .x import …`, `from . import x`), read from its text."""
    found = []
    for module, names in _RELATIVE_IMPORT.findall(path.read_text(encoding="utf-8")):
        found += [module] if module else [n.strip() for n in names.strip("()").split(",") if n.strip()]
    return [f"{name}.py" for name in found]


def _imports(base: Path, module: str) -> set[str]:
    """`module` and the modules of the package it imports, transitively (relative imports)."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        path = base / name
        if name in seen or not path.is_file():
            continue
        seen.add(name)
        todo += _imported_by(path)
    return seen


def calculator_code(root: Path, calc: str, index: dict[str, str] | None = None) -> list[str]:
    """The repository paths of the code an embedded calculator runs: its declaration, its imports, the engine."""
    base = root / CALCULATORS_DIR
    declared = (declaration_index(base) if index is None else index).get(calc)
    modules = _imports(base, ENGINE) | (_imports(base, declared) if declared else set())
    return sorted(f"{CALCULATORS_DIR}/{name}" for name in modules)


def subject_of(root: Path, page: str, source: bytes, index: dict[str, str] | None = None) -> Content:
    """The subject of `page` (relative to `root`) were its bytes `source`, against the files as they are now.
    `index`: `declaration_index` of the calculators, when the caller has read it for many pages."""
    page_path = root / page
    text = source.decode("utf-8", errors="replace")
    parts: list[tuple[str, str]] = [("page", _sha256(source))]
    calcs = tuple(sorted(set(CALCULATOR_BLOCK.findall(text))))
    if index is None:
        index = declaration_index(root / CALCULATORS_DIR) if calcs else {}
    parts += [(f"code {calc}", "missing") for calc in calcs if calc not in index]
    code = sorted({path for calc in calcs for path in calculator_code(root, calc, index)})
    named = [(f"snippet {m}", root / m) for m in SNIPPET.findall(text)]
    named += [(f"ref {t}", page_path.parent / unquote(t)) for t in references(text)]
    named += [(f"code {path}", root / path) for path in code]
    parts += [(name, _sha256(path.read_bytes()) if path.is_file() else "missing") for name, path in named]
    return Content(page=page, calculators=calcs, parts=tuple(sorted(set(parts))))


def page_content(root: Path, page: str, index: dict[str, str] | None = None) -> Content:
    """The subject of `page` (a path relative to `root`, e.g. docs/articles/x.md) as it is in the work tree."""
    return subject_of(root, page, (root / page).read_bytes(), index)
