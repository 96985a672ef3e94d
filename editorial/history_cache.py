"""The repository's git history read once, not once per page.

`editorial status` on 115 pages and ~470 commits ran about a thousand git processes: per page a `git log` of the
ledger, a `git show` of each of its versions, another `git log` for the page's authors, and two per approval for its
signature. Here the same questions are answered from:

- one `git log -m --name-only` of the whole history (which paths each commit changed, against each parent), from
  which `git log -- PATH` is replayed with git's default history simplification;
- one `git cat-file --batch` process for every `git show COMMIT:PATH`;
- a memo in the git dir of every other `git log`, `git rev-list` and `git verify-commit` of HEAD or of commit ids,
  keyed by the commit HEAD points to and the digest of any allowed-signers file named (a commit and a file's bytes
  never change, so neither does git's answer): the production build asks again what `editorial check` just asked.

`enable()` puts this behind `gitrepo._git`, so every function of `gitrepo`, as it is or as it changes, gets the same
answers it would from git; `ledger_history` and `trust` ask through `memo_git`. A question the cache cannot answer exactly (any other command, a pathspec with wildcards,
a merge that changed a path against all its parents, a repository without commits) goes to git itself. Set
`IGM_EDITORIAL_NO_CACHE=1` to turn it off. `last_changed` gives the date each file last changed, for "Last updated".
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime as dt
import hashlib
import json
import os
import subprocess
from pathlib import Path

from . import gitrepo

__all__ = ["PATH_HISTORY", "enable", "last_changed", "memo_git"]

#: `git log` of every commit that touched some paths, oldest first, each as "commit|parents": the one query the
#: ledger history and the chain of trust both replay (append the revision, "--" and the paths).
PATH_HISTORY = ("log", "--full-history", "--topo-order", "--reverse", "--parents", "--format=%H|%P")

_ORIGINAL_GIT = gitrepo._git
_MEMO_FILE = "igm-editorial-memo.json"


@dataclasses.dataclass
class _Commit:
    sha: str
    parents: tuple[str, ...]
    email: str
    date: str  # author date, strict ISO 8601 (%aI)
    changed: list[set[str]]  # for each parent (or the empty tree), the paths that differ


class _History:
    """One HEAD's history, indexed for replaying path-limited logs."""

    def __init__(self, root: Path, head: str) -> None:
        self.root, self.head = root, head
        self.commits: dict[str, _Commit] = {}
        log = _ORIGINAL_GIT(
            root, "log", "-m", "--name-only", "--no-renames", "--format=%x00%H%x00%P%x00%ae%x00%aI", head
        )
        current: _Commit | None = None
        for line in log.stdout.splitlines():
            if line.startswith("\0"):
                sha, parents, email, date = line[1:].split("\0")
                current = self.commits.get(sha)
                if current is None:
                    current = self.commits[sha] = _Commit(sha, tuple(parents.split()), email, date, [])
                current.changed.append(set())
            elif line and current is not None:
                current.changed[-1].add(line)
        for commit in self.commits.values():  # a parent with no difference prints no record under -m
            commit.changed += [set() for _ in range(max(1, len(commit.parents)) - len(commit.changed))]
            # with every directory of a changed path, so a pathspec naming a directory is a set lookup too
            commit.changed = [
                paths | {p.rsplit("/", n)[0] for p in paths for n in range(1, p.count("/") + 1)}
                for paths in commit.changed
            ]
        self._blobs: dict[str, tuple[int, str]] = {}
        self._prefetched: set[str] = set()
        self.changed_by: dict[str, set[tuple[str, int]]] = {}  # path or directory -> (commit, parent index)
        for commit in self.commits.values():
            for index, paths in enumerate(commit.changed):
                for path in paths:
                    self.changed_by.setdefault(path, set()).add((commit.sha, index))

    def path_log(self, specs: tuple[str, ...], start: str | None = None) -> list[str] | None:
        """`git log --format=%H -- SPECS` (newest first), or None when simplification would branch."""

        touched = set().union(*(self.changed_by.get(spec, ()) for spec in specs))
        shown, sha = [], start or self.head
        while sha:
            commit = self.commits.get(sha)
            if commit is None:
                return None
            if len(commit.parents) <= 1:
                if (sha, 0) in touched:
                    shown.append(sha)
                sha = commit.parents[0] if commit.parents else ""
                continue
            same = [parent for index, parent in enumerate(commit.parents) if (sha, index) not in touched]
            if not same:
                return None  # changed against every parent: git follows all of them; let git answer
            sha = same[0]
        return shown

    def blob(self, spec: str) -> tuple[int, str]:
        if spec not in self._blobs:
            return 128, ""
        return self._blobs[spec]

    def prefetch_versions(self, top: str) -> None:
        """Every committed version of every file under `top` (e.g. ledger/), in one `git cat-file` process."""
        if top in self._prefetched:
            return
        self._prefetched.add(top)
        self.fetch_blobs(
            [
                f"{commit.sha}:{path}"
                for commit in self.commits.values()
                for paths in commit.changed
                for path in paths
                if path.startswith(top + "/") and "." in path.rsplit("/", 1)[-1]
            ]
        )

    def fetch_blobs(self, specs: list[str]) -> None:
        wanted = [s for s in dict.fromkeys(specs) if s not in self._blobs]
        if not wanted:
            return
        done = subprocess.run(
            ["git", "-C", str(self.root), "cat-file", "--batch"],
            input=b"".join(s.encode() + b"\n" for s in wanted),
            capture_output=True,
            check=False,
        )
        out, at = done.stdout, 0
        for spec in wanted:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            at = end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                self._blobs[spec] = (0, out[at : at + size].decode("utf-8", errors="surrogateescape"))
                at += size + 1
            else:
                self._blobs[spec] = (128, "")


