"""The editorial declarations: who may review, and how often pages are reviewed.

They live in `editorial.yml` next to `mkdocs.yml`, so a change to the list of reviewers is a commit like any other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from .errors import EditorialError

__all__ = ["DECLARATIONS_FILE", "ROLES", "Declarations", "Reviewer", "load_declarations"]

DECLARATIONS_FILE = "editorial.yml"
ROLES = ("clinical", "technical")
# The defaults: three years for an article, shorter for a page that computes.
DEFAULT_INTERVALS = {"article": 36, "calculator": 12}


@dataclasses.dataclass(frozen=True)
class Reviewer:
    id: str
    name: str
    credentials: str
    role: str
    email: str
    affiliation: str = ""
    retired: str = ""  # YYYY-MM-DD: approves no more; past approvals stay valid until due

    def to_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class Declarations:
    reviewers: dict[str, Reviewer]
    review_interval_months: dict[str, int]
    allowed_signers: Path | None
    source: str = DECLARATIONS_FILE
    allowed_signers_name: str = "allowed_signers"  # as named in editorial.yml, whether or not the file exists
    exempt: tuple[str, ...] = ()  # pages (relative to docs/) deliberately outside review, e.g. the home page
    trust_root: str = ""  # SHA256 fingerprint of the first signer's key: where the chain of trust starts

    @property
    def signatures_required(self) -> bool:
        """Once any reviewer is declared, approvals and declarations count only in signed commits."""
        return bool(self.reviewers)

    def reviewer_by_email(self, email: str) -> Reviewer | None:
        email = email.strip().lower()
        return next((r for r in self.reviewers.values() if r.email.lower() == email), None)


def _text(entry: dict[str, Any], key: str, where: str, required: bool = True) -> str:
    value = entry.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise EditorialError(f"{where} field '{key}' must be a non-empty string, not {value!r}.")
    return value.strip()


def _reviewer(entry: Any, index: int, source: str) -> Reviewer:
    where = f"{source}: reviewers[{index}]"
    if not isinstance(entry, dict):
        raise EditorialError(f"{where} must be a mapping with id, name, credentials, role and email.")
    unknown = sorted(set(entry) - {f.name for f in dataclasses.fields(Reviewer)})
    if unknown:
        raise EditorialError(f"{where} has unknown field(s) {', '.join(map(repr, unknown))}.")
    role = _text(entry, "role", where)
    if role not in ROLES:
        raise EditorialError(f"{where} field 'role' must be one of {', '.join(ROLES)}, not {role!r}.")
    email = _text(entry, "email", where)
    if "@" not in email:
        raise EditorialError(f"{where} field 'email' must be the e-mail address of the reviewer's git commits.")
    return Reviewer(
        id=_text(entry, "id", where),
        name=_text(entry, "name", where),
        credentials=_text(entry, "credentials", where),
        role=role,
        email=email,
        affiliation=_text(entry, "affiliation", where, required=False),
        retired=_retired(entry, where),
    )


def _retired(entry: dict[str, Any], where: str) -> str:
    value = entry.get("retired")
    if value is None:
        return ""
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise EditorialError(f"{where} field 'retired' must be a date (YYYY-MM-DD), not {value!r}.") from None


def load_declarations(root: Path) -> Declarations:
    """Read `editorial.yml` under `root`; every error names the file and the field."""
    path = root / DECLARATIONS_FILE
    if not path.is_file():
        raise EditorialError(f"{DECLARATIONS_FILE}: not found in {root}; it declares the reviewers (may be empty).")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise EditorialError(f"{DECLARATIONS_FILE}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise EditorialError(f"{DECLARATIONS_FILE}: must be a mapping.")
    raw = data.get("reviewers")
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise EditorialError(f"{DECLARATIONS_FILE}: field 'reviewers' must be a list (it may be empty).")
    reviewers: dict[str, Reviewer] = {}
    for index, entry in enumerate(raw):
        reviewer = _reviewer(entry, index, DECLARATIONS_FILE)
        if reviewer.id in reviewers:
            raise EditorialError(f"{DECLARATIONS_FILE}: reviewers[{index}] field 'id' repeats {reviewer.id!r}.")
        reviewers[reviewer.id] = reviewer
    intervals = dict(DEFAULT_INTERVALS)
    given = data.get("review_interval_months") or {}
    if not isinstance(given, dict):
        raise EditorialError(
            f"{DECLARATIONS_FILE}: field 'review_interval_months' must map article/calculator to months."
        )
    for kind, months in given.items():
        if kind not in DEFAULT_INTERVALS or not isinstance(months, int) or isinstance(months, bool) or months < 1:
            raise EditorialError(
                f"{DECLARATIONS_FILE}: field 'review_interval_months.{kind}' must be a whole number of months "
                f"for one of {', '.join(DEFAULT_INTERVALS)}."
            )
        intervals[kind] = months
    signers = data.get("allowed_signers", "allowed_signers")
    if not isinstance(signers, str):
        raise EditorialError(f"{DECLARATIONS_FILE}: field 'allowed_signers' must be a path relative to the repository.")
    signers_path = root / signers
    exempt = data.get("exempt") or []
    if not isinstance(exempt, list) or not all(isinstance(p, str) for p in exempt):
        raise EditorialError(f"{DECLARATIONS_FILE}: field 'exempt' must be a list of pages relative to docs/.")
    trust_root = data.get("trust_root") or ""
    if not isinstance(trust_root, str):
        raise EditorialError(f"{DECLARATIONS_FILE}: field 'trust_root' must be a key fingerprint (SHA256:...).")
    return Declarations(
        reviewers,
        intervals,
        signers_path if signers_path.is_file() else None,
        allowed_signers_name=signers,
        exempt=tuple(p.strip("/") for p in exempt),
        trust_root=trust_root.strip(),
    )
