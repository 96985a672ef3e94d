"""Each page's review, and what readers are shown of it, remembered for as long as nothing it is made from changes.

`make build` asks the same question three times (the production gate, the plugin, the built-site check) and an
editor asks it again with every `editorial status`; at 115 pages each answer costs about a second and a half of
replaying ledgers, authorship and signatures. The answer is a function of:

- the commit HEAD points to (the ledgers' history, the pages' authors, every signature and the chain of trust);
- the bytes of every page and of everything each page embeds (`content.page_content`: the approval manifest), of
  every ledger, of editorial.yml, of the allowed-signers file it names and of mkdocs.yml;
- the day (due dates), the strictness (production counts only committed, verified approvals), the pinned first signer
  (EDITORIAL_TRUST_ROOT) and the editorial code itself.

A digest of all of them is the key; a different key is a different answer, so a change to any of them recomputes.
The answers are kept in the git dir (never in the work tree, never committed) for the last few keys, as the gate and
the plugin differ in strictness. They are pickled: whoever can write the git dir can already run code through its
hooks and config, so this opens nothing new. `IGM_EDITORIAL_NO_CACHE=1` turns it off, and a fresh clone (CI)
computes everything.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .content import CALCULATORS_DIR, page_content
from .history_cache import _git_dirs, _head
from .ledger import LEDGER_DIR

if TYPE_CHECKING:
    from .repository import Repository

__all__ = ["remembered", "verdict"]

_FILE = "igm-editorial-reviews.pickle"
_KEEP = 4  # fingerprints kept: strict and not, before and after an edit
_VERDICTS = "igm-editorial-verdicts.pickle"
_FORMAT = 1
T = TypeVar("T")


def _code_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


_CODE = _code_digest()


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


# The digest of the files, with the stat of every file it read, kept beside the answers: as git's index does, a file
# whose size, mtime and inode are unchanged, and was not changed within the mtime's resolution, is not read again.
_RACY_NS = 2_000_000_000  # a file changed this recently may change again within its mtime's resolution (as git's index)


def _stats(root: Path, dirs: tuple[str, ...], files: tuple[str, ...]) -> tuple | None:
    """(path, mtime, size, inode) of every file under `dirs` and of `files`; None when one changed too recently."""
    out = []
    now = time.time_ns()
    paths = [root / name for name in files]
    for name in dirs:
        for folder, subdirs, names in os.walk(root / name):
            subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
            paths += [Path(folder, n) for n in sorted(names)]
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            out.append((str(path), None))
            continue
        if now - info.st_mtime_ns < _RACY_NS:
            return None
        out.append((str(path), info.st_mtime_ns, info.st_size, info.st_ino))
    return tuple(out)


def fingerprint(repo: Repository) -> str | None:
    """The digest of everything a review is made from (None: nothing is remembered for this repository)."""
    if os.environ.get("IGM_EDITORIAL_NO_CACHE") or not repo.git:
        return None
    head = _head(repo.root)
    if head is None:
        return None
    situation = [
        f"format {_FORMAT}",
        f"code {_CODE}",
        f"head {head}",
        f"strict {repo.strict}",
        f"today {repo.today.isoformat()}",
        f"trust-root {os.environ.get('EDITORIAL_TRUST_ROOT', '')}",
        f"files {_files_digest(repo)}",
    ]
    return hashlib.sha256("\n".join(situation).encode()).hexdigest()


def _files_digest(repo: Repository) -> str:
    """The digest of the files a review reads, taken again only when one of them changed on disk."""
    root = repo.root
    dirs = (repo.docs_dir, LEDGER_DIR, CALCULATORS_DIR)
    recent = _files.entries(root, "files").get(str(root))
    if recent is not None:
        stats = _stats(root, dirs, recent[0][0])
        if stats is not None and stats == recent[0][1]:
            return recent[1]
    signers = repo.declarations.allowed_signers_name
    embedded: set[str] = set()
    parts = []
    for name in ("editorial.yml", "mkdocs.yml", signers):
        parts.append(f"file {name} {_file_digest(root / name)}")
    for page in repo._pages:
        if (root / page).is_file():
            content = page_content(root, page)
            parts.append(content.manifest)  # the page's bytes and what it embeds
            embedded.update(path for path, _ in content.parts)
        else:
            parts.append(f"no page {page}")
    ledgers = root / LEDGER_DIR
    for ledger in sorted(ledgers.rglob("*")) if ledgers.is_dir() else ():
        if ledger.is_file():
            parts.append(f"ledger {ledger.relative_to(root).as_posix()} {_file_digest(ledger)}")
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", errors="surrogateescape")).hexdigest()
    files = tuple(sorted({"editorial.yml", "mkdocs.yml", signers, *embedded}))
    stats = _stats(root, dirs, files)
    if stats is not None:
        _files.entries(root, "files")[str(root)] = ((files, stats), digest)
        _files.dirty = True
    return digest


class _Store:
    def __init__(self, name: str, keep: int) -> None:
        self.name, self.keep = name, keep
        self.path: Path | None = None
        self.data: dict[str, dict[Any, Any]] = {}
        self.dirty = False
        atexit.register(self.save)

    def entries(self, root: Path, key: str) -> dict[Any, Any]:
        dirs = _git_dirs(root)
        path = dirs[1] / self.name if dirs else None
        if path != self.path:
            self.save()
            self.path, self.data = path, {}
            if path is not None:
                try:
                    with path.open("rb") as handle:
                        loaded = pickle.load(handle)
                    self.data = loaded if isinstance(loaded, dict) else {}
                except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
                    self.data = {}  # absent, or written by other code: compute again
        if key not in self.data:
            self.data[key] = {}
            while len(self.data) > self.keep:
                del self.data[next(iter(self.data))]
        return self.data[key]

    def save(self) -> None:
        if not self.dirty or self.path is None:
            return
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        try:
            with temporary.open("wb") as handle:
                pickle.dump(self.data, handle, protocol=pickle.HIGHEST_PROTOCOL)
            temporary.replace(self.path)
        except OSError:
            pass  # a read-only repository: only this run goes without
        self.dirty = False


_store = _Store(_FILE, _KEEP)
_verdicts = _Store(_VERDICTS, 2)
_files = _Store("igm-editorial-files.pickle", 1)


def remembered(repo: Repository, key: tuple[str, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or its answer from an earlier run with the same fingerprint."""
    digest = fingerprint(repo)  # each time: the files may have changed since this Repository's last question
    if digest is None:
        return compute()
    entries = _store.entries(repo.root, digest)
    if key not in entries:
        entries[key] = compute()
        _store.dirty = True
    return entries[key]


def verdict(root: Path, key: tuple, compute: Callable[[], T]) -> T:
    """`compute()` for a pure question named by `key` (the digest of the bytes judged and what they are judged
    against), or its answer from an earlier run of this code."""
    if os.environ.get("IGM_EDITORIAL_NO_CACHE"):
        return compute()
    entries = _verdicts.entries(root, _CODE)
    if key not in entries:
        if len(entries) > 20000:  # a few hundred builds' pages: drop the oldest half
            for old in list(entries)[: len(entries) // 2]:
                del entries[old]
        entries[key] = compute()
        _verdicts.dirty = True
    return entries[key]
