"""Detached SSH signatures (git's SSHSIG format): made by `ssh-keygen -Y sign` with the signer's own key, verified
in-process by the `sshsig` package (on `cryptography`).

Why in-process: `ssh-keygen -Y verify` costs a process per signature (13 ms each on this machine, so 3 s for the
230 statements of a 115-page site); `sshsig` verifies an Ed25519 signature in well under a millisecond with no
subprocess and no allowed-signers file, and reproduces `ssh-keygen -Y check-novalidate` (namespace, hash, key) as
its authors document. Signing stays with ssh-keygen: the private key never enters this process, and it is the
same key and tool that git uses for `gpg.format ssh`.
"""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

import sshsig

from .errors import EditorialError

__all__ = ["REVIEW_NAMESPACE", "SET_NAMESPACE", "parse_key", "sign", "signer_key", "verify"]

REVIEW_NAMESPACE = "igm-review"  # review statements
SET_NAMESPACE = "igm-reviewers"  # versions of the reviewer set


@functools.lru_cache(maxsize=1024)
def parse_key(text: str) -> sshsig.PublicKey:
    """An OpenSSH public key line ('ssh-ed25519 AAAA… comment'); EditorialError if it is not one."""
    try:
        return sshsig.PublicKey.from_openssh_str(" ".join(text.split()[:2]))
    except (ValueError, NotImplementedError, IndexError) as exc:
        raise EditorialError(f"not an SSH public key ({exc}): {text[:40]!r}") from None


@functools.lru_cache(maxsize=65536)  # immutable: keyed by (message, signature, namespace)
def _signer(message: bytes, signature: str, namespace: str) -> str | None:
    try:
        return sshsig.check_signature(message, signature, namespace).openssh_str()
    except (sshsig.InvalidSignature, NotImplementedError, ValueError):
        return None


def verify(message: bytes, signature: str, keys: list[str] | tuple[str, ...], namespace: str) -> str | None:
    """The key of `keys` (OpenSSH lines) that made `signature` over `message` in `namespace`, or None."""
    signer = _signer(message, signature, namespace)
    if signer is None:
        return None
    return next((key for key in keys if parse_key(key).openssh_str() == signer), None)


def signer_key(root: Path) -> str:
    """This clone's signing key (git config user.signingkey): a path to the key or its .pub, as git takes it."""
    done = subprocess.run(["git", "-C", str(root), "config", "user.signingkey"], capture_output=True, text=True)
    key = done.stdout.strip()
    if not key:
        raise EditorialError(
            "no signing key: a review statement is signed with your own SSH key. Set it once:\n"
            "  git config user.signingkey ~/.ssh/id_ed25519.pub\n  git config gpg.format ssh"
        )
    return str(Path(key.removeprefix("key::")).expanduser())


def public_key(key_path: str) -> str:
    path = Path(key_path if key_path.endswith(".pub") else key_path + ".pub")
    if not path.is_file():
        raise EditorialError(f"{path}: no public key beside the signing key.")
    return " ".join(path.read_text(encoding="utf-8").split()[:2])


def sign(message: bytes, key_path: str, namespace: str) -> str:
    """`ssh-keygen -Y sign -n NAMESPACE -f KEY` over `message`: the armored signature."""
    done = subprocess.run(
        ["ssh-keygen", "-q", "-Y", "sign", "-n", namespace, "-f", key_path], input=message, capture_output=True
    )
    if done.returncode != 0 or b"BEGIN SSH SIGNATURE" not in done.stdout:
        raise EditorialError(f"ssh-keygen could not sign with {key_path}: {done.stderr.decode(errors='replace')}")
    return done.stdout.decode("ascii").strip()
