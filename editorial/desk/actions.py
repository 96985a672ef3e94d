"""The desk's actions: the editorial service functions (the command line's own), then a commit as the editor.

Each action holds a lock (a thread lock and an exclusive `flock` on a file in `.git/`, so two desks on one clone
cannot interleave two ledger appends), refuses up front when signatures are required and no key is set, runs the
service function, and commits exactly the files it names (the ledger, with the page or mkdocs.yml when they
changed), signed when a key is set. If the commit fails, those files are put back as they were, so a refused
signature leaves no half-recorded event.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from .. import service
from ..errors import EditorialError
from ..ledger import ledger_path
from ..repository import Repository

__all__ = ["ACTIONS", "DeskRefusal", "Done", "commit_paths", "perform", "repository_lock", "signing_setup"]

# data-action → the service function that records it
ACTIONS: dict[str, Callable[..., service.Outcome]] = {
    "submit": service.submit,
    "start-review": service.start_review,
    "request-changes": service.request_changes,
    "approve": service.approve,
    "withdraw": service.withdraw,
}
_THREAD_LOCK = threading.Lock()


class DeskRefusal(EditorialError):
    """An action the desk refused before writing anything; the message says why and what to do."""


@dataclasses.dataclass(frozen=True)
class Done:
    message: str  # what the service said, "Recorded as NAME <EMAIL>" included
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


def signing_key(root: Path) -> str:
    return _git(root, "config", "user.signingkey", check=False).stdout.strip()


def signing_setup(repo: Repository) -> tuple[bool, str]:
    """(sign commits?, what to run when a reviewer has no signing key; empty when all is well). A reviewer's acts
    are statements signed with their own key; commits need no signature for them to count."""
    key = signing_key(repo.root)
    ssh_key = key.endswith(".pub") or key.startswith(("ssh-", "key::"))
    if key and ssh_key and _git(repo.root, "config", "gpg.format", check=False).stdout.strip() != "ssh":
        # git would hand an SSH key to gpg, and fail with "gpg failed to sign the data" after the ledger is written.
        return False, (
            f"Your signing key ({key}) is an SSH key, but git is not told so: it would ask gpg to sign, and fail. "
            "Run, in the repository:\n  editorial onboard\n(or just: git config gpg.format ssh), then try again."
        )
    email = _git(repo.root, "config", "user.email", check=False).stdout.strip() or "you@example.org"
    if key or repo.declarations.member_by_email(email) is None:
        return bool(key), ""
    return False, (
        "You are a reviewer, and a review act is a statement signed with your own SSH key; this git has no signing "
        "key, so nothing was recorded. Run, in the repository:\n"
        "  editorial onboard\n"
        "It makes a key if you have none and sets git config gpg.format ssh and user.signingkey; then restart the "
        "desk. (By hand: git config gpg.format ssh; git config user.signingkey ~/.ssh/id_ed25519.pub, the key whose "
        "public half is yours in reviewers/.)"
    )


def commit_paths(root: Path, paths: list[str] | tuple[str, ...], message: str, sign: bool) -> str:
    """Commit exactly `paths` (new files included) as the configured git identity; return the commit id."""
    _git(root, "add", "--", *paths)
    _git(root, "commit", "-q", "-S" if sign else "--no-gpg-sign", "-m", message, "--", *paths)
    return _git(root, "rev-parse", "HEAD").stdout.strip()


@contextlib.contextmanager
def restored_on_failure(root: Path, paths: list[str]) -> Iterator[None]:
    """Put `paths` back as they were (absent ones removed) if the block fails."""
    before = {p: (root / p).read_bytes() if (root / p).is_file() else None for p in paths}
    try:
        yield
    except BaseException:
        for path, data in before.items():
            if data is None:
                (root / path).unlink(missing_ok=True)
            else:
                (root / path).write_bytes(data)
        _git(root, "reset", "-q", "--", *paths, check=False)
        raise


def record_and_commit(root: Path, run: Callable[[Repository], service.Outcome], touched: list[str]) -> Done:
    """Run one service function under the lock and commit what it names; nothing stays half-done on failure."""
    with repository_lock(root):
        repo = Repository(root)
        sign, missing = signing_setup(repo)
        if missing:
            raise DeskRefusal(missing)
        with restored_on_failure(root, touched):
            outcome = run(repo)
            message = f"{outcome.page}: {outcome.event.replace('_', ' ')} (editorial desk)"
            commit = commit_paths(root, outcome.paths, message, sign or outcome.sign)
    lines = [line for line in outcome.text().splitlines() if not line.startswith(("Commit it:", "next:"))]
    return Done("\n".join(lines), commit)


def perform(root: Path, action: str, page: str, note: str = "", expect_hash: str | None = None) -> Done:
    if action not in ACTIONS:
        raise DeskRefusal(f"unknown action {action!r}")
    function = ACTIONS[action]
    docs_dir = Repository(root).docs_dir

    def run(repo: Repository) -> service.Outcome:
        if action == "approve":
            return function(repo, page, note=note, expect_hash=expect_hash)
        return function(repo, page, note)

    return record_and_commit(root, run, [ledger_path(page, docs_dir), page])
