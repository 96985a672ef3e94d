"""The editorial declarations: how often pages are reviewed, which pages are exempt, and where the reviewer set's
chain of trust starts (`editorial.yml`); who may review comes from that signed chain (`reviewer_set`).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from .errors import EditorialError
from .reviewer_set import Member, ReviewerSet, load_reviewer_set

__all__ = ["DECLARATIONS_FILE", "Declarations", "Reviewer", "load_declarations"]

Reviewer = Member  # a member of the reviewer set who reviews (clinical, technical)

DECLARATIONS_FILE = "editorial.yml"
# The defaults: three years for an article, shorter for a page that computes.
DEFAULT_INTERVALS = {"article": 36, "calculator": 12}


@dataclasses.dataclass(frozen=True)
class Declarations:
    reviewers: dict[str, Member]  # reviewers (clinical, technical) of the reviewer set in force, retired included
    review_interval_months: dict[str, int]
    exempt: tuple[str, ...] = ()  # pages (relative to docs/) deliberately outside review, e.g. the home page
    trust_root: str = ""  # digest of version 1 of the reviewer set (reviewers/1.json): where the chain starts
    reviewer_set: ReviewerSet = dataclasses.field(default_factory=lambda: ReviewerSet(0, "", {}, ()))

    def reviewer_by_email(self, email: str) -> Member | None:
        email = email.strip().lower()
        return next((r for r in self.reviewers.values() if r.email.lower() == email), None)

    def member_by_email(self, email: str) -> Member | None:
        email = email.strip().lower()
        return next((m for m in self.reviewer_set.members.values() if m.email.lower() == email), None)


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
    if data.get("reviewers"):
        raise EditorialError(
            f"{DECLARATIONS_FILE}: field 'reviewers' is no longer read: reviewers are declared in the signed reviewer "
            "set (reviewers/N.json): declare each again with `editorial reviewer add`, then delete the field."
        )
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
    exempt = data.get("exempt") or []
    if not isinstance(exempt, list) or not all(isinstance(p, str) for p in exempt):
        raise EditorialError(f"{DECLARATIONS_FILE}: field 'exempt' must be a list of pages relative to docs/.")
    trust_root = data.get("trust_root") or ""
    if not isinstance(trust_root, str):
        raise EditorialError(
            f"{DECLARATIONS_FILE}: field 'trust_root' must be the digest (sha256:…) of reviewers/1.json."
        )
    chain = load_reviewer_set(root, trust_root.strip())
    reviewers = {m.id: m for m in chain.members.values() if m.role != "maintainer"}
    return Declarations(reviewers, intervals, tuple(p.strip("/") for p in exempt), trust_root.strip(), chain)
