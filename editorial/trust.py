"""Who may vouch for what: SSH signatures checked against `allowed_signers` as it stood at each commit, and the
chain of trust that governs `editorial.yml` and `allowed_signers` themselves.

Once any reviewer is declared, signatures are required:
- every approval counts only in a commit with a good signature by that reviewer's key, checked against the
  allowed-signers file of *that* commit (a key added later cannot vouch for it; a key rotated later does not void it);
- the chain starts at the first commit that declares a reviewer: it must be signed by a key in its own
  allowed-signers file, the pinned first signer (`trust_root` in editorial.yml, or EDITORIAL_TRUST_ROOT in the
  environment of the production build, which must agree);
- every later commit that changes editorial.yml or allowed_signers must be signed by a key allowed before the change.
  A commit that restores the last trusted version (a revert of an unsigned change) needs no signature.
Only git's own `git verify-commit` with gpg.format=ssh.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
from functools import cached_property
from pathlib import Path

from .declarations import DECLARATIONS_FILE, Declarations
from .gitrepo import Signature
from .history_cache import PATH_HISTORY, cat_file, git_common_dir, known_commits, memo_git, object_ids

__all__ = ["Trust"]

_VERIFIED: dict[tuple[str, str, str], Signature] = {}

FIX_SIGN = (
    "revert it (git revert), then make the change again in a commit signed by an allowed signer "
    "(`editorial reviewer add` prints the command)"
)


def _run(root: Path, *args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    if input is None:  # remembered per HEAD and signers file when git's answer cannot change (history_cache)
        return memo_git(root, args, text=False)
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, input=input, check=False)


@dataclasses.dataclass(frozen=True)
class _Step:
    pair: tuple[str | None, str | None]  # blob ids of (editorial.yml, allowed_signers)
    trusted: tuple[str | None, str | None] | None  # the last trusted pair on this path (None: not governed yet)
    pending: tuple[str, ...] = ()  # what broke the chain on this path and is not undone yet


class Trust:
    def __init__(self, root: Path, declarations: Declarations) -> None:
        self.root = root
        self.declarations = declarations
        self.signers_name = declarations.allowed_signers_name
        self._files: dict[str, Path] = {}
        self._pairs: dict[str, tuple[str | None, str | None]] = {}

    # --- reading files at a commit -------------------------------------------------------------------------
    def _batch_check(self, names: list[str]) -> list[str | None]:
        return object_ids(self.root, names)  # remembered: a full commit id and a path name one object for ever

    def pair(self, commit: str) -> tuple[str | None, str | None]:
        if commit not in self._pairs:
            # with every other commit of the history, in the same `git cat-file --batch-check` (or the memo)
            commits = [commit, *(c for c in known_commits(self.root) if c not in self._pairs and c != commit)]
            files = (DECLARATIONS_FILE, self.signers_name)
            blobs = self._batch_check([f"{c}:{f}" for c in commits for f in files])
            for index, each in enumerate(commits):
                self._pairs[each] = (blobs[2 * index], blobs[2 * index + 1])
        return self._pairs[commit]

    def _blob(self, blob: str) -> bytes:
        """`git cat-file blob BLOB`'s output: read once per run with the other files asked for (history_cache)."""
        found = cat_file(self.root, [blob])[blob]
        return found[1] if found is not None and found[0] == b"blob" else b""

    @cached_property
    def _cache_dir(self) -> Path:
        """Versions of allowed_signers, by blob id, kept in the git directory (git needs a file to read)."""
        common = git_common_dir(self.root)
        if common is None:
            common = self.root / _run(self.root, "rev-parse", "--git-common-dir").stdout.decode().strip()
        path = (common / "editorial" / "allowed_signers").resolve()
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _signers_file(self, blob: str) -> Path:
        if blob not in self._files:
            path = self._cache_dir / blob
            if not path.is_file():
                path.write_bytes(self._blob(blob))
            self._files[blob] = path
        return self._files[blob]

    def _declares_reviewer(self, blob: str | None) -> bool:
        if blob is None:
            return False
        import yaml

        try:
            data = yaml.safe_load(self._blob(blob)) or {}
        except yaml.YAMLError:
            return False
        return isinstance(data, dict) and bool(data.get("reviewers"))

    def _trust_root_of(self, blob: str | None) -> str:
        import yaml

        if blob is None:
            return ""
        try:
            data = yaml.safe_load(self._blob(blob)) or {}
        except yaml.YAMLError:
            return ""
        return str(data.get("trust_root") or "").strip() if isinstance(data, dict) else ""

    # --- signatures ----------------------------------------------------------------------------------------
    def verify(self, commit: str, signers_blob: str | None) -> Signature:
        """git's verification of `commit` against the allowed-signers file with this blob id (%G?, as
        `git verify-commit` does it); cached: a commit and a blob never change."""
        if signers_blob is None:
            return Signature(False, "", f"there is no {self.signers_name} file at that commit")
        key = (str(self.root), commit, signers_blob)
        if key not in _VERIFIED:
            signers = self._signers_file(signers_blob)
            config = ["-c", "gpg.format=ssh", "-c", f"gpg.ssh.allowedSignersFile={signers}"]
            done = _run(self.root, *config, "log", "-1", "--format=%G?%n%GS%n%GF%n%GG", commit)
            status, signer, fingerprint, *raw = [*done.stdout.decode(errors="replace").splitlines(), "", "", ""]
            detail = next((line.strip() for line in reversed(raw) if line.strip()), "")
            text = {
                "G": "good signature",
                "N": "no signature",
                "B": "bad signature",
                "U": f"signed by a key that is not in this {self.signers_name} (no principal matched)",
                "E": detail or "the signature cannot be checked (no principal matched)",
            }.get(status, detail or "no signature")
            _VERIFIED[key] = Signature(
                status == "G", signer.strip().lower(), text.rstrip(".") + ".", fingerprint.strip()
            )
        return _VERIFIED[key]

    def verify_at(self, commit: str) -> Signature:
        """Against allowed_signers as it stood at `commit` (only a trusted version of it vouches for anything)."""
        governing = self._governing_commit(commit)
        pair = self.pair(commit)
        step = self.steps.get(governing or "")
        if step is not None and step.trusted is not None and step.trusted != pair:
            return Signature(
                False,
                "",
                f"{self.signers_name} or {DECLARATIONS_FILE} at that commit was changed without a "
                "signature from an allowed signer, so it vouches for nothing",
            )
        return self.verify(commit, pair[1])

    def trusted_at(self, commit: str) -> bool:
        """Whether editorial.yml and allowed_signers as they stood at `commit` are the trusted versions."""
        step = self.steps.get(self._governing_commit(commit) or "")
        return step is None or step.trusted is None or step.trusted == self.pair(commit)

    def _governing_commit(self, commit: str) -> str | None:
        done = _run(self.root, "rev-list", "-1", commit, "--", DECLARATIONS_FILE, self.signers_name)
        return done.stdout.decode().strip() or None

    # --- the chain of trust --------------------------------------------------------------------------------
    @cached_property
    def _walk(self) -> dict[str, _Step]:
        done = _run(self.root, *PATH_HISTORY, "HEAD", "--", DECLARATIONS_FILE, self.signers_name)
        steps: dict[str, _Step] = {}
        rows = [row.partition("|") for row in done.stdout.decode().splitlines() if row]
        commits = [(commit, parents.split()) for commit, _, parents in rows]
        names = [f"{c}:{f}" for c, _ in commits for f in (DECLARATIONS_FILE, self.signers_name)]
        blobs = self._batch_check(names) if names else []
        for index, (commit, _) in enumerate(commits):
            self._pairs[commit] = (blobs[2 * index], blobs[2 * index + 1])
        pinned_env = os.environ.get("EDITORIAL_TRUST_ROOT", "").strip()
        for commit, parents in commits:
            pair = self.pair(commit)
            before = [steps[p] for p in parents if p in steps]
            governed = [s for s in before if s.trusted is not None]
            if not governed:
                if not self._declares_reviewer(pair[0]):
                    steps[commit] = _Step(pair, None)  # nobody declared yet: nothing to govern
                    continue
                # The first commit declaring a reviewer: signed by a key of its own allowed_signers, the pinned one.
                signature = self.verify(commit, pair[1])
                pin = self._trust_root_of(pair[0])
                why = None
                if not signature.good:
                    why = f"it has no good SSH signature by a key in its own {self.signers_name}: {signature.detail}"
                elif not pin:
                    why = f"{DECLARATIONS_FILE} pins no first signer (field 'trust_root': the signer's key fingerprint)"
                elif signature.fingerprint != pin:
                    why = f"it is signed by {signature.fingerprint}, not by the pinned first signer {pin}"
                elif pinned_env and pinned_env != pin:
                    why = f"trust_root {pin} is not the EDITORIAL_TRUST_ROOT {pinned_env} of this build"
                if why:
                    message = (
                        f"chain of trust: commit {commit[:12]} declares the first reviewer, but {why}. Fix: "
                        f"declare the first reviewer with `editorial reviewer add` in a signed commit."
                    )
                    steps[commit] = _Step(pair, ("untrusted", "untrusted"), (message,))
                else:
                    steps[commit] = _Step(pair, pair)
                continue
            trusted = [s.trusted for s in governed]
            if pair in trusted or any(pair == s.pair and s.pair == s.trusted for s in governed):
                steps[commit] = _Step(pair, pair)  # no change, or restores the last trusted version (a revert)
                continue
            reasons = []
            for step in governed:
                signature = self.verify(commit, step.trusted[1] if step.trusted else None)
                if signature.good:
                    break
                reasons.append(signature.detail)
            else:
                earlier = tuple(p for s in governed for p in s.pending)
                message = (
                    f"chain of trust: commit {commit[:12]} changed {DECLARATIONS_FILE} or {self.signers_name} without "
                    f"a good SSH signature by a signer allowed before the change ({'; '.join(reasons)}). Fix: {FIX_SIGN}."
                )
                steps[commit] = _Step(pair, governed[0].trusted, earlier or (message,))
                continue
            steps[commit] = _Step(pair, pair)
        return steps

    @property
    def steps(self) -> dict[str, _Step]:
        return self._walk

    def problems(self) -> list[str]:
        """Production errors: the chain of trust is broken, or the allowed-signers file is missing or untrusted."""
        head = _run(self.root, "rev-parse", "--verify", "-q", "HEAD").stdout.decode().strip()
        if not head:
            return []
        governing = self._governing_commit(head)
        step = self.steps.get(governing or "")
        problems = list(step.pending) if step else []
        current = self.pair(head)
        if self.declarations.signatures_required:
            if current[1] is None:
                problems.append(
                    f"{self.signers_name}: missing, but {DECLARATIONS_FILE} declares reviewers, so approvals must be "
                    f"signed; deleting the file does not switch the check off. Fix: restore it (git revert)."
                )
            elif (
                step is not None
                and step.trusted is not None
                and step.trusted != current
                and not any(p.startswith("chain of trust") for p in problems)
            ):
                problems.append(f"{self.signers_name}: the current version is not the trusted one. Fix: {FIX_SIGN}.")
        return problems
