"""The repository's git history read once, not once per page.

`last_changed` gives the date each file last changed: its newest commit, or today when the working copy holds an
uncommitted change. It is what a page shows as "Last updated", so nobody types that date by hand.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

__all__ = ["last_changed"]


def _git(root: Path, *args: str) -> str | None:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    return done.stdout if done.returncode == 0 else None


def last_changed(root: Path, today: dt.date) -> dict[str, dt.date]:
    """Repository path -> the date its content last changed; files git does not know are absent."""
    log = _git(root, "log", "--format=%x00%cs", "--name-only", "--no-renames", "HEAD")
    dates: dict[str, dt.date] = {}
    if log is None:
        return dates
    day: dt.date | None = None
    for line in log.splitlines():
        if line.startswith("\0"):
            day = dt.date.fromisoformat(line[1:])
        elif line and day is not None:
            dates.setdefault(line, day)  # newest first: the first date seen is the last change
    status = _git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames")
    for entry in (status or "").split("\0"):
        if len(entry) > 3:
            dates[entry[3:]] = today
    return dates
