"""What git knows: who is committing, who changed a page, which commit recorded each ledger line, and signatures.

Only git's own tools: `git log`, `git show`, and `git verify-commit` with `gpg.format=ssh` and
`gpg.ssh.allowedSignersFile`, so the check works on any clone, with no forge.
"""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

from .errors import EditorialError

__all__ = [
    "LineOrigins",
    "Signature",
    "author_email",
    "commit_time",
    "git_identity",
    "head",
    "is_git_repo",
    "line_origins",
    "page_authors",
    "page_authors_upto",
    "signing_key",
    "verify_signature",
]


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise EditorialError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done


def is_git_repo(root: Path) -> bool:
    done = _git(root, "rev-parse", "--show-toplevel", check=False)
    return done.returncode == 0 and Path(done.stdout.strip()).resolve() == root.resolve()


def git_identity(root: Path) -> tuple[str, str]:
    """The committer this repository's git is configured with: (name, email)."""
    name = _git(root, "config", "user.name", check=False).stdout.strip()
    email = _git(root, "config", "user.email", check=False).stdout.strip()
    if not name or not email:
        raise EditorialError("git config user.name and user.email must be set: the ledger records who acted.")
    return name, email


def page_authors(root: Path, paths: list[str]) -> set[str]:
    """E-mail addresses of everyone whose commits changed these files (lower case)."""
    if not is_git_repo(root):
        return set()
    done = _git(root, "log", "--format=%ae", "--", *paths, check=False)
    return {line.strip().lower() for line in done.stdout.splitlines() if line.strip()}


def author_email(root: Path, commit: str) -> str:
    return _git(root, "log", "-1", "--format=%ae", commit).stdout.strip().lower()


@dataclasses.dataclass(frozen=True)
class LineOrigins:
    """For each line of a ledger file, the commit that recorded it (None: not committed yet), and any rewrite."""

    commits: list[str | None]
    rewrites: list[str]


def line_origins(root: Path, rel: str) -> LineOrigins:
    """Walk every committed version of a ledger file, oldest first; each must extend the one before."""
    if not is_git_repo(root):
        return LineOrigins([], [])
    log = _git(root, "log", "--reverse", "--topo-order", "--format=%H", "--", rel, check=False)
    origins: list[str | None] = []
    previous: list[str] = []
    rewrites: list[str] = []
    for commit in log.stdout.split():
        shown = _git(root, "show", f"{commit}:{rel}", check=False)
        lines = shown.stdout.splitlines() if shown.returncode == 0 else []
        common = next((i for i, (a, b) in enumerate(zip(previous, lines, strict=False)) if a != b), None)
        if common is not None or len(lines) < len(previous):
            line = (common if common is not None else len(lines)) + 1
            rewrites.append(f"commit {commit[:12]} rewrote line {line} (the ledger is append-only)")
            common = common if common is not None else len(lines)
            origins = origins[:common]
        origins += [commit] * (len(lines) - len(origins))
        previous = lines
    path = root / rel
    current = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    diverge = next((i for i, (a, b) in enumerate(zip(previous, current, strict=False)) if a != b), None)
    if diverge is not None or len(current) < len(previous):
        line = (diverge if diverge is not None else len(current)) + 1
        rewrites.append(f"an uncommitted edit rewrote line {line} (the ledger is append-only)")
        origins = origins[: diverge if diverge is not None else len(current)]
    origins += [None] * (len(current) - len(origins))
    return LineOrigins(origins, rewrites)


@dataclasses.dataclass(frozen=True)
class Signature:
    good: bool
    signer: str  # the principal of the allowed-signers line that matched, normally an e-mail address
    detail: str
    fingerprint: str = ""  # of the key that signed (SHA256:...), whether or not it is allowed


def verify_signature(root: Path, commit: str, allowed_signers: Path) -> Signature:
    """`git verify-commit` against the repository's allowed-signers file."""
    config = ["-c", "gpg.format=ssh", "-c", f"gpg.ssh.allowedSignersFile={allowed_signers.resolve()}"]
    done = _git(root, *config, "verify-commit", commit, check=False)
    signer = _git(root, *config, "log", "-1", "--format=%GS", commit, check=False).stdout.strip()
    detail = (done.stderr or done.stdout).strip().splitlines()
    return Signature(done.returncode == 0, signer.lower(), detail[-1] if detail else "no signature")


def signing_key(root: Path) -> str:
    """The configured `user.signingkey` ('' when none): `git commit -S` works only with one."""
    return _git(root, "config", "user.signingkey", check=False).stdout.strip()


def page_authors_upto(root: Path, paths: list[str], commit: str) -> set[str]:
    """E-mail addresses of everyone whose commits changed these files, up to and including `commit`."""
    done = _git(root, "log", "--format=%ae", commit, "--", *paths, check=False)
    return {line.strip().lower() for line in done.stdout.splitlines() if line.strip()}


def commit_time(root: Path, commit: str) -> str:
    """The author date of `commit`, strict ISO 8601."""
    return _git(root, "log", "-1", "--format=%aI", commit).stdout.strip()


def head(root: Path) -> str | None:
    done = _git(root, "rev-parse", "--verify", "-q", "HEAD", check=False)
    return done.stdout.strip() or None