_histories: dict[tuple[str, str], _History] = {}
_toplevels: dict[str, subprocess.CompletedProcess[str]] = {}


def _done(args: tuple[str, ...], stdout: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    return subprocess.CompletedProcess(["git", *args], code, stdout, "")


def _git_dirs(root: Path) -> tuple[Path, Path] | None:
    """(the worktree's git dir, the common git dir), read from the files, without starting git."""
    dot = root / ".git"
    if dot.is_file():
        text = dot.read_text(encoding="utf-8").strip()
        if not text.startswith("gitdir:"):
            return None
        git_dir = (root / text.removeprefix("gitdir:").strip()).resolve()
    elif dot.is_dir():
        git_dir = dot
    else:
        return None
    common = git_dir / "commondir"
    return git_dir, (git_dir / common.read_text(encoding="utf-8").strip()).resolve() if common.is_file() else git_dir


def _loose_refs(dirs: tuple[Path, Path]) -> list[Path]:
    """The loose ref files HEAD may go through (the branch it names, in the worktree's and the common git dir)."""
    try:
        head = (dirs[0] / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return []
    ref = head.removeprefix("ref:").strip() if head.startswith("ref:") else ""
    return [base / ref for base in dirs] if ref else []


def _read_ref(dirs: tuple[Path, Path], ref: str) -> str | None:
    for base in dirs:
        path = base / ref
        if path.is_file():
            return path.read_text(encoding="utf-8").strip()
    packed = dirs[1] / "packed-refs"
    if packed.is_file():
        for line in packed.read_text(encoding="utf-8").splitlines():
            if line.endswith(" " + ref):
                return line.split()[0]
    return None


_heads: dict[str, tuple[tuple, str]] = {}


def _stamp(*paths: Path) -> tuple:
    """Changes whenever git rewrites one of these files (git replaces a ref file by renaming a new one over it)."""
    stamp = []
    for path in paths:
        try:
            info = path.stat()
            stamp.append((info.st_ino, info.st_mtime_ns, info.st_size))
        except OSError:
            stamp.append(None)
    return tuple(stamp)


def _head(root: Path) -> str | None:
    """The commit HEAD points to, read from the git dir (a git process per question would cost what we save)."""
    dirs = _git_dirs(root)
    if dirs is not None:
        key = str(root)
        stamp = _stamp(dirs[0] / "HEAD", dirs[1] / "packed-refs", *_loose_refs(dirs))
        if key in _heads and _heads[key][0] == stamp:
            return _heads[key][1]
        head = (dirs[0] / "HEAD").read_text(encoding="utf-8").strip() if (dirs[0] / "HEAD").is_file() else ""
        sha = _read_ref(dirs, head.removeprefix("ref:").strip()) if head.startswith("ref:") else head
        if sha and len(sha) == 40:
            _heads[key] = (_stamp(dirs[0] / "HEAD", dirs[1] / "packed-refs", *_loose_refs(dirs)), sha)
            return sha
    done = _ORIGINAL_GIT(root, "rev-parse", "-q", "--verify", "HEAD", check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def _history(root: Path) -> _History | None:
    head = _head(root)
    if head is None:
        return None
    key = (str(root), head)
    if key not in _histories:
        _histories.clear()  # one HEAD at a time: a commit makes the last one useless
        _histories[key] = _History(root, head)
    return _histories[key]


def _plain_specs(args: tuple[str, ...]) -> tuple[str, ...] | None:
    specs = tuple(a.rstrip("/") for a in args)
    if not specs or any(not s or s.startswith((":", "-")) or any(c in s for c in "*?[") for s in specs):
        return None
    return specs


_UNPINNED = ("--all", "--branches", "--tags", "--remotes", "--glob", "--stdin", "--reflog", "--since", "--until")


def _memo_key(root: Path, args: tuple[str, ...]) -> str | None:
    """A key under which git's answer cannot change: a `log` or `rev-list` of HEAD or of commit ids.

    HEAD is replaced by the commit it points to, and an allowed-signers file by the digest of its bytes, so a new
    commit or a replaced signers file makes a new key. Anything else (a branch name, a date, --all) is never kept.
    """
    rest, config = list(args), []
    while len(rest) > 1 and rest[0] == "-c":
        name, _, value = rest[1].partition("=")
        if name == "gpg.ssh.allowedSignersFile":
            path = Path(value)
            if not path.is_file():
                return None
            value = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        config.append(f"{name}={value}")
        rest = rest[2:]
    if not rest or rest[0] not in ("log", "rev-list", "verify-commit"):
        return None
    revisions = rest[1 : rest.index("--")] if "--" in rest else rest[1:]
    pinned = []
    for arg in revisions:
        if arg.startswith("-"):
            if arg.startswith(_UNPINNED):
                return None
            pinned.append(arg)
        elif arg == "HEAD":
            head = _head(root)
            if head is None:
                return None
            pinned.append(f"HEAD={head}")
        elif len(arg) == 40 and all(c in "0123456789abcdef" for c in arg):
            pinned.append(arg)
        else:
            return None
    paths = rest[rest.index("--") :] if "--" in rest else []
    return "\0".join([*config, rest[0], *pinned, *paths])


class _Memo:
    """git's answers under `_memo_key`, kept in the common git dir (never in the work tree, never committed)."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.data: dict[str, list] = {}
        self.dirty = False
        atexit.register(self.save)

    def load(self, root: Path) -> bool:
        dirs = _git_dirs(root)
        if dirs is None:
            return False
        path = dirs[1] / _MEMO_FILE
        if self.path != path:
            self.save()
            self.path, self.dirty = path, False
            try:
                self.data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.data = {}
        return True

    def save(self) -> None:
        if not self.dirty or self.path is None:
            return
        if len(self.data) > 20000:  # old HEADs' answers: drop the oldest half
            self.data = dict(list(self.data.items())[len(self.data) // 2 :])
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        try:
            temporary.write_text(json.dumps(self.data), encoding="utf-8")
            temporary.replace(self.path)
        except OSError:
            pass  # a read-only repository: only this run loses the memo
        self.dirty = False


_memo = _Memo()


def memo_git(root: Path, args: list[str] | tuple[str, ...], *, text: bool = True) -> subprocess.CompletedProcess:
    """`git -C root ARGS`, answered from the memo when the answer cannot have changed; as `subprocess.run` returns."""
    args = tuple(args)
    key = None if os.environ.get("IGM_EDITORIAL_NO_CACHE") else _memo_key(root, args)
    answer = _answer(root, args) if key is not None else None  # replayed from the one pass over history
    if answer is not None and answer.returncode == 0:
        code, stdout, stderr = answer.returncode, answer.stdout, answer.stderr
    elif key is not None and _memo.load(root) and key in _memo.data:
        code, stdout, stderr = _memo.data[key]
    else:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
        code = done.returncode
        stdout = done.stdout.decode("utf-8", errors="surrogateescape")
        stderr = done.stderr.decode("utf-8", errors="surrogateescape")
        if key is not None and _memo.load(root):
            _memo.data[key] = [code, stdout, stderr]
            _memo.dirty = True
    if text:
        return subprocess.CompletedProcess(["git", *args], code, stdout, stderr)
    encode = lambda value: value.encode("utf-8", errors="surrogateescape")  # noqa: E731
    return subprocess.CompletedProcess(["git", *args], code, encode(stdout), encode(stderr))


def _cached_git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    answer = _answer(root, args)
    if answer is None and _memo_key(root, args) is not None:
        answer = memo_git(root, args)
    if answer is None:
        return _ORIGINAL_GIT(root, *args, check=check)
    if check and answer.returncode != 0:
        return _ORIGINAL_GIT(root, *args, check=check)  # let git word the error
    return answer


def _answer(root: Path, args: tuple[str, ...]) -> subprocess.CompletedProcess[str] | None:
    if args == ("rev-parse", "--show-toplevel"):
        key = str(root)
        if key not in _toplevels:
            done = _ORIGINAL_GIT(root, *args, check=False)
            if done.returncode != 0:
                return done  # not (yet) a repository: ask again next time
            _toplevels[key] = done
        return _toplevels[key]
    if not args or args[0] not in ("log", "show", "rev-list"):
        return None
    history = _history(root)
    if history is None:
        return None
    if args[0] == "show" and len(args) == 2 and ":" in args[1]:
        if args[1].partition(":")[0] in history.commits:
            history.fetch_blobs([args[1]])
            code, text = history.blob(args[1])
            return _done(args, text, code)
        return None
    if args[:3] == ("log", "-1", "--format=%ae") and len(args) == 4 and args[3] in history.commits:
        return _done(args, history.commits[args[3]].email + "\n")
    if args[:3] == ("log", "-1", "--format=%aI") and len(args) == 4 and args[3] in history.commits:
        return _done(args, history.commits[args[3]].date + "\n")
    if "--" in args:
        options, specs = args[: args.index("--")], _plain_specs(args[args.index("--") + 1 :])
        if specs is None:
            return None
        start = None
        if len(options) == 3 and options[2] in history.commits and options[1] in ("--format=%ae", "-1"):
            # page_authors_upto (`log --format=%ae COMMIT -- PATHS`), Trust's `rev-list -1 COMMIT -- PATHS`
            options, start = options[:2], options[2]
            if options == ("rev-list", "-1"):
                shas = history.path_log(specs, start)
                return None if shas is None else _done(args, "".join(f"{sha}\n" for sha in shas[:1]))
        formats = {
            ("log", "--reverse", "--topo-order", "--format=%H"): lambda shas: list(reversed(shas)),
            ("log", "--format=%H"): lambda shas: shas,
            ("log", "--format=%ae"): lambda shas: [history.commits[s].email for s in shas],
        }
        if options not in formats:
            return None
        shas = history.path_log(specs, start)
        if shas is None:
            return None
        if options[1] == "--reverse":
            # line_origins shows every version next: fetch them, and those of the files beside them, at once.
            for spec in specs:
                history.prefetch_versions(spec.split("/")[0])
            history.fetch_blobs([f"{sha}:{spec}" for sha in shas for spec in specs])
        lines = formats[options](shas)
        return _done(args, "".join(f"{line}\n" for line in lines))
    return None


def enable() -> None:
    """Answer `gitrepo`'s git questions from the cache (unless IGM_EDITORIAL_NO_CACHE is set)."""
    if not os.environ.get("IGM_EDITORIAL_NO_CACHE"):
        gitrepo._git = _cached_git


def last_changed(root: Path, today: dt.date) -> dict[str, dt.date]:
    """Repository path -> the date its content last changed; files git does not know are absent."""

    def git(*args: str) -> str | None:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
        return done.stdout if done.returncode == 0 else None

    dates: dict[str, dt.date] = {}
    log = git("log", "--format=%x00%cs", "--name-only", "--no-renames", "HEAD")
    day: dt.date | None = None
    for line in (log or "").splitlines():
        if line.startswith("\0"):
            day = dt.date.fromisoformat(line[1:])
        elif line and day is not None:
            dates.setdefault(line, day)  # newest first: the first date seen is the last change
    status = git("status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames")
    for entry in (status or "").split("\0"):
        if len(entry) > 3:
            dates[entry[3:]] = today
    return dates
