"""Pull and Push from the desk: the clone's state against its remote, and the two git steps an editor needs.

Everything the desk records is a commit on this clone; nobody else sees it until it is pushed, and nobody's work
reaches this clone until it is pulled. Pull is `git fetch` then a merge (never a rebase: a merge keeps every commit
as it was made); where two people appended to the same ledger or comments file, the merge keeps both sides' lines
(`editorial.desk.appendmerge`). Any other conflict stops the pull, puts the clone back as it was, and names each file and
what to do. Git never prompts: a remote that needs a password fails with git's message instead of hanging.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import threading
import time
from pathlib import Path

from ..errors import EditorialError
from .actions import repository_lock
from .appendmerge import is_append_only, merge_appended

__all__ = ["Remote", "SyncRefusal", "fetch_in_background", "pull", "push", "remote_state"]

FETCH_TIMEOUT = 60
_fetching: set[Path] = set()
_fetch_lock = threading.Lock()


class SyncRefusal(EditorialError):
    """Pull or Push stopped; the message names what happened and what to do."""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["GIT_TERMINAL_PROMPT"] = "0"  # never wait for a password on a terminal nobody watches
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    env["GIT_MERGE_AUTOEDIT"] = "no"
    return env


def _git(root: Path, *args: str, check: bool = True, timeout: float | None = None) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, env=_env(), timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise SyncRefusal(
            f"git {args[0]} took more than {timeout:.0f} s and was stopped; is the remote reachable?"
        ) from None
    if check and done.returncode != 0:
        raise SyncRefusal(f"git {args[0]} failed: {(done.stderr or done.stdout).strip()}")
    return done


@dataclasses.dataclass(frozen=True)
class Remote:
    """This clone against its upstream branch, as of the last fetch."""

    upstream: str  # e.g. origin/main; "" when the branch tracks none
    ahead: int  # commits here, not there: Push shares them
    behind: int  # commits there, not here: Pull brings them
    checked: dt.datetime | None  # when the remote was last fetched
    problem: str = ""

    @property
    def summary(self) -> str:
        if self.problem:
            return self.problem
        if not self.ahead and not self.behind:
            return f"Up to date with {self.upstream}."
        parts = []
        if self.behind:
            parts.append(f"{self.behind} commit{'s' * (self.behind != 1)} on {self.upstream} to pull")
        if self.ahead:
            parts.append(f"{self.ahead} of yours not pushed: nobody else sees {'them' if self.ahead > 1 else 'it'} yet")
        return "; ".join(parts).capitalize() + "."


def _upstream(root: Path) -> str:
    done = _git(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}", check=False)
    return done.stdout.strip() if done.returncode == 0 else ""


def _last_fetch(root: Path) -> dt.datetime | None:
    git_dir = Path(_git(root, "rev-parse", "--absolute-git-dir").stdout.strip())
    head = git_dir / "FETCH_HEAD"
    return dt.datetime.fromtimestamp(head.stat().st_mtime, dt.UTC) if head.is_file() else None


def remote_state(root: Path) -> Remote:
    """Ahead and behind from the refs git already has: no network."""
    upstream = _upstream(root)
    if not upstream:
        remotes = _git(root, "remote", check=False).stdout.split()
        if not remotes:
            return Remote("", 0, 0, None, "This clone has no remote: your work stays here (git remote add origin URL).")
        ahead = int(_git(root, "rev-list", "--count", "HEAD", check=False).stdout.strip() or 0)
        return Remote(f"{remotes[0]} (no branch yet)", ahead, 0, _last_fetch(root))
    counts = _git(root, "rev-list", "--left-right", "--count", f"HEAD...{upstream}", check=False).stdout.split()
    ahead, behind = (int(counts[0]), int(counts[1])) if len(counts) == 2 else (0, 0)
    return Remote(upstream, ahead, behind, _last_fetch(root))


def fetch_in_background(root: Path, older_than: float = 60.0) -> None:
    """Refresh what the board says of the remote, at most once a minute, without making anyone wait."""
    last = _last_fetch(root)
    if last and (time.time() - last.timestamp()) < older_than:
        return
    with _fetch_lock:
        if root in _fetching:
            return
        _fetching.add(root)

    def fetch() -> None:
        try:
            _git(root, "fetch", "--quiet", check=False, timeout=FETCH_TIMEOUT)
        except SyncRefusal:
            pass
        finally:
            with _fetch_lock:
                _fetching.discard(root)

    threading.Thread(target=fetch, daemon=True).start()


def _unmerged(root: Path) -> list[str]:
    out = _git(root, "diff", "--name-only", "--diff-filter=U", check=False).stdout
    return [line for line in out.splitlines() if line]


def _stage(root: Path, number: int, path: str) -> str:
    done = _git(root, "show", f":{number}:{path}", check=False)
    return done.stdout if done.returncode == 0 else ""


def _who_changed(root: Path, upstream: str, path: str) -> str:
    out = _git(root, "log", "-1", "--format=%an, %ad, commit %h", "--date=short", upstream, "--", path, check=False)
    return out.stdout.strip()


CONFLICT_HELP = (
    "Nothing was changed on this clone: the pull was undone. What to do: agree with {who} which version to keep. "
    "Either they undo their change and push, then you pull again; or, in a terminal in the repository, run "
    "`git pull`, edit each file named above to keep what both of you meant (git marks the two versions with <<<<<<< "
    "and >>>>>>>), then `git add` those files and `git commit`, and press Push here."
)


def pull(root: Path, sign: bool) -> str:
    """Fetch and merge the upstream branch; ledger and comments appends from both sides are kept."""
    with repository_lock(root):
        upstream = _upstream(root)
        if not upstream:
            raise SyncRefusal(
                "This branch follows no remote branch, so there is nothing to pull. If the remote has one, run "
                "`git branch --set-upstream-to=origin/main` once in the repository."
            )
        remote = upstream.split("/", 1)[0]
        _git(root, "fetch", "--quiet", remote, timeout=FETCH_TIMEOUT)
        state = remote_state(root)
        if not state.behind:
            return f"Nothing to pull: this clone already has everything on {upstream}."
        flag = "-S" if sign else "--no-gpg-sign"
        merged = _git(root, "merge", "--no-edit", flag, upstream, check=False)
        if merged.returncode == 0:
            return f"Pulled {state.behind} commit{'s' * (state.behind != 1)} from {upstream}."
        conflicted = _unmerged(root)
        if not conflicted:  # refused before merging: local changes in the way, and so on
            _git(root, "merge", "--abort", check=False)
            raise SyncRefusal(f"Pull stopped, nothing changed: {(merged.stderr or merged.stdout).strip()}")
        records = [p for p in conflicted if is_append_only(p)]
        others = [p for p in conflicted if not is_append_only(p)]
        resolved = {}
        for path in records:
            text = merge_appended(_stage(root, 1, path), _stage(root, 2, path), _stage(root, 3, path))
            if text is None:
                others.append(path)
            else:
                resolved[path] = text
        if others:
            _git(root, "merge", "--abort", check=False)
            named = "; ".join(f"{p} (changed there by {_who_changed(root, upstream, p) or 'someone'})" for p in others)
            who = ", ".join(sorted({_who_changed(root, upstream, p).split(",")[0] for p in others} - {""}))
            raise SyncRefusal(
                f"Pull stopped: both you and {upstream} changed the same lines of {named}. "
                + CONFLICT_HELP.format(who=who or "the other editor")
            )
        for path, text in resolved.items():
            (root / path).write_text(text, encoding="utf-8")
        _git(root, "add", "--", *resolved)
        _git(root, "commit", "--no-edit", flag)
        files = ", ".join(resolved)
        return (
            f"Pulled {state.behind} commit{'s' * (state.behind != 1)} from {upstream}. You and they had both added "
            f"to {files}: both sides' lines are kept."
        )


def push(root: Path) -> str:
    with repository_lock(root):
        upstream = _upstream(root)
        if upstream:
            remote, _, branch = upstream.partition("/")
            args = [remote, f"HEAD:{branch}"]
        else:
            remotes = _git(root, "remote", check=False).stdout.split()
            if not remotes:
                raise SyncRefusal("This clone has no remote to push to (git remote add origin URL).")
            args = ["--set-upstream", remotes[0], "HEAD"]
        before = remote_state(root)
        done = _git(root, "push", "--quiet", *args, check=False, timeout=FETCH_TIMEOUT)
        if done.returncode != 0:
            text = (done.stderr or done.stdout).strip()
            if "rejected" in text or "non-fast-forward" in text or "fetch first" in text:
                raise SyncRefusal(
                    "Push refused: the remote has commits this clone does not have yet. Press Pull first (it keeps "
                    "both sides' work), then Push."
                )
            raise SyncRefusal(f"Push failed: {text}")
        upstream = _upstream(root)
        count = before.ahead
        return f"Pushed to {upstream}" + (f" ({count} commit{'s' * (count != 1)})." if count else ".")
