"""The ledger: one JSON-lines file per page under `ledger/`, append-only, each line chained to the one before.

`docs/articles/x.md` is recorded in `ledger/articles/x.jsonl`. A line is one event::

    {"seq": 3, "page": "docs/articles/x.md", "event": "approved", "at": "2026-11-25T12:00:00Z",
     "by": "A. Reviewer <a@example.org>", "content_hash": "sha256:...", "reviewer": "areviewer",
     "role": "clinical", "note": "", "prev": "sha256:<hash of line 2>"}

`prev` makes a hand edit of an earlier line visible without git; `git log` of the file is the audit trail, and the
check compares every committed version with the next so that history cannot be rewritten quietly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import EditorialError

__all__ = ["EVENTS", "LEDGER_DIR", "Entry", "append_entry", "ledger_path", "line_hash", "read_ledger"]

LEDGER_DIR = "ledger"
EVENTS = ("created", "submitted", "review_started", "changes_requested", "approved")
REQUIRED = ("seq", "page", "event", "at", "by", "content_hash", "prev")
OPTIONAL = ("reviewer", "role", "note")


@dataclasses.dataclass(frozen=True)
class Entry:
    seq: int
    page: str
    event: str
    at: str
    by: str
    content_hash: str
    prev: str | None
    reviewer: str | None = None
    role: str | None = None
    note: str = ""
    line: int = 0  # 1-based line number in the ledger file; not stored

    @property
    def when(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.at.replace("Z", "+00:00"))

    @property
    def email(self) -> str:
        return self.by.rpartition("<")[2].rstrip(">").strip().lower() if "<" in self.by else ""

    def to_json(self) -> str:
        data: dict[str, Any] = {k: getattr(self, k) for k in REQUIRED[:-1]}
        for key in OPTIONAL:
            value = getattr(self, key)
            if value:
                data[key] = value
        data["prev"] = self.prev
        return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def ledger_path(page: str, docs_dir: str = "docs") -> str:
    """The ledger file of `page` (relative to the repository), e.g. ledger/articles/x.jsonl."""
    rel = PurePosixPath(page).relative_to(docs_dir)
    return (PurePosixPath(LEDGER_DIR) / rel).with_suffix(".jsonl").as_posix()


def line_hash(line: str) -> str:
    return "sha256:" + hashlib.sha256(line.encode("utf-8")).hexdigest()


def _field(data: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise EditorialError(f"{where} field '{key}' must be a {kind.__name__}, not {value!r}.")
    return value


def _parse(line: str, number: int, path: str, page: str, previous: str | None) -> Entry:
    where = f"{path}:{number}:"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise EditorialError(f"{where} not valid JSON ({exc.msg}).") from None
    if not isinstance(data, dict):
        raise EditorialError(f"{where} a ledger line must be a JSON object.")
    unknown = sorted(set(data) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise EditorialError(f"{where} unknown field(s) {', '.join(map(repr, unknown))}.")
    seq = _field(data, "seq", int, where)
    if seq != number:
        raise EditorialError(f"{where} field 'seq' is {seq}, expected {number}: lines were removed or reordered.")
    if _field(data, "page", str, where) != page:
        raise EditorialError(f"{where} field 'page' is {data['page']!r}, but this ledger belongs to {page}.")
    event = _field(data, "event", str, where)
    if event not in EVENTS:
        raise EditorialError(f"{where} field 'event' must be one of {', '.join(EVENTS)}, not {event!r}.")
    at = _field(data, "at", str, where)
    try:
        when = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        raise EditorialError(f"{where} field 'at' must be an ISO 8601 UTC time, not {at!r}.") from None
    if when.tzinfo is None:
        raise EditorialError(f"{where} field 'at' must carry a time zone (…Z), not {at!r}.")
    content_hash = _field(data, "content_hash", str, where)
    if not content_hash.startswith("sha256:") or len(content_hash) != 71:
        raise EditorialError(f"{where} field 'content_hash' must be sha256:<64 hex digits>, not {content_hash!r}.")
    prev = data.get("prev")
    if prev != previous:
        raise EditorialError(
            f"{where} field 'prev' does not match line {number - 1}: an earlier line was edited after it was recorded."
            if number > 1
            else f"{where} field 'prev' must be null on the first line."
        )
    reviewer, role = data.get("reviewer"), data.get("role")
    if event == "approved":
        reviewer = _field(data, "reviewer", str, where)
        role = _field(data, "role", str, where)
    elif reviewer is not None or role is not None:
        raise EditorialError(f"{where} fields 'reviewer' and 'role' belong only to an approved event.")
    note = data.get("note", "")
    if not isinstance(note, str):
        raise EditorialError(f"{where} field 'note' must be a string.")
    return Entry(seq, page, event, at, _field(data, "by", str, where), content_hash, prev, reviewer, role, note, number)


def read_ledger(root: Path, page: str, docs_dir: str = "docs") -> list[Entry] | None:
    """The entries of `page`'s ledger, or None when it has none. Raises EditorialError naming file:line and field."""
    rel = ledger_path(page, docs_dir)
    path = root / rel
    if not path.is_file():
        return None
    entries: list[Entry] = []
    previous: str | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            raise EditorialError(f"{rel}:{number}: blank line; the ledger has one JSON object per line.")
        entries.append(_parse(line, number, rel, page, previous))
        previous = line_hash(line)
    if not entries:
        raise EditorialError(f"{rel}: empty ledger; delete it or record an event.")
    return entries


def append_entry(root: Path, page: str, docs_dir: str = "docs", **fields: Any) -> Entry:
    """Append one event to `page`'s ledger, numbering and chaining it."""
    rel = ledger_path(page, docs_dir)
    path = root / rel
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    entry = Entry(
        seq=len(lines) + 1,
        page=page,
        at=fields.pop("at", at),
        prev=line_hash(lines[-1]) if lines else None,
        line=len(lines) + 1,
        **fields,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(entry.to_json() + "\n")
    return entry
