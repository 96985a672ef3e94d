"""Who may review: the reviewer set as a signed chain of versions, after TUF's root role.

`reviewers/1.json`, `reviewers/2.json`, … each hold one version of the set: its members (id, name, credentials, role,
e-mail, affiliation, SSH public keys, in force `from` and `until`), a `threshold`, the digest of the version before
(`previous`) and `signatures`: SSHSIG signatures (namespace `igm-reviewers`) over the version's body, the canonical
JSON of everything but the signatures. Version 1 is the trust root: its digest is pinned in editorial.yml
(`trust_root`), and it is signed by a threshold of its own keys. Every later version counts only when signed by at least
the previous version's `threshold` of its members (distinct people), and a set of two or more people must have a
threshold of at least two: once there are two, no single key adds or removes anyone. The chain stops at the first
version that does not verify; what follows is reported and not in force. Nothing here reads git history.

Roles: `clinical` and `technical` reviewers approve; a `maintainer` only signs versions of the set. A reviewer who
leaves gets `until`: statements they made while in force stay valid (their approvals until due).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from .errors import EditorialError
from .signatures import SET_NAMESPACE, parse_key, verify

__all__ = ["SET_DIR", "Member", "ReviewerSet", "VersionFile", "body_digest", "load_reviewer_set"]

SET_DIR = "reviewers"
ROLES = ("clinical", "technical", "maintainer")
MEMBER_FIELDS = ("id", "name", "credentials", "role", "email", "affiliation", "keys", "from", "until")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")


@dataclasses.dataclass(frozen=True)
class Member:
    id: str
    name: str
    credentials: str
    role: str
    email: str
    affiliation: str
    keys: tuple[str, ...]
    since: str  # YYYY-MM-DD
    until: str = ""  # YYYY-MM-DD, or "" while in force

    @property
    def retired(self) -> str:  # YYYY-MM-DD: approves no more; past approvals stay valid until due
        return self.until

    def in_force(self, day: str) -> bool:
        return self.since <= day and (not self.until or day <= self.until)

    def to_dict(self) -> dict[str, str]:  # what the site and the desk show
        return {k: getattr(self, k) for k in ("id", "name", "credentials", "role", "email", "affiliation", "retired")}

    def to_json(self) -> dict[str, Any]:
        data = {k: getattr(self, k) for k in ("id", "name", "credentials", "role", "email", "affiliation")}
        return {**data, "keys": list(self.keys), "from": self.since, "until": self.until or None}


@dataclasses.dataclass(frozen=True)
class VersionFile:
    number: int
    path: str
    body: dict[str, Any]
    signatures: tuple[str, ...]

    @property
    def digest(self) -> str:
        return body_digest(self.body)

    def message(self) -> bytes:
        return canonical(self.body)


def canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def body_digest(body: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(canonical(body)).hexdigest()


def _day(value: Any, where: str, required: bool) -> str:
    if value is None and not required:
        return ""
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise EditorialError(f"{where} must be a date (YYYY-MM-DD), not {value!r}.") from None


def _member(raw: Any, where: str) -> Member:
    if not isinstance(raw, dict) or set(raw) - set(MEMBER_FIELDS):
        raise EditorialError(f"{where}: a member has exactly the fields {', '.join(MEMBER_FIELDS)}.")
    text = {k: raw.get(k) or "" for k in ("id", "name", "credentials", "role", "email", "affiliation")}
    if not all(isinstance(v, str) for v in text.values()):
        raise EditorialError(f"{where}: id, name, credentials, role, email and affiliation are strings.")
    if not _ID.match(text["id"]):
        raise EditorialError(f"{where}: field 'id' must be a short lower-case id, not {text['id']!r}.")
    if text["role"] not in ROLES:
        raise EditorialError(f"{where}: field 'role' must be one of {', '.join(ROLES)}, not {text['role']!r}.")
    if not text["name"].strip() or "@" not in text["email"]:
        raise EditorialError(f"{where}: a member needs a name and an e-mail address.")
    keys = raw.get("keys")
    if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
        raise EditorialError(f"{where}: field 'keys' must list the member's SSH public keys.")
    for key in keys:
        parse_key(key)
    return Member(
        **text,
        keys=tuple(" ".join(k.split()[:2]) for k in keys),
        since=_day(raw.get("from"), f"{where} field 'from'", True),
        until=_day(raw.get("until"), f"{where} field 'until'", False),
    )


def read_version(path: Path, root: Path) -> VersionFile:
    rel = path.relative_to(root).as_posix()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise EditorialError(f"{rel}: not valid JSON ({exc}).") from None
    if not isinstance(data, dict) or not isinstance(data.get("signatures", []), list):
        raise EditorialError(f"{rel}: a version of the reviewer set is a JSON object with 'signatures'.")
    signatures = tuple(s for s in data.pop("signatures", []) if isinstance(s, str))
    return VersionFile(int(path.stem), rel, data, signatures)


def members_of(version: VersionFile) -> tuple[dict[str, Member], int]:
    body, where = version.body, version.path
    if set(body) != {"version", "date", "previous", "threshold", "members"}:
        raise EditorialError(f"{where}: fields are version, date, previous, threshold, members and signatures.")
    if body["version"] != version.number:
        raise EditorialError(
            f"{where}: field 'version' is {body['version']!r}, but the file is version {version.number}."
        )
    _day(body["date"], f"{where} field 'date'", True)
    members: dict[str, Member] = {}
    for index, raw in enumerate(body["members"] if isinstance(body["members"], list) else [None]):
        member = _member(raw, f"{where}: members[{index}]")
        if member.id in members:
            raise EditorialError(f"{where}: members[{index}] repeats id {member.id!r}.")
        members[member.id] = member
    threshold = body["threshold"]
    people = len(members)
    if not isinstance(threshold, int) or isinstance(threshold, bool) or not 1 <= threshold <= max(people, 1):
        raise EditorialError(f"{where}: field 'threshold' must be a whole number from 1 to {people}.")
    if people >= 2 and threshold < 2:
        raise EditorialError(
            f"{where}: a set of {people} people needs a threshold of at least 2 (no single key decides)."
        )
    return members, threshold


def signers(version: VersionFile, members: dict[str, Member]) -> set[str]:
    """The members of `members` who signed `version` (distinct people, each counted once)."""
    message = version.message()
    found: set[str] = set()
    for signature in version.signatures:
        for member in members.values():
            if verify(message, signature, member.keys, SET_NAMESPACE):
                found.add(member.id)
    return found


@dataclasses.dataclass(frozen=True)
class ReviewerSet:
    """The verified chain: the members of its last valid version, and what did not verify."""

    version: int  # 0: no set yet
    digest: str  # of the last valid version's body
    members: dict[str, Member]
    problems: tuple[str, ...]  # versions refused (the chain stops at the first)
    pending: tuple[str, ...] = ()  # a next version awaiting signatures
    threshold: int = 1

    def reviewer(self, member_id: str) -> Member | None:
        member = self.members.get(member_id)
        return member if member and member.role != "maintainer" else None


def _paths(root: Path) -> list[Path]:
    base = root / SET_DIR
    found = [p for p in base.glob("*.json") if p.stem.isdigit()] if base.is_dir() else []
    return sorted(found, key=lambda p: int(p.stem))


def load_reviewer_set(root: Path, trust_root: str) -> ReviewerSet:
    """Verify the chain under `root`/reviewers from the version whose digest is `trust_root` (editorial.yml)."""
    paths = _paths(root)
    if not paths:
        return ReviewerSet(0, "", {}, ())
    members: dict[str, Member] = {}
    threshold, digest, number = 1, "", 0
    for index, path in enumerate(paths, start=1):
        try:
            version = read_version(path, root)
            if version.number != index:
                raise EditorialError(f"{version.path}: expected version {index} here; versions are numbered 1, 2, …")
            new_members, new_threshold = members_of(version)
            if index == 1:
                if not trust_root:
                    raise EditorialError(f"{version.path}: not pinned: editorial.yml has no 'trust_root'.")
                if version.digest != trust_root:
                    raise EditorialError(
                        f"{version.path}: its digest {version.digest} is not the trust root pinned in editorial.yml "
                        f"({trust_root})."
                    )
                voters, needed = new_members, new_threshold
            else:
                if version.body["previous"] != digest:
                    raise EditorialError(f"{version.path}: field 'previous' is not the digest of version {index - 1}.")
                voters, needed = members, threshold
            signed = signers(version, voters)
            if len(signed) < needed:
                missing = sorted(set(voters) - signed)
                who = ", ".join(sorted(signed)) or "nobody"
                why = f"{version.path}: signed by {len(signed)} of the {needed} needed ({who}); not in force until "
                why += f"{', '.join(missing)} sign (`editorial reviewer sign`)."
                return ReviewerSet(number, digest, members, (), (why,), threshold)
        except EditorialError as exc:
            return ReviewerSet(number, digest, members, (f"reviewer set: {exc}",), (), threshold)
        members, threshold, digest, number = new_members, new_threshold, version.digest, index
    return ReviewerSet(number, digest, members, (), (), threshold)
