"""The repository's git history read once, not once per page, and git's answers kept across commits.

`editorial status` on 115 pages and ~470 commits ran about a thousand git processes: per page a `git log` of the
ledger, a `git show` of each of its versions, another `git log` for the page's authors, and two per approval for its
signature. Here the same questions are answered from:

- one `git log -z -m --name-only` of the whole history (which paths each commit changed, against each parent), from
  which `git log -- PATH` is replayed with git's default history simplification; the index is kept in the git dir
  with its HEAD, and a new HEAD reads only the commits the old one lacks (`_index`);
- one `git cat-file --batch` process for every version of every file of a directory (all ledgers at once), each
  `COMMIT:PATH` resolved through the index to the commit that last changed the path;
- a memo in the git dir (checked by its SHA-256, ignored whole when damaged) of git's answers that cannot change:
  `git log` / `rev-list` / `verify-commit` of commit ids (a signers file by the digest of its bytes), and the object
  id of `COMMIT:PATH`;
- the `PATH_HISTORY` log of each ledger, kept with the HEAD it was asked at and reused while HEAD has only moved on
  by commits with one parent that did not touch that ledger (git's answer is then the same, see `_path_history`),
  so one new commit costs one `git log` per ledger it changed, not one per page.

`enable()` puts this behind `gitrepo._git`, so every function of `gitrepo`, as it is or as it changes, gets the same
answers it would from git; `ledger_history` and `trust` ask through `memo_git`, `cat_file` and `object_ids`. A
question the cache cannot answer exactly (any other command, a pathspec with wildcards, a merge that changed a path
against all its parents, a repository without commits) goes to git itself. Set `IGM_EDITORIAL_NO_CACHE=1` to turn it
all off. `last_changed` gives the date each file last changed, for "Last updated".
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime as dt
import hashlib
import json
import os
import posixpath
import subprocess
from pathlib import Path

from . import gitrepo

__all__ = [
    "PATH_HISTORY",
    "cat_file",
    "enable",
    "git_common_dir",
    "known_commits",
    "last_changed",
    "memo_git",
    "object_ids",
]

#: `git log` of every commit that touched some paths, oldest first, each as "commit|parents": the one query the
#: ledger history and the chain of trust both replay (append the revision, "--" and the paths).
PATH_HISTORY = ("log", "--full-history", "--topo-order", "--reverse", "--parents", "--format=%H|%P")

_ORIGINAL_GIT = gitrepo._git
_MEMO_FILE = "igm-editorial-memo.json"


@dataclasses.dataclass
class _Commit:
    sha: str
    parents: tuple[str, ...]
    tree: str
    email: str
    date: str  # author date, strict ISO 8601 (%aI)
    changed: list[set[str]]  # for each parent (or the empty tree), the paths that differ


class _Unindexable(Exception):
    """git's log could not be read exactly: answer nothing from the index."""


def _is_oid(text: str) -> bool:
    return len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text)


_INDEX_LOG = ("log", "-z", "-m", "--name-only", "--no-renames", "--no-show-signature")


#: A commit as the index keeps it: [parents, tree, author e-mail, author date, for each parent the changed files].
_Entry = list


