"""The review record: one JSON-lines file per page under `ledger/`, each line a workflow step or a signed statement.

`docs/articles/x.md` keeps its lines in `ledger/articles/x.jsonl`. Lines are independent of each other (no sequence
numbers, no chain): two people acting at once add two lines, and a merge keeps both (`.gitattributes` sets git's
`union` merge for ledgers). Nothing here depends on which commit added a line.

A **statement** is a review act signed by the reviewer's own SSH key (`ssh-keygen -Y sign -n igm-review`)::

    {"statement": {"act": "approve", "subject": "sha256:…", "reviewer": "rrao", "role": "clinical",
                   "date": "2026-12-06T11:00:00Z", "note": "sha256:<digest of the note>"},
     "note": "Checked every dose against the sources.", "blob": "<git blob id of the page>",
     "signature": "-----BEGIN SSH SIGNATURE-----…"}

The signature covers the canonical text of `statement` (`Statement.canonical`); `note` must hash to the statement's
note digest; `blob` is only a hint (the page's bytes in git's object store, for the reviewer's diff and for showing
the approved version), checked against the subject before use. Acts: approve, withdraw, request-changes.

A **step** records where the work is (created, submitted, review_started); it is not signed and never approves::

    {"step": "submitted", "subject": "sha256:…", "by": "Alice Author <alice@example.org>",
     "date": "2026-12-06T10:00:00Z", "note": "…", "blob": "…"}
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

__all__ = ["ACTS", "LEDGER_DIR", "STEPS", "Line", "Statement", "append_line", "ledger_path", "note_digest"]
__all__ += ["CHROME", "CHROME_LEDGER", "page_of_ledger", "read_lines"]

LEDGER_DIR = "ledger"
CHROME = "site-chrome"  # the site chrome's subject name (`editorial.chrome`); a dot-file ledger no page can own
CHROME_LEDGER = f"{LEDGER_DIR}/.{CHROME}.jsonl"
ACTS = ("approve", "withdraw", "request-changes")
STEPS = ("created", "submitted", "review_started")
HEADER = "igm-review-statement-v1"
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
_DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
STATEMENT_FIELDS = ("act", "subject", "reviewer", "role", "date", "note")


def note_digest(note: str) -> str:
    return "sha256:" + hashlib.sha256(note.encode("utf-8")).hexdigest()


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def when(date: str) -> dt.datetime:
    return dt.datetime.fromisoformat(date.replace("Z", "+00:00"))


@dataclasses.dataclass(frozen=True)
class Statement:
    act: str
    subject: str
    reviewer: str
    role: str
    date: str
    note: str  # the note's digest

    @property
    def canonical(self) -> bytes:
        """What the reviewer signs: one field a line, in a fixed order, every value checked to hold no newline."""
        lines = [HEADER, *(f"{name} {getattr(self, name)}" for name in STATEMENT_FIELDS)]
        return ("\n".join(lines) + "\n").encode("ascii")

    def to_json(self) -> dict[str, str]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Line:
    """One ledger line as read: a statement or a step, or why it is unusable (`problem`)."""

    file: str  # ledger file, relative to the repository
    number: int  # 1-based
    statement: Statement | None = None
    signature: str = ""
    step: str = ""
    subject: str = ""
    by: str = ""
    date: str = ""
    note: str = ""
    blob: str = ""
    manifest: str = ""  # the subject's manifest when recorded (a hint: used only if it hashes to the subject)
    problem: str = ""

    @property
    def where(self) -> str:
        return f"{self.file}:{self.number}"

    @property
    def kind(self) -> str:
        return self.statement.act if self.statement else self.step

    @property
    def email(self) -> str:
        return self.by.rpartition("<")[2].rstrip(">").strip().lower() if "<" in self.by else ""


def _statement(data: Any) -> Statement:
    if not isinstance(data, dict) or set(data) != set(STATEMENT_FIELDS):
        raise ValueError(f"field 'statement' must have exactly {', '.join(STATEMENT_FIELDS)}")
    if not all(isinstance(data[k], str) for k in STATEMENT_FIELDS):
        raise ValueError("every statement field is a string")
    if data["act"] not in ACTS:
        raise ValueError(f"statement field 'act' must be one of {', '.join(ACTS)}, not {data['act']!r}")
    for name in ("subject", "note"):
        if not _DIGEST.match(data[name]):
            raise ValueError(f"statement field {name!r} must be sha256:<64 hex digits>")
    if not _ID.match(data["reviewer"]) or data["role"] not in ("clinical", "technical"):
        raise ValueError("statement fields 'reviewer' (a reviewer id) and 'role' (clinical or technical) are required")
    if not _DATE.match(data["date"]):
        raise ValueError("statement field 'date' must be a UTC time YYYY-MM-DDTHH:MM:SSZ")
    when(data["date"])
    return Statement(**{k: data[k] for k in STATEMENT_FIELDS})


def parse_line(text: str, file: str, number: int) -> Line:
    """One ledger line; a line that cannot be used comes back with `problem` set, never as an exception."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a ledger line is a JSON object")
        hints = {k: data.get(k, "") for k in ("note", "blob", "manifest")}
        if not all(isinstance(v, str) for v in hints.values()):
            raise ValueError("fields 'note', 'blob' and 'manifest' are strings")
        if "statement" in data:
            if set(data) - {"statement", "signature", "note", "blob", "manifest"}:
                raise ValueError("a statement line has only statement, signature, note, blob and manifest")
            statement = _statement(data["statement"])
            signature = data.get("signature")
            if not isinstance(signature, str) or "BEGIN SSH SIGNATURE" not in signature:
                raise ValueError("unsigned: field 'signature' must hold an SSH signature (ssh-keygen -Y sign)")
            if note_digest(hints["note"]) != statement.note:
                raise ValueError("field 'note' is not the note the reviewer signed (its digest differs)")
            return Line(file, number, statement, signature, date=statement.date, subject=statement.subject, **hints)
        if "step" in data:
            if set(data) - {"step", "subject", "by", "date", "note", "blob", "manifest"}:
                raise ValueError("a step line has only step, subject, by, date, note, blob and manifest")
            step, subject, by, date = (data.get(k) for k in ("step", "subject", "by", "date"))
            if step not in STEPS:
                raise ValueError(f"field 'step' must be one of {', '.join(STEPS)}, not {step!r}")
            if not isinstance(subject, str) or not _DIGEST.match(subject):
                raise ValueError("field 'subject' must be sha256:<64 hex digits>")
            if not isinstance(by, str) or not isinstance(date, str) or not _DATE.match(date):
                raise ValueError("fields 'by' (Name <email>) and 'date' (YYYY-MM-DDTHH:MM:SSZ) are required")
            when(date)
            return Line(file, number, step=step, subject=subject, by=by, date=date, **hints)
        if "event" in data and "seq" in data:
            raise ValueError("a line of the old ledger format (before signed statements): run `editorial migrate`")
        raise ValueError("neither a statement nor a step")
    except (ValueError, RecursionError) as exc:
        return Line(file, number, problem=f"malformed line: {exc}")


