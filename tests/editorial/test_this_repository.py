"""The repository itself passes the production gate: every page has a ledger or is exempt, no approval is claimed
without one, and the declarations are consistent. These hold before and after the first real reviewer is declared:
with none declared nothing may be approved; with some, each has a signing key and the chain of trust is pinned."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from editorial import Repository

ROOT = Path(__file__).resolve().parents[2]


def test_production_check_passes_on_this_repository():
    done = subprocess.run(
        [sys.executable, "-m", "editorial", "check", "--production"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_declarations_and_approvals_are_consistent():
    repo = Repository(ROOT)
    chain = repo.declarations.reviewer_set
    assert chain.problems == (), chain.problems
    if not repo.declarations.reviewers:
        # Nobody has agreed to review yet: no page may claim an approval.
        assert all(repo.review(p).status != "approved" for p in repo.tracked_pages() if (ROOT / p).is_file())
        return
    assert repo.declarations.trust_root == chain_root(), "version 1 of the reviewer set is pinned in editorial.yml"


def chain_root() -> str:
    from editorial.reviewer_set import read_version

    return read_version(ROOT / "reviewers" / "1.json", ROOT).digest


def test_every_page_is_under_review_control_or_exempt():
    assert Repository(ROOT).uncontrolled_pages() == []