def _read_log(root: Path, revisions: list[str]) -> dict[str, _Entry]:
    """`git log -z -m --name-only` of REVISIONS, each commit with the files it changed against each parent."""
    # -z: paths as they are (no quoting of unusual names); --no-show-signature: log.showSignature would mix gpg's
    # words into the records. Each record starts with a marker made for this run: with -z a path may hold any byte
    # but NUL, so a fixed marker could be forged by naming a file after it.
    nonce = os.urandom(12).hex()
    marker = "\x01" + nonce
    log = subprocess.run(
        [
            "git",
            "-C",
            str(root),
            *_INDEX_LOG,
            f"--format=%x01{nonce}%x00%H%x00%P%x00%T%x00%ae%x00%aI",
            *revisions,
            "--",
        ],
        capture_output=True,
        check=False,
    )
    if log.returncode != 0:
        raise _Unindexable(log.stderr.decode(errors="replace"))
    entries: dict[str, _Entry] = {}
    before, *chunks = log.stdout.decode("utf-8", errors="surrogateescape").split(marker + "\0")
    if before:
        raise _Unindexable("output before the first record")
    for chunk in chunks:
        fields = chunk.split("\0")
        if len(fields) < 6:
            raise _Unindexable("a record without its fields")
        sha, parents, tree, email, date, *names = fields
        if not (_is_oid(sha) and _is_oid(tree) and all(_is_oid(p) for p in parents.split())):
            raise _Unindexable("a record that is not a commit")
        if names and names[0].startswith("\n"):  # the blank line between a commit and its paths
            names[0] = names[0][1:]
        if sha not in entries:
            entries[sha] = [parents.split(), tree, email, date, []]
        entries[sha][4].append(sorted({name for name in names if name}))
    return entries


