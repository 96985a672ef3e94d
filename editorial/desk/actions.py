"""The desk's actions: the editorial workflow's own functions, then a commit as the editor (signed when required).

Each action holds a lock (a thread lock and an exclusive `flock` on a file in `.git/`, so two desks on one clone
cannot interleave two ledger appends), checks up front that the commit can be made (a signing key where signatures
are required), runs the same function the command line runs, and commits the ledger with the page. If the commit
fails, the ledger is put back as it was, so a refused signature leaves no half-recorded event.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import io
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

from ..errors import EditorialError
from ..ledger import ledger_path
from ..repository import Repository

__all__ = ["ACTIONS", "DeskRefusal", "Outcome", "commit_paths", "perform", "repository_lock", "signing_setup"]

# data-action → (the command line's command, the event it records)
ACTIONS = {
    "submit": ("submit", "submitted"),
    "start-review": ("start-review", "review_started"),
    "request-changes": ("request-changes", "changes_requested"),
    "approve": ("approve", "approved"),
    "withdraw": ("withdraw", "approval_withdrawn"),
}
_THREAD_LOCK = threading.Lock()


class DeskRefusal(EditorialError):
    """An action the desk refused before writing anything; the message says why and what to do."""


@dataclasses.dataclass(frozen=True)
class Outcome:
    message: str
    commit: str


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise DeskRefusal(f"git {args[0]} failed: {(done.stderr or done.stdout).strip()}")
    return done


@contextlib.contextmanager
def repository_lock(root: Path) -> Iterator[None]:
    git_dir = Path(_git(root, "rev-parse", "--absolute-git-dir").stdout.strip())
    with _THREAD_LOCK, (git_dir / "igm-desk.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def signatures_required(repo: Repository) -> bool:
    """Where an allowed-signers file exists, only signed approvals count: the desk then signs every commit."""
    return repo.declarations.allowed_signers is not None


def signing_setup(repo: Repository) -> tuple[bool, str]:
    """(sign?, what to run when signing is required but not set up; empty when all is well)."""
    key = _git(repo.root, "config", "user.signingkey", check=False).stdout.strip()
    fmt = _git(repo.root, "config", "gpg.format", check=False).stdout.strip()
    if not signatures_required(repo):
        return bool(key and fmt == "ssh"), ""
    if key and fmt == "ssh":
        return True, ""
    email = _git(repo.root, "config", "user.email", check=False).stdout.strip() or "you@example.org"
    return False, (
        "Signatures are required in this repository (it has an allowed_signers file), and your git has no SSH "
        "signing key set, so nothing was recorded. Run, in the repository:\n"
        f'  ssh-keygen -t ed25519 -C "{email}" -f ~/.ssh/id_ed25519   (only if you have no key yet)\n'
        "  git config gpg.format ssh\n"
        "  git config user.signingkey ~/.ssh/id_ed25519.pub\n"
        f'and ask a maintainer to add the line "{email} <your public key>" to allowed_signers. Then try again.'
    )


def commit_paths(repo: Repository, paths: list[str], message: str, sign: bool) -> str:
    """Commit exactly `paths` (new files included) as the configured git identity; return the commit id."""
    _git(repo.root, "add", "--", *paths)
    _git(repo.root, "commit", "-q", *(["-S"] if sign else []), "-m", message, "--", *paths)
    return _git(repo.root, "rev-parse", "HEAD").stdout.strip()


def _run_cli(repo: Repository, argv: list[str]) -> str:
    """The command line's own implementation of an action, its output captured for the desk."""
    from ..cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--root", str(repo.root), *argv])
        except SystemExit as exc:  # argparse refusing the arguments
            code = exc.code if isinstance(exc.code, int) else 2
    if code != 0:
        raise DeskRefusal(err.getvalue().strip().removeprefix("editorial: ") or out.getvalue().strip())
    return out.getvalue()


def _dirty(repo: Repository, path: str) -> bool:
    return bool(_git(repo.root, "status", "--porcelain", "--", path).stdout.strip())


def perform(root: Path, action: str, page: str, note: str = "", expect_hash: str | None = None) -> Outcome:
    if action not in ACTIONS:
        raise DeskRefusal(f"unknown action {action!r}")
    command, event = ACTIONS[action]
    with repository_lock(root):
        repo = Repository(root)
        page = repo.page_path(page)
        sign, missing = signing_setup(repo)
        if missing:
            raise DeskRefusal(missing)
        ledger = ledger_path(page, repo.docs_dir)
        path = repo.root / ledger
        before = path.read_bytes() if path.is_file() else None
        argv = [command, page]
        if note:
            argv += ["--note", note]
        if action == "approve" and expect_hash is not None:
            current = repo.review(page).current_hash
            if current != expect_hash:
                raise DeskRefusal(
                    f"{page}: not approved: the content changed since you opened it (you were shown "
                    f"{expect_hash[:19]}…, it is now {current[:19]}…). Reload the page and review the change."
                )
        output = _run_cli(repo, argv)
        paths = [ledger] + ([page] if _dirty(repo, page) else [])
        try:
            commit = commit_paths(repo, paths, f"{page}: {event.replace('_', ' ')} (editorial desk)", sign)
        except DeskRefusal:
            if before is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(before)
            _git(repo.root, "reset", "-q", "--", ledger, check=False)
            raise
        lines = [line for line in output.splitlines() if not line.startswith("Recorded in ")]
        return Outcome("\n".join(lines), commit)
