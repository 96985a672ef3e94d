"""Each page's review, and what readers are shown of it, remembered for as long as nothing it is made from changes.

`make build` asks the same question three times (the production gate, the plugin, the built-site check) and an
editor asks it again with every `editorial status`; at 115 pages each answer costs about a second and a half of
replaying ledgers, authorship and signatures. The answer is a function of:

- the commit HEAD points to (the ledgers' history, the pages' authors, every signature and the chain of trust);
- the bytes of every page and of everything each page embeds (`content.page_content`: the approval manifest), of
  every ledger, of editorial.yml, of the allowed-signers file it names and of mkdocs.yml;
- the day (due dates), the strictness (production counts only committed, verified approvals), the pinned first signer
  (EDITORIAL_TRUST_ROOT) and the editorial code itself.

A digest of them is the key; a different key is a different answer, so a change to any of them recomputes. A page's
review is keyed by the shared part and that page's own files only (`Fingerprint.page`), so an edit recomputes the
page edited. The files are read again only when one changed on disk (size, mtime, inode, as git's index decides;
a file changed in the last two seconds is always read). The answers are kept in the git dir (never in the work tree,
never committed), a few thousand of them, enough for strict and not and several states of the site. They are pickled: whoever can write the git dir can already run code through its
hooks and config, so this opens nothing new. `IGM_EDITORIAL_NO_CACHE=1` turns it off, and a fresh clone (CI)
computes everything.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import hashlib
import os
import pickle
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .content import CALCULATORS_DIR, page_content
from .history_cache import _git_dirs, _head
from .ledger import LEDGER_DIR, ledger_path

if TYPE_CHECKING:
    from .repository import Repository

__all__ = ["Fingerprint", "fingerprint", "held", "remembered", "remembered_pages", "verdict"]

_FILE = "igm-editorial-reviews.pickle"
_KEEP = 2000  # answers kept: reviews and views of a few states of a site of a few hundred pages
_VERDICTS = "igm-editorial-verdicts.pickle"
_FORMAT = 2
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


@dataclasses.dataclass(frozen=True)
class Fingerprint:
    """`whole`: the digest of everything any review reads. `shared`: of what every review reads (the history, the
    declarations, the signers, which pages and ledgers exist). `page(p)`: the shared part with page p's own bytes,
    what it embeds and its ledger, so editing one page recomputes only that page's review."""

    whole: str
    shared: str
    pages: Mapping[str, str]

    def page(self, page: str) -> str | None:
        own = self.pages.get(page)
        return None if own is None else hashlib.sha256(f"{self.shared}\n{own}".encode()).hexdigest()


