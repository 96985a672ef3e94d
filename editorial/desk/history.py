"""Who touched what, from one `git log` per HEAD, and a per-page cache of `Repository.review` keyed on it.

`Repository.review` runs several git commands per page (authors, the ledger's history, signatures). A page's
review can only change when a commit touches the page, its ledger, the calculators it embeds or the declarations,
or when one of those files is edited without a commit. So the key of a page is the last commit that touched each of
those paths plus the size and time of any that are dirty: one `git log` and one `git status` per board, and
`review` only for the pages whose key moved.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import threading
from collections import defaultdict
from pathlib import Path

from ..content import CALCULATOR_BLOCK, CALCULATORS_DIR
from ..ledger import ledger_path
from ..repository import PageReview, Repository

__all__ = ["CachedRepository", "History", "ReviewCache"]

SHARED = ("editorial.yml", "allowed_signers", "mkdocs.yml")


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    return done.stdout if done.returncode == 0 else ""


@dataclasses.dataclass(frozen=True)
class History:
    """The repository's history as of one HEAD: for each path, the commits that touched it (newest first)."""

    head: str
    touched: dict[str, list[tuple[str, str]]]  # path → [(commit, author e-mail)]
    calculators: str  # the last commit that touched anything under calculators/
    dirty: dict[str, tuple[int, int]]  # uncommitted or untracked path → (mtime_ns, size)

    @classmethod
    def read(cls, root: Path, previous: History | None = None) -> History:
        head = _git(root, "rev-parse", "--verify", "-q", "HEAD").strip()
        dirty = cls._dirty(root)
        if previous is not None and previous.head == head:
            return dataclasses.replace(previous, dirty=dirty)
        touched: dict[str, list[tuple[str, str]]] = defaultdict(list)
        calculators = ""
        commit = email = ""
        # -m: a merge lists what it changed against each parent, so a merged ledger moves its page's key too.
        log = _git(root, "log", "-m", "--format=%x00%H %ae", "--name-only", "HEAD") if head else ""
        for line in log.splitlines():
            if line.startswith("\0"):
                commit, _, email = line[1:].partition(" ")
                email = email.strip().lower()
            elif line:
                entries = touched[line]
                if not entries or entries[-1][0] != commit:
                    entries.append((commit, email))
                if not calculators and line.startswith(CALCULATORS_DIR + "/"):
                    calculators = commit
        return cls(head, dict(touched), calculators, dirty)

    @staticmethod
    def _dirty(root: Path) -> dict[str, tuple[int, int]]:
        out = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all")
        dirty = {}
        records = iter(out.split("\0"))
        for record in records:
            if len(record) < 4:
                continue
            code, path = record[:2], record[3:]
            if "R" in code or "C" in code:
                next(records, None)  # the rename's source path follows
            full = root / path
            stat = full.stat() if full.exists() else None
            dirty[path] = (stat.st_mtime_ns, stat.st_size) if stat else (0, -1)
        return dirty

    def last(self, path: str) -> str:
        entries = self.touched.get(path)
        return entries[0][0] if entries else ""

    def authors(self, path: str) -> set[str]:
        return {email for _, email in self.touched.get(path, ())}

    def key(self, page: str, docs_dir: str, calculator_page: bool, today: dt.date) -> tuple:
        paths = [page, ledger_path(page, docs_dir), *SHARED]
        dirty = tuple(sorted((p, v) for p, v in self.dirty.items() if p in paths))
        if calculator_page:
            dirty += tuple(sorted((p, v) for p, v in self.dirty.items() if p.startswith(CALCULATORS_DIR + "/")))
        return (
            today,
            tuple(self.last(p) for p in paths),
            self.calculators if calculator_page else "",
            dirty,
        )


class ReviewCache:
    """`Repository.review` of each page, recomputed only when the page's history key moved."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.RLock()
        self._history: History | None = None
        self._reviews: dict[str, tuple[tuple, PageReview]] = {}
        self._computing: dict[str, threading.Lock] = {}
        self.recomputed = 0  # reviews recomputed since the last `repository()` (for the bench)

    def repository(self) -> CachedRepository:
        """A Repository for one request: the history read once, every review served from the cache if still valid."""
        with self._lock:
            self._history = History.read(self.root, self._history)
            self.recomputed = 0
            return CachedRepository(self.root, self, self._history)

    def review(self, repo: Repository, page: str, history: History) -> PageReview:
        calculator = _embeds_calculator(repo.root / page)
        key = history.key(page, repo.docs_dir, calculator, repo.today)
        with self._lock:
            computing = self._computing.setdefault(page, threading.Lock())
        # One computation per page at a time: the start-up warm-up and the first board share the work.
        with computing:
            with self._lock:
                cached = self._reviews.get(page)
                if cached and cached[0] == key:
                    return cached[1]
            review = Repository.review(repo, page)
            with self._lock:
                self._reviews[page] = (key, review)
                self.recomputed += 1
        return review


class CachedRepository(Repository):
    """The editorial package's Repository, whose `review` is cached by history: the editorial functions that take a
    Repository (the inbox above all) run unchanged, and fast."""

    def __init__(self, root: Path, cache: ReviewCache, history: History) -> None:
        super().__init__(root)
        self._cache = cache
        self.desk_history = history

    def review(self, name: str) -> PageReview:
        return self._cache.review(self, self.page_path(name), self.desk_history)


def _embeds_calculator(path: Path) -> bool:
    try:
        return bool(CALCULATOR_BLOCK.search(path.read_text(encoding="utf-8")))
    except OSError:
        return False