def read_lines(root: Path, rel: str) -> list[Line]:
    """Every line of one ledger file (missing file: none)."""
    path = root / rel
    if not path.is_file():
        return []
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return [Line(rel, 1, problem="malformed: the ledger is not UTF-8 text")]
    return [parse_line(t, rel, n) for n, t in enumerate(text.splitlines(), start=1) if t.strip()]


def ledger_path(page: str, docs_dir: str = "docs") -> str:
    """The ledger file of `page` (relative to the repository), e.g. ledger/articles/x.jsonl."""
    if page == CHROME:
        return CHROME_LEDGER
    rel = PurePosixPath(page).relative_to(docs_dir)
    return (PurePosixPath(LEDGER_DIR) / rel).with_suffix(".jsonl").as_posix()


def page_of_ledger(rel: str, docs_dir: str = "docs") -> str:
    if rel == CHROME_LEDGER:
        return CHROME
    return f"{docs_dir}/{PurePosixPath(rel).relative_to(LEDGER_DIR).with_suffix('.md').as_posix()}"


def append_line(root: Path, rel: str, data: dict[str, Any]) -> int:
    """Append one line to the ledger file `rel`; its line number."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    with path.open("a", encoding="utf-8") as out:
        out.write(("\n" if text and not text.endswith("\n") else "") + json.dumps(data, ensure_ascii=False) + "\n")
    return len(text.splitlines()) + 1