_held: dict[tuple, Fingerprint | None] | None = None


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Within this block the repository's files are not expected to change (`editorial build` writes only the site):
    each fingerprint is taken once, not at every question."""
    global _held
    outer, _held = _held, {} if _held is None else _held
    try:
        yield
    finally:
        _held = outer


def fingerprint(repo: Repository) -> Fingerprint | None:
    """The digests of everything reviews are made from (None: nothing is remembered for this repository)."""
    if _held is None:
        return _fingerprint(repo)
    situation = (str(repo.root), repo.strict, repo.today)
    if situation not in _held:
        _held[situation] = _fingerprint(repo)
    return _held[situation]


def _fingerprint(repo: Repository) -> Fingerprint | None:
    if os.environ.get("IGM_EDITORIAL_NO_CACHE") or not repo.git:
        return None
    head = _head(repo.root)
    if head is None:
        return None
    whole, shared, pages = _files_digests(repo)
    situation = "\n".join(
        [
            f"format {_FORMAT}",
            f"code {_CODE}",
            f"head {head}",
            f"strict {repo.strict}",
            f"today {repo.today.isoformat()}",
            f"trust-root {os.environ.get('EDITORIAL_TRUST_ROOT', '')}",
        ]
    )
    digest = lambda text: hashlib.sha256(f"{situation}\n{text}".encode()).hexdigest()  # noqa: E731
    return Fingerprint(digest(f"files {whole}"), digest(f"shared {shared}"), pages)


def _files_digests(repo: Repository) -> tuple[str, str, dict[str, str]]:
    """(all files, the files every review reads, each page's own): taken again only when a file changed on disk."""
    root = repo.root
    dirs = (repo.docs_dir, LEDGER_DIR, CALCULATORS_DIR)
    recent = _files.entries(root, f"files-{_FORMAT}").get(str(root))
    if recent is not None:
        stats = _stats(root, dirs, recent[0][0])
        if stats is not None and stats == recent[0][1]:
            return recent[1]
    signers = repo.declarations.allowed_signers_name
    embedded: set[str] = set()
    shared = [f"file {name} {_file_digest(root / name)}" for name in ("editorial.yml", "mkdocs.yml", signers)]
    shared.append(f"page paths {repo._pages}")
    ledgers = root / LEDGER_DIR
    ledger_files = sorted(p for p in ledgers.rglob("*") if p.is_file()) if ledgers.is_dir() else []
    shared.append(f"ledger paths {[p.relative_to(root).as_posix() for p in ledger_files]}")
    pages: dict[str, str] = {}
    for page in repo._pages:
        if (root / page).is_file():
            content = page_content(root, page)
            embedded.update(path for path, _ in content.parts)
            ledger = ledger_path(page, repo.docs_dir)
            # the page's bytes and what it embeds (the approval manifest), and its ledger's bytes
            own = f"{content.manifest}ledger {ledger} {_file_digest(root / ledger)}"
            pages[page] = hashlib.sha256(own.encode("utf-8", errors="surrogateescape")).hexdigest()
    everything = [*shared, *(f"{p} {d}" for p, d in pages.items())]
    everything += [f"ledger {p.relative_to(root).as_posix()} {_file_digest(p)}" for p in ledger_files]
    whole = hashlib.sha256("\n".join(everything).encode("utf-8", errors="surrogateescape")).hexdigest()
    shared_digest = hashlib.sha256("\n".join(shared).encode("utf-8", errors="surrogateescape")).hexdigest()
    answer = (whole, shared_digest, pages)
    files = tuple(sorted({"editorial.yml", "mkdocs.yml", signers, *embedded}))
    stats = _stats(root, dirs, files)
    if stats is not None:
        _files.entries(root, f"files-{_FORMAT}")[str(root)] = ((files, stats), answer)
        _files.dirty = True
    return answer


class _Store:
    def __init__(self, name: str, keep: int) -> None:
        self.name, self.keep = name, keep
        self.root: Path | None = None
        self.at: Path | None = None  # where the store of `root` is
        self.path: Path | None = None
        self.data: dict[str, dict[Any, Any]] = {}
        self.dirty = False
        atexit.register(self.save)

    def entries(self, root: Path, key: str) -> dict[Any, Any]:
        if root != self.root:
            dirs = _git_dirs(root)
            self.root, self.at = root, dirs[1] / self.name if dirs else None
        path = self.at
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


_store = _Store(_FILE, 1)
_verdicts = _Store(_VERDICTS, 2)
_files = _Store("igm-editorial-files.pickle", 1)


def remembered(repo: Repository, key: tuple[str, ...], compute: Callable[[], T], *, shared: bool = False) -> T:
    """`compute()`, or its answer from an earlier run with the same fingerprint: of the whole repository, or, with
    `shared`, of what every review reads (the history, the declarations, the signers) but no page's own files."""
    prints = fingerprint(repo)  # each time: the files may have changed since this Repository's last question
    digest = None if prints is None else prints.shared if shared else prints.whole
    if digest is None:
        return compute()
    return _answer(repo.root, (digest, *key), compute)


def remembered_pages(repo: Repository, key: str, pages: list[str], compute: Callable[[str], T]) -> dict[str, T]:
    """`{page: compute(page)}`, each remembered under its page's fingerprint (taken once for all of them)."""
    prints = fingerprint(repo)
    out = {}
    for page in pages:
        digest = prints.page(page) if prints is not None else None
        if digest is None:
            out[page] = compute(page)
        else:
            out[page] = _answer(repo.root, (digest, key, page), lambda p=page: compute(p))
    return out


def _answer(root: Path, key: tuple, compute: Callable[[], T]) -> T:
    entries = _store.entries(root, f"answers-{_FORMAT}")
    if key not in entries:
        if len(entries) > _KEEP:  # a few states of a large site: drop the oldest third
            for old in list(entries)[: len(entries) // 3]:
                del entries[old]
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
