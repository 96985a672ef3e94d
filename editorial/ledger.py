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
import functools
import hashlib
import json
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import EditorialError

__all__ = [
    "EVENTS",
    "LEDGER_DIR",
    "Entry",
    "append_entry",
    "ledger_path",
    "line_hash",
    "parse_ledger",
    "read_ledger",
    "read_text",
]

LEDGER_DIR = "ledger"
EVENTS = (
    "created",
    "submitted",
    "review_started",
    "changes_requested",
    "approved",
    "approval_withdrawn",  # a reviewer takes back an approval (an error found on an approved page)
    "renamed",  # `editorial mv`: the page moved from `from`; earlier lines keep the old path in `page`
    "repaired",  # `editorial repair`: a signed commit re-chains a broken ledger; `note` says why
)
REQUIRED = ("seq", "page", "event", "at", "by", "content_hash", "prev")
# `name`, `credentials`: the reviewer as displayed when they approved (a later rename relabels nothing);
# `from`, `from_hash`: a renamed page's previous path and content hash.
OPTIONAL = ("reviewer", "role", "name", "credentials", "from", "from_hash", "note")
APPROVAL_ONLY = ("reviewer", "role", "name", "credentials")


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
    name: str | None = None
    credentials: str | None = None
    from_page: str | None = None
    from_hash: str | None = None

    @property
    def when(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.at.replace("Z", "+00:00"))

    @property
    def email(self) -> str:
        return self.by.rpartition("<")[2].rstrip(">").strip().lower() if "<" in self.by else ""

    def to_json(self) -> str:
        data: dict[str, Any] = {k: getattr(self, k) for k in REQUIRED[:-1]}
        for key in OPTIONAL:
            value = getattr(self, _ATTRIBUTE.get(key, key))
            if value:
                data[key] = value
        data["prev"] = self.prev
        return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


_ATTRIBUTE = {"from": "from_page"}


@functools.lru_cache(maxsize=16384)  # asked for every page by every check; a pure function of two strings
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
    except (RecursionError, ValueError) as exc:  # absurd nesting or a 5000-digit number: say where, no traceback
        raise EditorialError(f"{where} not a usable JSON line ({type(exc).__name__}).") from None
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
    elif any(data.get(key) is not None for key in APPROVAL_ONLY):
        raise EditorialError(f"{where} fields {', '.join(map(repr, APPROVAL_ONLY))} belong only to an approved event.")
    for key in ("note", "name", "credentials", "from", "from_hash"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise EditorialError(f"{where} field '{key}' must be a string.")
    if event == "renamed" and not data.get("from"):
        raise EditorialError(f"{where} field 'from' must name the page's previous path on a renamed event.")
    return Entry(
        seq,
        page,
        event,
        at,
        _field(data, "by", str, where),
        content_hash,
        prev,
        reviewer,
        role,
        data.get("note", "") or "",
        number,
        data.get("name"),
        data.get("credentials"),
        data.get("from"),
        data.get("from_hash"),
    )


def read_ledger(root: Path, page: str, docs_dir: str = "docs") -> list[Entry] | None:
    """The entries of `page`'s ledger, or None when it has none. Raises EditorialError naming file:line and field."""
    rel = ledger_path(page, docs_dir)
    path = root / rel
    if not path.is_file():
        return None
    return parse_ledger(read_text(path, rel), rel, page)


def read_text(path: Path, rel: str) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise EditorialError(f"{rel}:{line}: not valid UTF-8 (byte {exc.start}); the ledger is UTF-8 text.") from None


def _names(lines: list[str], page: str) -> list[str]:
    """The page each line belongs to: `page`, or an earlier path for lines before a `renamed` event."""
    names, name = [page] * len(lines), page
    for index in range(len(lines) - 1, -1, -1):
        names[index] = name
        try:
            data = json.loads(lines[index])
        except (ValueError, RecursionError):
            continue
        if isinstance(data, dict) and data.get("event") == "renamed" and isinstance(data.get("from"), str):
            name = data["from"]
    return names


def parse_ledger(text: str, rel: str, page: str) -> list[Entry]:
    """The entries of one ledger's text; raises EditorialError naming file:line and field."""
    entries: list[Entry] = []
    previous: str | None = None
    lines = text.splitlines()
    for number, (line, name) in enumerate(zip(lines, _names(lines, page), strict=True), start=1):
        if not line.strip():
            raise EditorialError(f"{rel}:{number}: blank line; the ledger has one JSON object per line.")
        entries.append(_parse(line, number, rel, name, previous))
        previous = line_hash(line)
    if not entries:
        raise EditorialError(f"{rel}: empty ledger; delete it or record an event.")
    return entries


def append_entry(root: Path, page: str, docs_dir: str = "docs", **fields: Any) -> Entry:
    """Append one event to `page`'s ledger, numbering and chaining it."""
    rel = ledger_path(page, docs_dir)
    path = root / rel
    text = read_text(path, rel) if path.is_file() else ""
    lines = text.splitlines()
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
        # A file whose last newline was stripped would glue two JSON objects on one line.
        out.write(("\n" if text and not text.endswith("\n") else "") + entry.to_json() + "\n")
    return entry
