"""Signed approvals: with an allowed-signers file, only an approval in a commit signed by its reviewer counts.

Verified with git's own `git verify-commit` (gpg.format=ssh, gpg.ssh.allowedSignersFile); keys are throwaway
ed25519 keys made by ssh-keygen inside the temporary directory.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from editorial import Repository

from .conftest import ADA, ALAN, ARTICLE

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
LEDGER = "ledger/articles/cold-agglutinin.jsonl"


def keygen(directory, name: str) -> tuple[str, str]:
    key = directory / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return str(key), (directory / f"{name}.pub").read_text().strip()


@pytest.fixture
def signing(repo, tmp_path):
    keys = tmp_path / "keys"
    keys.mkdir()
    ada_key, ada_public = keygen(keys, "ada")
    mallory_key, _ = keygen(keys, "mallory")
    repo.write("allowed_signers", f"{ADA[1]} {ada_public}\n")
    repo.commit("Declare Ada's signing key", "allowed_signers")
    repo.git("config", "gpg.format", "ssh")
    return {"ada": ada_key, "mallory": mallory_key}


def review_until_approval(repo) -> None:
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        assert repo.editorial(command, ARTICLE, who=who)[0] == 0
        repo.commit(command, "ledger", who=who)
    code, out = repo.editorial("approve", ARTICLE, who=ADA)
    assert code == 0, out


def test_approval_signed_by_the_reviewer_counts(repo, signing):
    review_until_approval(repo)
    repo.git("config", "user.signingkey", signing["ada"])
    repo.commit("approve", "ledger", who=ADA, sign=True)
    assert Repository(repo.root, strict=True).review(ARTICLE).status == "approved"
    code, out = repo.editorial("check", "--production")
    assert code == 0, out
    code, out = repo.editorial("log", ARTICLE)
    assert "signature good: ada@example.org" in out


def test_unsigned_approval_does_not_count(repo, signing):
    review_until_approval(repo)
    repo.commit("approve", "ledger", who=ADA)
    assert Repository(repo.root).review(ARTICLE).status == "under_review"
    code, out = repo.editorial("check", "--production")
    assert code == 1
    assert f"{ARTICLE}: {LEDGER}:3: field 'reviewer': approval does not count" in out
    assert "no good SSH signature" in out


def test_approval_signed_with_a_key_not_allowed_does_not_count(repo, signing):
    review_until_approval(repo)
    repo.git("config", "user.signingkey", signing["mallory"])
    repo.commit("approve", "ledger", who=ADA, sign=True)
    assert Repository(repo.root).review(ARTICLE).status == "under_review"
    code, out = repo.editorial("check")
    assert code == 1
    assert f"{ARTICLE}: {LEDGER}:3" in out and "no good SSH signature" in out
