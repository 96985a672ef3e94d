"""Signed approvals: with reviewers declared, only an approval in a commit signed by its reviewer counts.

Verified with git's own `git verify-commit` (gpg.format=ssh, gpg.ssh.allowedSignersFile) against allowed_signers as
it stood at the approval's commit; keys are throwaway ed25519 keys made by ssh-keygen (see conftest).
"""

from __future__ import annotations

import shutil

import pytest

from editorial import Repository

from .conftest import ADA, ALAN, ARTICLE, MALLORY

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
LEDGER = "ledger/articles/cold-agglutinin.jsonl"


def review_until_approval(repo) -> None:
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        assert repo.editorial(command, ARTICLE, who=who)[0] == 0
        repo.commit(command, "ledger", who=who)
    code, out = repo.editorial("approve", ARTICLE, who=ADA)
    assert code == 0, out


def test_approval_signed_by_the_reviewer_counts(repo):
    """A7a: Ada approves in a commit signed with her allowed key: it counts, production passes, and `editorial
    log` shows the good signature."""
    review_until_approval(repo)
    repo.commit("approve", "ledger", who=ADA)
    assert Repository(repo.root, strict=True).review(ARTICLE).status == "approved"
    code, out = repo.editorial("check", "--production")
    assert code == 0, out
    code, out = repo.editorial("log", ARTICLE)
    assert "signature good: ada@example.org" in out


def test_unsigned_approval_does_not_count(repo):
    """A7b: the same approval committed unsigned does not count, and production names the missing signature."""
    review_until_approval(repo)
    repo.commit("approve", "ledger", who=ADA, sign=False)
    assert Repository(repo.root).review(ARTICLE).status == "under_review"
    code, out = repo.editorial("check", "--production")
    assert code == 1
    assert f"{ARTICLE}: {LEDGER}:3: field 'reviewer': approval does not count" in out
    assert "no good SSH signature" in out


def test_approval_signed_with_a_key_not_allowed_does_not_count(repo):
    """A7c: an approval signed with a key allowed_signers does not hold for the reviewer does not count."""
    review_until_approval(repo)
    repo.commit("approve", "ledger", who=ADA, key=MALLORY)
    assert Repository(repo.root).review(ARTICLE).status == "under_review"
    code, out = repo.editorial("check")
    assert code == 1
    assert f"{ARTICLE}: {LEDGER}:3" in out and "no good SSH signature" in out


def test_approve_without_a_signing_key_is_refused_up_front(repo):
    """A7b: `approve` with no signing key configured is refused before anything is written, saying how to set one."""
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        assert repo.editorial(command, ARTICLE, who=who)[0] == 0
        repo.commit(command, "ledger", who=who)
    before = (repo.root / LEDGER).read_text()
    code, out = repo.editorial("approve", ARTICLE, who=ADA, key=False)
    assert code == 1
    assert "a signed commit is required" in out and "git config user.signingkey" in out
    assert (repo.root / LEDGER).read_text() == before  # nothing was written
