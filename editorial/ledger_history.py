"""Which commit recorded each line of a ledger, walking every version git has of it, merges included.

A version is accepted when it extends the last accepted version of every parent (the ledger is append-only). What
is not accepted is reported, with the commit, and stays reported until a later version restores an accepted one
(a `git revert` of a hand edit does) or a signed `editorial repair` re-chains the ledger. A merge must keep every
parent's ledger as a prefix: a `git merge -s ours` that drops a withdrawal, or a squash or rebase that loses events,
is named. A ledger renamed by `editorial mv` keeps the history of its old path.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from .history_cache import PATH_HISTORY, cat_file, memo_git

__all__ = ["History", "ledger_history"]

FIX_REWRITE = (
    "the ledger is append-only: revert that commit (git revert), or if the history is what it should be, record "
    "a signed repair (`editorial repair PAGE --note why`, see README 'For editors')"
)
FIX_MERGE = (
    "merge with a merge commit that keeps both sides' events (never squash, rebase or -s ours on a ledger), or "
    "record a signed repair (`editorial repair PAGE --note why`)"
)


@dataclasses.dataclass(frozen=True)
class History:
    commits: list[str | None]  # per line of the current file: the commit that recorded it (None: uncommitted)
    rewrites: list[str]  # what broke the append-only rule and is still unrepaired, each naming the commit
    deleted_in: str | None = None  # the commit that deleted a ledger that had history
    had_history: bool = False
    lines: list[str] = dataclasses.field(default_factory=list)  # the last accepted version


@dataclasses.dataclass
class _State:
    lines: list[str]
    origins: list[str]
    pending: list[str]
    seen: list[str] | None = None  # the version in the commit itself, when it was not accepted


def _log(root: Path, rel: str, upto: str = "HEAD") -> list[tuple[str, list[str]]]:
    # The same answer as `git log` itself, remembered across commits that cannot change it (history_cache).
    done = memo_git(root, [*PATH_HISTORY, upto, "--", rel])
    out = []
    for row in done.stdout.splitlines():
        commit, _, parents = row.partition("|")
        if commit:
            out.append((commit, parents.split()))
    return out


def _blobs(root: Path, names: list[str]) -> dict[str, list[str] | None]:
    """`commit:path` → lines (None: absent), as `git cat-file --batch` gives them; every ledger's versions are read
    in one process per run (history_cache)."""
    found = cat_file(root, names)
    return {
        name: None if found[name] is None else found[name][1].decode("utf-8", errors="replace").splitlines()
        for name in names
    }


def _first_difference(old: list[str], new: list[str]) -> int | None:
    """The 0-based line where `new` stops extending `old`, or None when `old` is a prefix of `new`."""
    for index, line in enumerate(old):
        if index >= len(new) or new[index] != line:
            return index
    return None


def _event(line: str) -> dict:
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def ledger_history(
    root: Path,
    rel: str,
    verify_repair: Callable[[str], str | None] = lambda commit: None,
    upto: str = "HEAD",
    worktree: bool = True,
    ledger_of: Callable[[str], str] | None = None,
) -> History:
    """`verify_repair(commit)`: why a repair in that commit cannot be accepted (unsigned...), or None."""
    log = _log(root, rel, upto)
    versions = _blobs(root, [f"{commit}:{rel}" for commit, _ in log])
    states: dict[str, _State] = {}
    deleted_in: str | None = None
    had_history = False
    last: _State = _State([], [], [])
    for commit, parents in log:
        lines = versions.get(f"{commit}:{rel}")
        named = [(p, states[p]) for p in parents if p in states]
        if not named:
            named = [("", _renamed_from(root, rel, lines, commit, verify_repair, ledger_of) or _State([], [], []))]
        bases = [b for _, b in named]
        pending = [msg for base in bases for msg in base.pending]
        if lines is None:
            longest = max(bases, key=lambda b: len(b.lines))
            if longest.lines and not pending:
                deleted_in = commit
                pending = [
                    f"commit {commit[:12]} deleted the ledger, which had {len(longest.lines)} line(s) ({FIX_REWRITE})"
                ]
            states[commit] = last = _State(longest.lines, longest.origins, pending)
            continue
        had_history = True
        broken = [(p, b, _first_difference(b.lines, lines)) for p, b in named]
        broken = [(p, b, at) for p, b, at in broken if at is not None]
        if not broken:
            base = max(bases, key=lambda b: len(b.lines))
            states[commit] = last = _State(lines, base.origins + [commit] * (len(lines) - len(base.lines)), [])
            deleted_in = None
            continue
        if lines and _event(lines[-1]).get("event") == "repaired" and verify_repair(commit) is None:
            base = max(bases, key=lambda b: len(b.lines))
            keep = _first_difference(base.lines, lines)
            keep = len(base.lines) if keep is None else keep
            states[commit] = last = _State(lines, base.origins[:keep] + [commit] * (len(lines) - keep), [])
            deleted_in = None
            continue
        if not pending:
            parent, base, at = broken[0]
            if len(parents) > 1:
                pending = [
                    f"merge commit {commit[:12]} drops or changes line {at + 1} of the ledger of its parent "
                    f"{parent[:12]} ({FIX_MERGE})"
                ]
            elif lines and len(lines) < len(base.lines) and lines == base.lines[: len(lines)]:
                pending = [f"commit {commit[:12]} removed line(s) {len(lines) + 1}-{len(base.lines)} ({FIX_REWRITE})"]
            else:
                pending = [f"commit {commit[:12]} rewrote line {at + 1} ({FIX_REWRITE})"]
            if lines and _event(lines[-1]).get("event") == "repaired":
                why = verify_repair(commit)
                pending = [f"commit {commit[:12]} records a repair that cannot be accepted: {why}"]
        base = max((b for _, b, _ in broken), key=lambda b: len(b.lines))
        states[commit] = last = _State(base.lines, base.origins, pending, lines)
    current_version = last.seen if last.seen is not None else last.lines
    committed = log[-1][0] if log else None
    if worktree:
        path = root / rel
        current = path.read_bytes().decode("utf-8", errors="replace").splitlines() if path.is_file() else None
    else:
        current = current_version if log else None
    pending = list(last.pending)
    if current is None:
        if last.lines and not pending and worktree and log:
            pending = [f"an uncommitted deletion removed the ledger, which had {len(last.lines)} line(s)"]
        return History([], pending, deleted_in, had_history, last.lines)
    at = _first_difference(last.lines, current)
    if at is None:
        origins: list[str | None] = [*last.origins, *([None] * (len(current) - len(last.lines)))]
        if current == current_version and committed is not None:
            origins = [*last.origins, *([committed] * (len(current) - len(last.lines)))]
        return History(origins, pending, deleted_in, had_history, last.lines)
    if not pending:
        pending = [
            f"an uncommitted edit rewrote line {at + 1} (the ledger is append-only; `git checkout -- {rel}` undoes it)"
        ]
    origins = [*last.origins[:at], *([committed if current == current_version else None] * (len(current) - at))]
    return History(origins, pending, deleted_in, had_history, last.lines)


def _renamed_from(root, rel, lines, commit, verify_repair, ledger_of) -> _State | None:
    """A ledger that appears with a `renamed` event continues its old path's history up to that commit."""
    if not lines or ledger_of is None:
        return None
    for index, line in enumerate(lines):
        data = _event(line)
        if data.get("event") == "renamed" and isinstance(data.get("from"), str):
            old_rel = ledger_of(data["from"])
            parent = subprocess.run(
                ["git", "-C", str(root), "rev-parse", "--verify", "-q", f"{commit}^"], capture_output=True, text=True
            ).stdout.strip()
            if not parent or index == 0:
                return None
            old = ledger_history(root, old_rel, verify_repair, upto=parent, worktree=False, ledger_of=ledger_of)
            return _State(old.lines, [c or "" for c in old.commits], list(old.rewrites))
    return None
