"""The eight ordinary actions of the editorial review (§2.4: B1 rebase, B2 squash merge, B3 revert of an approval,
B4 git mv, B4b editorial mv, B5 deleting a page without its ledger, B5d re-creating it, B6 a ledger merge conflict
resolved keeping both lines) leave the production gate green, each page showing what its statements give."""

from __future__ import annotations

import subprocess

from editorial import Repository
from editorial.published import shown

from .conftest import ADA, ALAN, ARTICLE, EDITH

MOVED = "docs/articles/cad.md"


def production_green(repo) -> str:
    code, out = repo.editorial("check", "--production")
    assert code == 0, out
    return out


def status(repo, page=ARTICLE) -> str:
    return Repository(repo.root).review(page).status


def approved_on_branch(repo, branch="review"):
    repo.git("checkout", "-q", "-b", branch)
    repo.approve_article()
    repo.git("checkout", "-q", "main")


def test_b1_rebase_keeps_the_approval(repo):
    approved_on_branch(repo)
    repo.write("calculators/other.py", "OTHER = 1  # unrelated work\n")
    repo.commit("Unrelated work on main", who=EDITH)
    repo.git("checkout", "-q", "review")
    repo.git("rebase", "-q", "main")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "review")
    production_green(repo)
    assert status(repo) == "approved"


def test_b2_squash_merge_keeps_a_valid_approval(repo):
    approved_on_branch(repo)
    repo.git("merge", "-q", "--squash", "review")
    repo.commit("Squash-merge the review", who=EDITH, sign=False)
    production_green(repo)
    assert status(repo) == "approved"


def test_b3_git_revert_of_an_approval_unapproves_and_stays_green(repo):
    repo.approve_article()
    repo.git("revert", "--no-edit", "HEAD", who=ADA)
    production_green(repo)
    assert status(repo) == "under_review"


def test_b4_git_mv_of_a_page_keeps_its_approval(repo):
    repo.approve_article()
    repo.git("mv", ARTICLE, MOVED)
    repo.commit("Rename by hand")
    out = production_green(repo)
    assert status(repo, MOVED) == "approved"
    assert "ledger/articles/cold-agglutinin.jsonl: a ledger whose page is not here" in out


def test_b4b_editorial_mv_keeps_a_valid_approval_with_no_event(repo):
    repo.approve_article()
    before = (repo.root / "ledger/articles/cold-agglutinin.jsonl").read_text()
    code, out = repo.editorial("mv", ARTICLE, MOVED)
    assert code == 0 and "it is approved (was approved)" in out, out
    repo.commit("editorial mv")
    assert (repo.root / "ledger/articles/cad.jsonl").read_text() == before  # nothing written: no renamed event
    production_green(repo)
    assert status(repo, MOVED) == "approved"


def test_b5_deleting_a_page_without_its_ledger_and_b5d_re_creating_it(repo):
    repo.approve_article()
    repo.git("rm", "-q", ARTICLE)
    repo.commit("Delete the page")
    production_green(repo)
    code, out = repo.editorial("new", ARTICLE, "--title", "Cold agglutinin disease, again")
    assert code == 0, out
    repo.commit("Re-create it")
    production_green(repo)
    assert status(repo) == "draft"  # the old approval names other bytes


def test_b5d_re_created_by_hand_with_other_bytes_is_not_approved(repo):
    repo.approve_article()
    text = (repo.root / ARTICLE).read_text()
    repo.git("rm", "-q", ARTICLE)
    repo.commit("Delete the page")
    repo.write(ARTICLE, text.replace("fictional", "re-created"))
    repo.commit("Re-create it by hand")
    production_green(repo)
    review = Repository(repo.root).review(ARTICLE)
    assert review.status == "under_review" and review.changed_since_approval


def test_b6_a_ledger_conflict_resolved_keeping_both_lines_keeps_the_withdrawal(repo):
    repo.approve_article()
    repo.git("checkout", "-q", "-b", "revise")
    repo.write(ARTICLE, (repo.root / ARTICLE).read_text() + "\nA revision.\n")
    repo.commit("Revise")
    assert repo.editorial("submit", ARTICLE, who=ALAN)[0] == 0
    repo.commit("submit", "ledger")
    repo.git("checkout", "-q", "main")
    assert repo.editorial("withdraw", ARTICLE, "--note", "Dose wrong", who=ADA)[0] == 0
    repo.commit("withdraw", "ledger", who=ADA)
    ledger = "ledger/articles/cold-agglutinin.jsonl"
    ours, theirs = repo.git("show", f"main:{ledger}"), repo.git("show", f"revise:{ledger}")
    merged = subprocess.run(["git", "-C", str(repo.root), "merge", "-q", "--no-edit", "revise"], capture_output=True)
    assert merged.returncode != 0  # the two sides appended different lines: a conflict, as in the review
    repo.write(ledger, ours + "".join(line + "\n" for line in theirs.splitlines() if line not in ours))
    repo.commit("Merge revise, keeping both sides' ledger lines")
    production_green(repo)
    review = Repository(repo.root).review(ARTICLE)
    assert review.status in ("submitted", "under_review")  # the revision and the withdrawal: both kept
    withdrawn = [v for v in review.verdicts if v.valid and v.line.kind == "withdraw"]
    assert withdrawn, "the withdrawal survives the merge"
    # The withdrawn bytes are never shown as approved again.
    assert shown(Repository(repo.root), review).status != "approved"
