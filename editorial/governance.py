"""Changing the reviewer set: each change is a new version file, signed by enough members of the version in force.

`editorial reviewer add` on a repository with no set writes version 1 (you, as maintainer, pinned as the trust root
in editorial.yml) and version 2 (you and the new reviewer), both signed by you: a one-person set needs one signature.
Every later change (add, retire) writes the next version signed by you; it is in force once a threshold of the
previous version's members have signed it (`editorial reviewer sign`). With two or more people that is at least two.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from .declarations import load_declarations
from .errors import EditorialError
from .gitrepo import git_identity
from .reviewer_set import SET_DIR, Member, ReviewerSet, body_digest, canonical, read_version, signers
from .signatures import SET_NAMESPACE, parse_key, public_key, sign, signer_key

__all__ = ["Declared", "add_reviewer", "list_reviewers", "retire_reviewer", "sign_version"]


@dataclasses.dataclass(frozen=True)
class Declared:
    """A change to the reviewer set, to be committed."""

    recorded_as: str
    paths: tuple[str, ...]
    commit_command: str
    messages: tuple[str, ...]

    def text(self) -> str:
        return "\n".join([*self.messages, f"Recorded as {self.recorded_as}.", self.commit_command])


def _write(root: Path, number: int, body: dict[str, Any], signatures: list[str]) -> str:
    rel = f"{SET_DIR}/{number}.json"
    (root / SET_DIR).mkdir(exist_ok=True)
    (root / rel).write_text(
        json.dumps({**body, "signatures": signatures}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return rel


def _pin(root: Path, digest: str) -> None:
    path = root / "editorial.yml"
    text = path.read_text(encoding="utf-8")
    line = f"trust_root: {digest}  # digest of reviewers/1.json: where the reviewer set's chain of trust starts\n"
    if re.search(r"^trust_root:.*$", text, re.MULTILINE):
        text = re.sub(r"^trust_root:.*\n?", line, text, flags=re.MULTILINE)
    else:
        text += ("" if text.endswith("\n") else "\n") + line
    path.write_text(text, encoding="utf-8")


def _signing_key(root: Path, chain: ReviewerSet) -> tuple[str, str]:
    """This clone's signing key and its public key, which must be a member's once the set exists."""
    key = signer_key(root)
    mine = public_key(key)
    if chain.version and not any(mine in m.keys for m in chain.members.values()):
        raise EditorialError(
            "your signing key is not a key of any member of the reviewer set in force; a member proposes changes."
        )
    return key, mine


def _next(root: Path, members: list[dict[str, Any]], today: dt.date) -> Declared:
    """Write the next version with `members`, signed by this clone's key."""
    chain = load_declarations(root).reviewer_set
    if chain.pending:
        raise EditorialError(f"a version is awaiting signatures: {chain.pending[0]}")
    name, email = git_identity(root)
    key, mine = _signing_key(root, chain)
    paths: list[str] = []
    messages: list[str] = []
    number, previous = chain.version, chain.digest
    if number == 0:
        handle = re.sub(r"[^a-z0-9._-]", "", email.partition("@")[0].lower())[:40] or "maintainer"
        me = Member(handle, name, "", "maintainer", email, "", (mine,), today.isoformat()).to_json()
        first = {"version": 1, "date": today.isoformat(), "previous": None, "threshold": 1, "members": [me]}
        paths.append(_write(root, 1, first, [sign(canonical(first), key, SET_NAMESPACE)]))
        _pin(root, body_digest(first))
        paths.append("editorial.yml")
        messages.append(
            f"Version 1 of the reviewer set (you, {name}, as maintainer) is the trust root, pinned in "
            f"editorial.yml as {body_digest(first)}."
        )
        number, previous = 1, body_digest(first)
        members = [me, *(m for m in members if m["email"].lower() != email)]
    body = {"version": number + 1, "date": today.isoformat(), "previous": previous, "members": members}
    body["threshold"] = 2 if len(members) >= 2 else 1
    paths.append(_write(root, number + 1, body, [sign(canonical(body), key, SET_NAMESPACE)]))
    if load_declarations(root).reviewer_set.version == number + 1:
        messages.append(f"Version {number + 1} of the reviewer set is in force.")
    else:
        messages.append(
            f"Version {number + 1} is written and signed by you; it needs {min(chain.threshold, len(chain.members))} "
            f"signature(s) of version {number}'s members: each runs `editorial reviewer sign` and commits."
        )
    command = f"Commit it: git add {' '.join(paths)} && git commit -m 'Reviewer set version {number + 1}'"
    return Declared(f"{name} <{email}>", tuple(paths), command, tuple(messages))


