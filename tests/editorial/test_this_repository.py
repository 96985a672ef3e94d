"""The repository itself passes the production gate: every page has a ledger or is exempt, no approval is claimed
without one, and the declarations are consistent. These hold before and after the first real reviewer is declared:
with none declared nothing may be approved; with some, each has a signing key and the chain of trust is pinned."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from editorial import Repository

ROOT = Path(__file__).resolve().parents[2]


def test_production_check_passes_on_this_repository():
    done = subprocess.run(
        [sys.executable, "-m", "editorial", "check", "--production"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_declarations_and_approvals_are_consistent():
    declared = yaml.safe_load((ROOT / "editorial.yml").read_text())["reviewers"] or []
    repo = Repository(ROOT)
    if not declared:
        # Nobody has agreed to review yet: no page may claim an approval.
        for page in (ROOT / "docs").rglob("*.md"):
            meta = page.read_text().split("---")[1] if page.read_text().startswith("---") else ""
            assert "review_status: approved" not in meta, page
        assert all(repo.review(p).status != "approved" for p in repo.tracked_pages() if (ROOT / p).is_file())
        return
    signers = (ROOT / repo.declarations.allowed_signers_name).read_text()
    assert repo.declarations.trust_root, "the first declaration pins trust_root"
    for reviewer in declared:
        assert reviewer["email"] in signers, f"{reviewer['email']} has no key in allowed_signers"


def test_every_page_is_under_review_control_or_exempt():
    assert Repository(ROOT).uncontrolled_pages() == []
