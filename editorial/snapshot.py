"""Rollback protection (TUF's snapshot idea): the production build publishes the statements it used, and refuses a
record that drops one a previous publication knew.

The forge's branch protection (no force-push, no deletion of the main branch, required review of ledger/ and
reviewers/ changes) is the first line; this is the check. `editorial build --previous FILE_OR_URL` reads the
`reviews.json` of the site as last published and refuses to build when an approval or withdrawal in it is no longer
a valid statement of this record, or when the reviewer set's version went backwards.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

from .errors import EditorialError
from .repository import Repository

__all__ = ["SNAPSHOT", "dropped", "read_previous", "snapshot"]

SNAPSHOT = "reviews.json"


def snapshot(repo: Repository) -> dict[str, Any]:
    chain = repo.declarations.reviewer_set
    return {
        "format": "igm-reviews-v1",
        "reviewer_set": {"version": chain.version, "digest": chain.digest},
        "statements": repo.valid_statements(),
    }


def read_previous(where: str) -> dict[str, Any]:
    try:
        if where.startswith(("https://", "http://")):
            with urllib.request.urlopen(where, timeout=30) as response:
                text = response.read().decode("utf-8")
        else:
            text = Path(where).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        raise EditorialError(f"{where}: the previously published {SNAPSHOT} could not be read ({exc}).") from None
    if not isinstance(data, dict) or data.get("format") != "igm-reviews-v1":
        raise EditorialError(f"{where}: not a {SNAPSHOT} written by editorial build.")
    return data


def _key(item: dict[str, Any]) -> tuple[str, str]:
    return json.dumps(item.get("statement"), sort_keys=True), str(item.get("signature"))


def dropped(previous: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """What `current` lost of `previous`: approvals and withdrawals, and reviewer-set versions."""
    now = {_key(item) for item in current["statements"]}
    problems = []
    for item in previous.get("statements") or []:
        statement = item.get("statement") or {}
        if statement.get("act") in ("approve", "withdraw") and _key(item) not in now:
            problems.append(
                f"rollback refused: the published record had a valid {statement.get('act')} by "
                f"{statement.get('reviewer')} of {statement.get('subject')} ({item.get('file')}, "
                f"{statement.get('date')}); this record has no such valid statement."
            )
    before = (previous.get("reviewer_set") or {}).get("version") or 0
    if current["reviewer_set"]["version"] < before:
        problems.append(
            f"rollback refused: the published reviewer set was version {before}; this record's chain verifies only "
            f"to version {current['reviewer_set']['version']}."
        )
    return problems
