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

from ..content import CALCULATORS_DIR
from ..ledger import ledger_path
from ..repository import PageReview, Repository

__all__ = ["History", "ReviewCache"]

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
    """`Repository.review` of every tracked page, recomputed only for pages whose history key moved."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._history: History | None = None
        self._reviews: dict[str, tuple[tuple, PageReview]] = {}
        self.recomputed = 0  # how many reviews the last call recomputed (for the bench)

    def history(self) -> History:
        with self._lock:
            self._history = History.read(self.root, self._history)
            return self._history

    def reviews(self, repo: Repository | None = None) -> tuple[History, list[PageReview | Exception]]:
        repo = repo or Repository(self.root)
        history = self.history()
        out: list[PageReview | Exception] = []
        recomputed = 0
        with self._lock:
            for page in repo.tracked_pages():
                if not (repo.root / page).is_file():
                    continue
                cached = self._reviews.get(page)
                calculator = bool(cached and cached[1].content.calculators) or self._embeds_calculator(page)
                key = history.key(page, repo.docs_dir, calculator, repo.today)
                if cached and cached[0] == key:
                    out.append(cached[1])
                    continue
                try:
                    review = repo.review(page)
                except Exception as exc:  # one broken page must not hide the others from the board
                    out.append(exc)
                    continue
                recomputed += 1
                self._reviews[page] = (key, review)
                out.append(review)
            self.recomputed = recomputed
        return history, out

    def _embeds_calculator(self, page: str) -> bool:
        from ..content import CALCULATOR_BLOCK

        try:
            return bool(CALCULATOR_BLOCK.search((self.root / page).read_text(encoding="utf-8")))
        except OSError:
            return False