def _per_parent(root: Path, sha: str, entry: _Entry, trees: dict[str, str]) -> list[list[str]]:
    """The files changed against each parent. `log -m` prints no record for a parent the merge does not differ from
    (a `merge -s ours`, or a `--no-ff` merge of a branch main had not moved from), so which parent a record belongs
    to is found from the trees: a parent with the merge's own tree has no difference."""
    parents, tree, _, _, records = entry
    if len(parents) <= 1:
        return [records[0] if records else []]
    if len(records) == len(parents):
        return records
    differing = [i for i, p in enumerate(parents) if trees.get(p) != tree]
    shown = [paths for paths in records if paths]
    if len(shown) == len(differing):
        changed: list[list[str]] = [[] for _ in parents]
        for index, paths in zip(differing, shown, strict=True):
            changed[index] = paths
        return changed
    # Trees differ but git showed no difference (diff.ignoreSubmodules...): ask git about each parent.
    changed = []
    for parent in parents:
        done = subprocess.run(
            ["git", "-C", str(root), "diff-tree", "-r", "-z", "--name-only", "--no-renames", parent, sha],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise _Unindexable(done.stderr.decode(errors="replace"))
        changed.append(sorted({n for n in done.stdout.decode("utf-8", errors="surrogateescape").split("\0") if n}))
    return changed


_INDEX_FILE = "igm-editorial-index.json"
_INDEX_MAGIC = "igm-editorial-index 1"


def _index_stamp(common: Path) -> str | None:
    """What else decides the parents git reports: a shallow clone's boundary and grafts (by their bytes). With
    replace refs the index is not kept at all (None)."""
    replace = common / "refs" / "replace"
    packed = common / "packed-refs"
    try:
        if (replace.is_dir() and any(replace.iterdir())) or (
            packed.is_file() and b"refs/replace/" in packed.read_bytes()
        ):
            return None
        parts = [
            (common / name).read_bytes() if (common / name).is_file() else b"-" for name in ("shallow", "info/grafts")
        ]
    except OSError:
        return None
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def _read_index(path: Path, stamp: str) -> tuple[str, dict[str, _Entry]] | None:
    """The saved index (its HEAD, its commits), or None when missing, damaged, of another shape or another stamp."""
    try:
        header, _, body = path.read_bytes().partition(b"\n")
        magic, _, digest = header.decode("ascii").rpartition(" ")
        if magic != _INDEX_MAGIC or hashlib.sha256(body).hexdigest() != digest:
            return None
        data = json.loads(body.decode("utf-8", errors="surrogateescape"))
    except (OSError, ValueError, UnicodeError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return None
    head, commits = data.get("head"), data.get("commits")
    if not (isinstance(head, str) and isinstance(commits, dict) and head in commits):
        return None
    for sha, entry in commits.items():
        if not (
            _is_oid(sha)
            and isinstance(entry, list)
            and len(entry) == 5
            and isinstance(entry[0], list)
            and all(isinstance(p, str) and _is_oid(p) for p in entry[0])
            and isinstance(entry[1], str)
            and _is_oid(entry[1])
            and isinstance(entry[2], str)
            and isinstance(entry[3], str)
            and isinstance(entry[4], list)
            and len(entry[4]) == max(1, len(entry[0]))
            and all(isinstance(paths, list) and all(isinstance(p, str) and p for p in paths) for paths in entry[4])
        ):
            return None
    return head, commits


def _index(root: Path, head: str) -> dict[str, _Entry]:
    """Every commit HEAD reaches, with what it changed against each parent.

    Kept in the git dir with the HEAD it was read for: for a new HEAD only `git log HEAD --not OLD` is read (the
    commits the old index lacks), added, and the commits HEAD no longer reaches (a reset, an amend) dropped, which
    is exactly the index of the new HEAD. A damaged file, or one of another shallow boundary, is read again whole.
    """
    dirs = _git_dirs(root)
    stamp = None if dirs is None else _index_stamp(dirs[1])
    path = None if dirs is None or stamp is None else dirs[1] / _INDEX_FILE
    saved = None if path is None or stamp is None else _read_index(path, stamp)
    if saved is not None and saved[0] == head:
        return saved[1]
    new, old = None, {}
    if saved is not None:
        try:
            new, old = _read_log(root, [head, "--not", saved[0]]), saved[1]
        except _Unindexable:
            new = None
    if new is None:
        new, old = _read_log(root, [head]), {}
    trees = {sha: entry[1] for sha, entry in (*old.items(), *new.items())}
    for sha, entry in new.items():
        entry[4] = _per_parent(root, sha, entry, trees)
    union = {**old, **new}
    commits: dict[str, _Entry] = {}
    stack = [head]
    while stack:  # only what HEAD reaches
        sha = stack.pop()
        if sha in commits or sha not in union:
            continue
        commits[sha] = union[sha]
        stack.extend(union[sha][0])
    if path is not None and stamp is not None:
        body = json.dumps({"stamp": stamp, "head": head, "commits": commits})
        digest = hashlib.sha256(body.encode("utf-8", errors="surrogateescape")).hexdigest()
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            temporary.write_bytes(f"{_INDEX_MAGIC} {digest}\n{body}".encode("utf-8", errors="surrogateescape"))
            temporary.replace(path)
        except OSError:
            pass  # a read-only repository: the next run reads the whole log again
    return commits


class _History:
    """One HEAD's history, indexed for replaying path-limited logs and for finding every version of a file."""

    def __init__(self, root: Path, head: str) -> None:
        self.root, self.head = root, head
        self.commits: dict[str, _Commit] = {}
        for sha, (parents, tree, email, date, changed) in _index(root, head).items():
            self.commits[sha] = _Commit(sha, tuple(parents), tree, email, date, [set(paths) for paths in changed])
        for commit in self.commits.values():
            # with every directory of a changed path, so a pathspec naming a directory is a set lookup too
            commit.changed = [
                paths | {p.rsplit("/", n)[0] for p in paths for n in range(1, p.count("/") + 1)}
                for paths in commit.changed
            ]
        self._objects: dict[str, tuple[bytes, bytes] | None] = {}  # spec -> (type, content), None: absent
        self._prefetched: set[str] = set()
        self.changed_by: dict[str, set[tuple[str, int]]] = {}  # path or directory -> (commit, parent index)
        for commit in self.commits.values():
            for index, paths in enumerate(commit.changed):
                for path in paths:
                    self.changed_by.setdefault(path, set()).add((commit.sha, index))
        self._chains: dict[str | None, list[str] | None] = {}
        self._orders: dict[str | None, list[str] | None] = {}

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

    def linear_since(self, base: str | None) -> list[str] | None:
        """The commits from HEAD down to `base` (excluded), or down to the root (included) when `base` is None,
        when none of them is a merge; None otherwise."""
        if base not in self._chains:
            chain: list[str] | None = []
            sha = self.head
            while sha != base:
                commit = self.commits.get(sha) if sha else None
                if commit is None or len(commit.parents) > 1 or (base is not None and not commit.parents):
                    chain = None
                    break
                chain.append(sha)
                sha = commit.parents[0] if commit.parents else None
            self._chains[base] = chain
        return self._chains[base]

    def path_history_since(self, specs: tuple[str, ...], base: str | None, answer: str) -> str | None:
        """`PATH_HISTORY HEAD -- SPECS` from git's `answer` at `base` (None: the empty answer below the root), when
        every commit since is a one-parent commit; None when that cannot be known exactly.

        git lists the commits of the whole graph in topological order and shows those that changed the paths (and
        every merge), each with its parents rewritten to the nearest shown ancestor. Commits above `base` with one
        parent each are walked first: those that changed the paths are added after the old answer, oldest first, each
        naming the one shown before it; the old answer itself is what git gave at `base`."""
        chain = self.linear_since(base)
        if chain is None:
            return None
        touched = [sha for sha in reversed(chain) if any(spec in self.commits[sha].changed[0] for spec in specs)]
        if not touched:
            return answer
        below = "" if base is None else self._shown_at_or_below(base, specs)
        if below is None:
            return None
        lines = []
        for sha in touched:
            lines.append(f"{sha}|{below}\n")
            below = sha
        return answer + "".join(lines)

    def _shown_at_or_below(self, sha: str, specs: tuple[str, ...]) -> str | None:
        """The commit git rewrites a parent `sha` to: the nearest along one-parent commits that changed the paths
        ("" when none down to the root); None when a merge is met (left to git)."""
        while True:
            commit = self.commits.get(sha)
            if commit is None or len(commit.parents) > 1:
                return None
            if any(spec in commit.changed[0] for spec in specs):
                return sha
            if not commit.parents:
                return ""
            sha = commit.parents[0]

    def _new_in_order(self, base: str | None) -> list[str] | None:
        """The commits HEAD reaches and `base` does not, in the order git's `--topo-order` emits them (newest
        first), when git emits all of them before `base`; None otherwise. `base` None: every commit.

        git's graph order: from HEAD, a stack; a commit is emitted when popped, and its parents are pushed, in
        order, once all their children are emitted. A commit `base` reaches, other than `base`, has a child on the
        way from `base`, so it cannot come before `base`; `base` itself must come only when nothing else is left."""
        if base in self._orders:
            return self._orders[base]
        if base is not None and base not in self.commits:  # not reached from HEAD: a rewrite
            self._orders[base] = None
            return None
        old: set[str] = set()
        if base is not None:
            stack = [base]
            while stack:
                sha = stack.pop()
                if sha not in old:
                    old.add(sha)
                    stack.extend(self.commits[sha].parents if sha in self.commits else ())
        new = {sha for sha in self.commits if sha not in old}
        if not self._reaches_all(new) or any(len(self.commits[sha].parents) > 2 for sha in new):  # octopus: untried
            self._orders[base] = None
            return None
        waiting = dict.fromkeys([*new, *([base] if base is not None else [])], 0)
        for sha in new:
            for parent in self.commits[sha].parents:
                if parent in waiting:
                    waiting[parent] += 1
        order: list[str] | None = []
        stack = [self.head] if self.head in new else []
        while stack:
            sha = stack.pop()
            if sha == base:  # git goes on with `base`'s own walk: right only when nothing new is left
                if stack or len(order) != len(new):
                    order = None
                break
            order.append(sha)
            for parent in self.commits[sha].parents:
                if parent in waiting:
                    waiting[parent] -= 1
                    if waiting[parent] == 0:
                        stack.append(parent)
        if order is not None and len(order) != len(new):
            order = None
        self._orders[base] = order
        return order

    def _reaches_all(self, new: set[str]) -> bool:
        """Every parent of the new commits is indexed (not a shallow boundary)."""
        return all(parent in self.commits for sha in new for parent in self.commits[sha].parents)

    def _treesame(self, sha: str, specs: tuple[str, ...]) -> bool:
        """git's TREESAME with --full-history: no difference in the paths against any parent (the root: against
        the empty tree)."""
        return not any(spec in paths for paths in self.commits[sha].changed for spec in specs)

    def _rewritten(self, sha: str, specs: tuple[str, ...]) -> str | None:
        """A parent as git prints it after rewriting: the nearest shown commit (a merge, or one that is not
        TREESAME) down the one-parent commits ("" when there is none down to the root: git drops the parent)."""
        while True:
            if sha not in self.commits:
                return None
            parents = self.commits[sha].parents
            if len(parents) > 1 or not self._treesame(sha, specs):
                return sha
            if not parents:
                return ""
            sha = parents[0]

    def path_history_walk(self, specs: tuple[str, ...], base: str | None, answer: str) -> str | None:
        """`PATH_HISTORY HEAD -- SPECS` as git's walk gives it: git's `answer` at `base` (None: the empty answer
        below the root) followed by the commits since, oldest first, when git emits them all before `base`.

        Shown: a commit that is not TREESAME, and every merge (--full-history with parent rewriting); each with its
        parents rewritten (`_rewritten`), the dropped ones left out and each named once."""
        order = self._new_in_order(base)
        if order is None:
            return None
        lines = []
        for sha in reversed(order):
            parents = self.commits[sha].parents
            if len(parents) <= 1 and self._treesame(sha, specs):
                continue
            rewritten = [self._rewritten(parent, specs) for parent in parents]
            if None in rewritten:
                return None
            named = list(dict.fromkeys(p for p in rewritten if p))
            lines.append(f"{sha}|{' '.join(named)}\n")
        return answer + "".join(lines)

    # --- file versions ---------------------------------------------------------------------------------------
    def _resolve(self, spec: str) -> str | None:
        """`COMMIT:PATH` → the same object named by the commit that last changed it (a merge or a commit that left
        the path as its parent had it shows that parent's version), None when the path is absent there."""
        sha, _, path = spec.partition(":")
        if not path or path.startswith(("./", "../", "/")) or path != posixpath.normpath(path):
            return spec
        while True:
            commit = self.commits.get(sha)
            if commit is None:
                return f"{sha}:{path}"
            if not commit.parents:
                return f"{sha}:{path}" if path in commit.changed[0] else None  # the root: against the empty tree
            same = next((p for i, p in enumerate(commit.parents) if path not in commit.changed[i]), None)
            if same is None:
                return f"{sha}:{path}"
            sha = same

    def prefetch_versions(self, top: str) -> None:
        """Every committed version of every file under `top` (e.g. ledger/), in one `git cat-file` process."""
        if top in self._prefetched:
            return
        self._prefetched.add(top)
        self._fetch(
            [
                f"{commit.sha}:{path}"
                for commit in self.commits.values()
                for path in set.intersection(*commit.changed)
                if path.startswith(top + "/") and "." in path.rsplit("/", 1)[-1]
            ]
        )

    def objects(self, specs: list[str], prefetch: bool = False) -> dict[str, tuple[bytes, bytes] | None]:
        """`COMMIT:PATH` → (type, content) as `git cat-file --batch` gives it, None when absent; `prefetch`: read
        every version of every file beside them too (their top directory), in the same process."""
        resolved = {spec: self._resolve(spec) for spec in specs}
        if prefetch:
            for spec in specs:
                if ":" in spec and spec.partition(":")[0] in self.commits:
                    self.prefetch_versions(spec.partition(":")[2].split("/")[0])
        self._fetch([r for r in resolved.values() if r is not None])
        return {spec: None if r is None else self._objects[r] for spec, r in resolved.items()}

    def _fetch(self, specs: list[str]) -> None:
        wanted = [s for s in dict.fromkeys(specs) if s not in self._objects]
        self._objects.update(cat_file_batch(self.root, wanted))


def cat_file_batch(root: Path, specs: list[str]) -> dict[str, tuple[bytes, bytes] | None]:
    """One `git cat-file --batch`: spec → (type, content), None when git finds nothing by that name."""
    if not specs:
        return {}
    done = subprocess.run(
        ["git", "-C", str(root), "cat-file", "--batch"],
        input=b"".join(s.encode("utf-8", errors="surrogateescape") + b"\n" for s in specs),
        capture_output=True,
        check=False,
    )
    out, at, found = done.stdout, 0, {}
    for spec in specs:
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        at = end + 1
        if len(header) == 3 and header[2].isdigit() and _is_oid(header[0].decode(errors="replace")):
            size = int(header[2])
            found[spec] = (header[1], out[at : at + size])
            at += size + 1
        else:
            found[spec] = None  # "SPEC missing", "SPEC ambiguous"...
    return found


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


def git_common_dir(root: Path) -> Path | None:
    """What `git rev-parse --git-common-dir` names, read from the files (None: ask git)."""
    dirs = _git_dirs(root)
    return None if dirs is None else dirs[1]


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
        # one HEAD at a time; what a commit id and a path name never changes, so the versions read stay
        earlier = [h for (r, _), h in _histories.items() if r == str(root)]
        _histories.clear()
        try:
            _histories[key] = _History(root, head)
        except _Unindexable:
            return None
        for history in earlier:
            _histories[key]._objects.update((s, o) for s, o in history._objects.items() if _is_oid(s.partition(":")[0]))
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
    if rest[:3] == ["ls-tree", "-r", "-z"] and len(rest) == 4 and _is_oid(rest[3]):
        return "\0".join([*config, *rest])  # a commit's (or a tree's) listing never changes
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
    if rest[0] == "log" and all(p.startswith("-") for p in pinned):  # no revision: git log means HEAD
        head = _head(root)
        if head is None:
            return None
        pinned.append(f"HEAD={head}")
    paths = rest[rest.index("--") :] if "--" in rest else []
    return "\0".join([*config, rest[0], *pinned, *paths])


_MEMO_MAGIC = "igm-editorial-memo 2"


class _Memo:
    """git's answers that cannot change, kept in the common git dir (never in the work tree, never committed).

    - answers: `_memo_key` → [exit code, stdout, stderr];
    - paths: the pathspecs of a `PATH_HISTORY` log of HEAD → [the HEAD it was asked at, stdout];
    - objects: `COMMIT:PATH` → the object id `git cat-file --batch-check` gives (None: absent).

    The file starts with the SHA-256 of the JSON after it: a file that does not match, or does not hold these
    shapes, is ignored as a whole (and rewritten), never half-trusted.
    """

    def __init__(self) -> None:
        self.path: Path | None = None
        self.answers: dict[str, list] = {}
        self.paths: dict[str, list[str]] = {}
        self.objects: dict[str, str | None] = {}
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
            self.answers, self.paths, self.objects = _read_memo(path)
        return True

    def save(self) -> None:
        if not self.dirty or self.path is None:
            return
        for part, limit in ((self.answers, 20000), (self.objects, 50000), (self.paths, 20000)):
            if len(part) > limit:  # the oldest half (an old HEAD's answers, commits long gone)
                for key in list(part)[: len(part) // 2]:
                    del part[key]
        body = json.dumps({"answers": self.answers, "paths": self.paths, "objects": self.objects})
        digest = hashlib.sha256(body.encode("utf-8", errors="surrogateescape")).hexdigest()
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        try:
            temporary.write_bytes(f"{_MEMO_MAGIC} {digest}\n{body}".encode("utf-8", errors="surrogateescape"))
            temporary.replace(self.path)
        except OSError:
            pass  # a read-only repository: only this run loses the memo
        self.dirty = False


def _read_memo(path: Path) -> tuple[dict, dict, dict]:
    """The memo file's three parts, or three empty ones when it is missing, damaged or not of this shape."""
    empty: tuple[dict, dict, dict] = ({}, {}, {})
    try:
        header, _, body = path.read_bytes().partition(b"\n")
        magic, _, digest = header.decode("ascii").rpartition(" ")
        if magic != _MEMO_MAGIC or hashlib.sha256(body).hexdigest() != digest:
            return empty
        data = json.loads(body.decode("utf-8", errors="surrogateescape"))
    except (OSError, ValueError, UnicodeError, RecursionError):
        return empty
    if not isinstance(data, dict):
        return empty
    answers, paths, objects = data.get("answers"), data.get("paths"), data.get("objects")
    if not (isinstance(answers, dict) and isinstance(paths, dict) and isinstance(objects, dict)):
        return empty
    if not all(
        isinstance(v, list) and len(v) == 3 and type(v[0]) is int and isinstance(v[1], str) and isinstance(v[2], str)
        for v in answers.values()
    ):
        return empty
    if not all(
        isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) and _is_oid(v[0]) and isinstance(v[1], str)
        for v in paths.values()
    ):
        return empty
    if not all(v is None or (isinstance(v, str) and _is_oid(v)) for v in objects.values()):
        return empty
    return answers, paths, objects


_memo = _Memo()


def _cache_on() -> bool:
    return not os.environ.get("IGM_EDITORIAL_NO_CACHE")


def _path_history(root: Path, args: tuple[str, ...]) -> subprocess.CompletedProcess[str] | None:
    """`PATH_HISTORY HEAD -- SPECS` without asking git when its answer follows from what it answered before.

    Kept per SPECS with the HEAD it is for. When HEAD has since moved on by commits with one parent each, git's
    answer is the old one plus those of them that changed the paths (`_History.path_history_since`); in a history
    without merges it follows from the index alone. Through merges, git's walk is replayed
    (`_History.path_history_walk`: its topological order and parent rewriting, checked against git on random
    histories in the tests); where the replay cannot be sure (an octopus, a shallow boundary, a base git would
    walk before the new commits) git is asked, and its answer kept.
    """
    count = len(PATH_HISTORY)
    if args[:count] != PATH_HISTORY or args[count : count + 2] != ("HEAD", "--"):
        return None
    specs = _plain_specs(args[count + 2 :])
    history = _history(root) if specs is not None else None
    if history is None or not _memo.load(root):
        return None
    key = "\0".join(args[count + 2 :])
    remembered = _memo.paths.get(key)
    found = None if remembered is None else history.path_history_since(specs, remembered[0], remembered[1])
    if found is None:
        found = history.path_history_since(specs, None, "")  # a history without merges: from the root
    if found is None and remembered is not None:
        found = history.path_history_walk(specs, remembered[0], remembered[1])  # merges since
    if found is None:
        found = history.path_history_walk(specs, None, "")
    if found is not None:
        if remembered != [history.head, found]:
            _memo.paths[key] = [history.head, found]
            _memo.dirty = True
        return _done(args, found)
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    stdout = done.stdout.decode("utf-8", errors="surrogateescape")
    stderr = done.stderr.decode("utf-8", errors="surrogateescape")
    if done.returncode == 0 and _head(root) == history.head:
        _memo.paths[key] = [history.head, stdout]
        _memo.dirty = True
    return subprocess.CompletedProcess(["git", *args], done.returncode, stdout, stderr)


def memo_git(root: Path, args: list[str] | tuple[str, ...], *, text: bool = True) -> subprocess.CompletedProcess:
    """`git -C root ARGS`, answered from the memo when the answer cannot have changed; as `subprocess.run` returns."""
    args = tuple(args)
    key = _memo_key(root, args) if _cache_on() else None
    answer = _answer(root, args) if key is not None else None  # replayed from the one pass over history
    if answer is None and key is not None:
        answer = _path_history(root, args)
    if answer is not None and answer.returncode == 0:
        code, stdout, stderr = answer.returncode, answer.stdout, answer.stderr
    elif key is not None and _memo.load(root) and key in _memo.answers:
        code, stdout, stderr = _memo.answers[key]
    else:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
        code = done.returncode
        stdout = done.stdout.decode("utf-8", errors="surrogateescape")
        stderr = done.stderr.decode("utf-8", errors="surrogateescape")
        if key is not None and _memo.load(root):
            _memo.answers[key] = [code, stdout, stderr]
            _memo.dirty = True
    if text:
        return subprocess.CompletedProcess(["git", *args], code, stdout, stderr)
    encode = lambda value: value.encode("utf-8", errors="surrogateescape")  # noqa: E731
    return subprocess.CompletedProcess(["git", *args], code, encode(stdout), encode(stderr))


def cat_file(root: Path, specs: list[str]) -> dict[str, tuple[bytes, bytes] | None]:
    """`git cat-file --batch` of these specs: spec → (type, content), None when absent. Versions of files are read
    for a whole directory at once (all ledgers in one process) and kept for the run."""
    history = _history(root) if _cache_on() else None
    if history is None:
        return cat_file_batch(root, list(dict.fromkeys(specs)))
    return history.objects(list(dict.fromkeys(specs)), prefetch=True)


def known_commits(root: Path) -> list[str]:
    """Every commit HEAD reaches, when the cache is on (to ask about them all in one process); else none."""
    history = _history(root) if _cache_on() else None
    return [] if history is None else list(history.commits)


def object_ids(root: Path, specs: list[str]) -> list[str | None]:
    """`git cat-file --batch-check` of these specs: each one's blob id, None when it is absent or not a blob.
    `COMMIT:PATH` with a full commit id names the same object for ever, so those answers are remembered."""

    def immutable(spec: str) -> bool:
        return _is_oid(spec.partition(":")[0]) and ":" in spec

    known: dict[str, str | None] = {}
    if _cache_on() and _memo.load(root):
        known = {s: _memo.objects[s] for s in specs if immutable(s) and s in _memo.objects}
    wanted = [s for s in dict.fromkeys(specs) if s not in known]
    if wanted:
        done = subprocess.run(
            ["git", "-C", str(root), "cat-file", "--batch-check"],
            input="".join(s + "\n" for s in wanted).encode("utf-8", errors="surrogateescape"),
            capture_output=True,
            check=False,
        )
        rows = done.stdout.decode(errors="replace").splitlines()
        if done.returncode == 0 and len(rows) == len(wanted):
            for spec, row in zip(wanted, rows, strict=True):
                parts = row.split()
                known[spec] = parts[0] if len(parts) == 3 and parts[1] == "blob" else None
                if (
                    immutable(spec)
                    and (known[spec] is None or _is_oid(known[spec]))
                    and _cache_on()
                    and _memo.load(root)
                ):
                    _memo.objects[spec] = known[spec]
                    _memo.dirty = True
        else:
            for spec, row in zip(wanted, rows + [""] * len(wanted), strict=False):
                parts = row.split()
                known[spec] = parts[0] if len(parts) == 3 and parts[1] == "blob" else None
    return [known[s] for s in specs]


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
    if args == ("rev-parse", "--verify", "-q", "HEAD"):
        head = _head(root)
        return None if head is None else _done(args, head + "\n")
    if not args or args[0] not in ("log", "show", "rev-list"):
        return None
    history = _history(root)
    if history is None:
        return None
    if args[0] == "show" and len(args) == 2 and ":" in args[1]:
        if args[1].partition(":")[0] in history.commits:
            found = history.objects([args[1]])[args[1]]
            if found is None:
                return _done(args, "", 128)
            if found[0] == b"blob":  # `git show` of a blob prints it as it is; of anything else, let git say
                return _done(args, found[1].decode("utf-8", errors="surrogateescape"))
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
            history.objects([f"{sha}:{spec}" for sha in shas for spec in specs])
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