def add_reviewer(root: Path, fields: dict[str, str], key: str, today: dt.date) -> Declared:
    chain = load_declarations(root).reviewer_set
    key_text = " ".join((Path(key).read_text(encoding="utf-8") if Path(key).is_file() else key).split()[:2])
    members = [m.to_json() for m in chain.members.values()]
    if any(m["id"] == fields["id"] for m in members):
        raise EditorialError(f"reviewer set: {fields['id']!r} is already a member.")
    if any(m["email"].lower() == fields["email"].lower() and m["role"] != "maintainer" for m in members):
        raise EditorialError(f"reviewer set: {fields['email']} is already a reviewer.")
    members.append(
        {
            **{k: fields.get(k) or "" for k in ("id", "name", "credentials", "role", "email", "affiliation")},
            "keys": [key_text],
            "from": today.isoformat(),
            "until": None,
        }
    )
    parse_key(key_text)
    done = _next(root, members, today)
    return dataclasses.replace(
        done,
        messages=(
            f"Declared {fields['name']}, {fields['credentials']} ({fields['role']} reviewer) <{fields['email']}>.",
            *done.messages,
        ),
    )


def retire_reviewer(root: Path, member_id: str, day: dt.date, today: dt.date) -> Declared:
    chain = load_declarations(root).reviewer_set
    if member_id not in chain.members:
        raise EditorialError(f"reviewer set: no member {member_id!r}.")
    members = [
        {**m.to_json(), **({"until": day.isoformat()} if m.id == member_id else {})} for m in chain.members.values()
    ]
    done = _next(root, members, today)
    return dataclasses.replace(
        done,
        messages=(
            f"{member_id} leaves on {day}: statements made until then stay valid (approvals until due).",
            *done.messages,
        ),
    )


def sign_version(root: Path) -> Declared:
    """Add this clone's signature to the version awaiting signatures (the one after the last in force)."""
    chain = load_declarations(root).reviewer_set
    path = root / SET_DIR / f"{chain.version + 1}.json"
    if not path.is_file():
        raise EditorialError("no version of the reviewer set awaits signatures.")
    version = read_version(path, root)
    key, mine = _signing_key(root, chain)
    signatures = list(version.signatures)
    if not signers(version, {m.id: m for m in chain.members.values() if mine in m.keys}):
        signatures.append(sign(version.message(), key, SET_NAMESPACE))
    rel = _write(root, version.number, version.body, signatures)
    name, email = git_identity(root)
    in_force = load_declarations(root).reviewer_set.version == version.number
    return Declared(
        f"{name} <{email}>",
        (rel,),
        f"Commit it: git add {rel} && git commit -m 'Sign {rel}'",
        (f"{rel}: signed ({'now in force' if in_force else 'still awaiting signatures'}).",),
    )


def list_reviewers(root: Path) -> list[str]:
    chain = load_declarations(root).reviewer_set
    rows = [
        f"{m.id}: {m.name}{', ' + m.credentials if m.credentials else ''} ({m.role}) <{m.email}>, from {m.since}"
        + (f" until {m.until}" if m.until else "")
        for m in chain.members.values()
    ]
    if chain.version:
        rows.append(f"(reviewer set version {chain.version}, {chain.digest}; threshold {chain.threshold})")
    rows += [f"pending: {p}" for p in chain.pending] + [f"REFUSED: {p}" for p in chain.problems]
    return rows
