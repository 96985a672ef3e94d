"""Merging append-only record files (ledgers, review comments) when two people each appended lines.

Two editors who act on one page between two syncs both append to its ledger; git sees two changes at the same place
(the end of the file) and stops the merge. When each side only *appended* to what both started from, keeping both
sides' new lines is the only sensible result: that is what this does, and nothing else. A side that changed or
removed an earlier line is a real conflict, left to a person.

Used two ways: by the desk's Pull (on the unmerged files git reports), and as a git merge driver that `editorial
onboard` configures and `.gitattributes` names, so a plain `git pull` merges the same way:

    python -m editorial.desk.appendmerge %O %A %B     # ancestor, ours (the result is written here), theirs
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path, PurePosixPath

__all__ = ["APPEND_ONLY", "DRIVER", "is_append_only", "main", "merge_appended"]

DRIVER = "igm-append"  # the merge driver's name in .gitattributes and git config
APPEND_ONLY = ("ledger/", "comments/")


def is_append_only(path: str) -> bool:
    """A ledger or a comments file: `.jsonl` under ledger/ or comments/."""
    return path.startswith(APPEND_ONLY) and PurePosixPath(path).suffix == ".jsonl"


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def merge_appended(base: str, ours: str, theirs: str) -> str | None:
    """Base, then our new lines, then their new lines not already ours; None unless both sides only appended."""
    old, mine, other = _lines(base), _lines(ours), _lines(theirs)
    if mine[: len(old)] != old or other[: len(old)] != old:
        return None
    added = mine[len(old) :]
    added += [line for line in other[len(old) :] if line not in added]
    return "".join(line + "\n" for line in old + added)


def main(argv: list[str] | None = None) -> int:
    """git merge driver: exit 0 with the merge in %A, or 1 with git's own conflict markers in %A."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3:
        print("usage: python -m editorial.desk.appendmerge ANCESTOR OURS THEIRS", file=sys.stderr)
        return 2
    base, ours, theirs = (Path(a) for a in args)
    texts = [p.read_text(encoding="utf-8") if p.is_file() else "" for p in (base, ours, theirs)]
    merged = merge_appended(*texts)
    if merged is not None:
        ours.write_text(merged, encoding="utf-8")
        return 0
    # Not appends only: git's ordinary three-way merge, with its conflict markers, for a person to resolve.
    subprocess.run(["git", "merge-file", str(ours), str(base), str(theirs)], check=False)
    return 1


if __name__ == "__main__":
    sys.exit(main())
