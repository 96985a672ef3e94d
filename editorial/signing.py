"""Editing the declarations the way a person would: editorial.yml keeps its comments, allowed_signers its lines."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

from .errors import EditorialError

__all__ = ["fingerprint", "public_key", "write_retired", "write_reviewer"]

KEY_TYPES = ("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-", "sk-ssh-ed25519", "sk-ecdsa-sha2-")


def public_key(key: str) -> str:
    """'ssh-ed25519 AAAA… comment' from the key text, a .pub file, a private key path (its .pub), or key::…"""
    key = key.strip().removeprefix("key::")
    if not key.startswith(KEY_TYPES):
        path = Path(key).expanduser()
        if path.suffix != ".pub" and Path(f"{path}.pub").is_file():
            path = Path(f"{path}.pub")
        if not path.is_file():
            raise EditorialError(f"{key}: not an SSH public key ('ssh-ed25519 AAAA…') nor a file holding one.")
        key = path.read_text(encoding="utf-8").strip()
    parts = key.split()
    if len(parts) < 2 or not parts[0].startswith(KEY_TYPES):
        raise EditorialError(f"not an SSH public key: {key[:40]!r}…")
    return " ".join(parts[:2])


def fingerprint(key: str) -> str:
    """SHA256:… as `ssh-keygen -l` and `git log --format=%GF` print it."""
    with tempfile.NamedTemporaryFile("w", suffix=".pub", delete=False) as out:
        out.write(key + "\n")
    done = subprocess.run(["ssh-keygen", "-l", "-f", out.name], capture_output=True, text=True)
    Path(out.name).unlink(missing_ok=True)
    if done.returncode != 0:
        raise EditorialError(f"ssh-keygen cannot read the key: {done.stderr.strip()}")
    return done.stdout.split()[1]


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_reviewer(path: Path, fields: dict[str, str], trust_root: str | None) -> None:
    """Append a reviewer to the `reviewers:` list of editorial.yml (block style), keeping everything else."""
    text = path.read_text(encoding="utf-8")
    entry = [f"  - id: {_quote(fields['id'])}"]
    for key in ("name", "credentials", "role", "email", "affiliation"):
        if fields.get(key):
            entry.append(f"    {key}: {_quote(fields[key])}")
    block = "\n".join(entry) + "\n"
    lines = text.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if re.match(r"^reviewers:", line)), None)
    if at is None:
        lines += ["reviewers:\n", block]
    elif re.match(r"^reviewers:\s*(\[\s*\])?\s*(#.*)?$", lines[at]) and "[" in lines[at]:
        lines[at] = "reviewers:\n"
        lines.insert(at + 1, block)
    else:
        end = at + 1
        while end < len(lines) and (lines[end].startswith((" ", "-")) or not lines[end].strip()):
            end += 1
        while end > at + 1 and not lines[end - 1].strip():
            end -= 1
        lines.insert(end, block)
    text = "".join(lines)
    if trust_root:
        if re.search(r"^trust_root:", text, re.MULTILINE):
            text = re.sub(r"^trust_root:.*$", f"trust_root: {_quote(trust_root)}", text, flags=re.MULTILINE)
        else:
            text += (
                "\n# The chain of trust starts with this key (fingerprint): the first declaration was signed by it.\n"
                f"trust_root: {_quote(trust_root)}\n"
            )
    path.write_text(text, encoding="utf-8")


def write_retired(path: Path, reviewer_id: str, day: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    pattern = re.compile(rf"^(\s*)-\s+id:\s*[\"']?{re.escape(reviewer_id)}[\"']?\s*$")
    for index, line in enumerate(lines):
        match = pattern.match(line.rstrip("\n"))
        if match:
            lines.insert(index + 1, f"{match.group(1)}  retired: {day}\n")
            path.write_text("".join(lines), encoding="utf-8")
            return
    raise EditorialError(
        f"editorial.yml: reviewer {reviewer_id!r} is not in block style (- id: …); add retired: {day}."
    )
