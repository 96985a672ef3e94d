"""Attacks on who may approve (editor audit 2, §2): each must fail the production check with a message naming it.

Fictional people in a temporary repository; every key is a throwaway ssh-keygen key (see conftest). Priya's part is
played by Alan Author (he writes), Bruno's by Ada Clinician (declared clinical reviewer), Mallory is declared nowhere.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from editorial import Repository
from editorial.ledger import append_entry, line_hash

from .conftest import ADA, ALAN, ARTICLE, EDITH, MALLORY, TOM, allowed_signers, public_of

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
LEDGER = "ledger/articles/cold-agglutinin.jsonl"


def production(repo) -> tuple[int, str]:
    return repo.editorial("check", "--production")


def until_review(repo, page: str = ARTICLE) -> None:
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        code, out = repo.editorial(command, page, who=who)
        assert code == 0, out
        repo.commit(command, "ledger", who=who)


def status(repo, page: str = ARTICLE) -> str | None:
    return Repository(repo.root, strict=True).review(page).status


def test_a1c_the_creator_cannot_approve_once_someone_else_submits(repo):
    """A1c: the creator of a page (its ledger's `created` line) may not approve it once someone else has submitted
    it: the CLI refuses."""
    extra = "  - {id: alan, name: Alan Author, credentials: MD, role: clinical, email: alan@example.org}"
    text = (
        (repo.root / "editorial.yml")
        .read_text()
        .replace("    email: tom@example.org\n", f"    email: tom@example.org\n{extra}\n")
    )
    (repo.root / "editorial.yml").write_text(text)
    (repo.root / "allowed_signers").write_text(allowed_signers("edith", "ada", "tom", "alan"))
    repo.commit("Declare Alan as a clinical reviewer", who=EDITH)
    code, out = repo.editorial("new", "docs/articles/mine.md", "--title", "Mine", who=ALAN)
    repo.commit("new page", who=ALAN)
    for command, who in (("submit", TOM), ("start-review", ADA)):
        assert repo.editorial(command, "docs/articles/mine.md", who=who)[0] == 0
        repo.commit(command, "ledger", who=who)
    code, out = repo.editorial("approve", "docs/articles/mine.md", who=ALAN)
    assert code == 1 and "nobody approves their own change" in out


def test_a1d_a2c_declaring_yourself_a_reviewer_breaks_the_chain_of_trust(repo):
    """A1d (a second identity of one's own) and A2c (declaring oneself): a change to editorial.yml and
    allowed_signers signed by no allowed key breaks the chain of trust, production names the commit, and a revert
    restores the site."""
    text = (repo.root / "editorial.yml").read_text()
    text = text.replace(
        "    email: tom@example.org\n",
        "    email: tom@example.org\n  - {id: pdr, name: P. D. Rao, credentials: MD, role: clinical, email: pdr@example.net}\n",
    )
    (repo.root / "editorial.yml").write_text(text)
    repo.append("allowed_signers", f"pdr@example.net {public_of(MALLORY)}\n")
    repo.commit("tidy", who=MALLORY)  # signed with Mallory's own key, which nobody allowed
    code, out = production(repo)
    assert code == 1
    assert "chain of trust: commit" in out and "changed editorial.yml or allowed_signers without a good SSH" in out
    # ...and an approval under the self-declared identity, signed with the same key, does not count either.
    until_review(repo)
    repo.git("config", "user.signingkey", "")
    code, out = repo.editorial("approve", ARTICLE, who=("P. D. Rao", "pdr@example.net"), key=False)
    assert code == 1 and "a signed commit is required" in out
    # A revert restores the trusted declarations, and the site builds again.
    repo.git("revert", "--no-edit", "-S", repo.git("log", "--format=%H", "--grep=tidy").strip(), who=EDITH)
    code, out = production(repo)
    assert code == 0, out


def test_a1e_approving_under_someone_elses_git_identity(repo):
    """A1e and A7c: Alan sets Ada's git identity and approves, signing with his own key: the approval does not
    count, and production says no principal matched."""
    until_review(repo)
    code, out = repo.editorial("approve", ARTICLE, who=ADA)
    assert code == 0
    repo.commit("approve", "ledger", who=ADA, key=ALAN)  # Alan's commit, configured as Ada, signed with his key
    assert status(repo) == "under_review"
    code, out = production(repo)
    assert code == 1
    assert f"{LEDGER}:3: field 'reviewer': approval does not count" in out and "no principal matched" in out


def test_a6_a7h_history_rewritten_so_an_approval_covers_other_text(repo):
    """A6 and A7h: `git filter-branch` rewrites the page and every ledger hash so that Ada's approval covers text she
    never saw; the rewritten commits lose their signatures, so the approval does not count and production fails."""
    until_review(repo)
    repo.editorial("approve", ARTICLE, who=ADA)
    repo.commit("approve", "ledger", who=ADA)
    # Rewrite the page in every commit, and the hashes in the ledger, keeping authors and dates (filter-branch).
    script = "sed -i 's/A fictional article for tests./Give 2 g of drug X daily./' docs/articles/cold-agglutinin.md"
    env = {**os.environ, "FILTER_BRANCH_SQUELCH_WARNING": "1"}
    import subprocess

    done = subprocess.run(
        ["git", "-C", str(repo.root), "filter-branch", "-f", "--tree-filter", script, "HEAD"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    current = Repository(repo.root).review(ARTICLE).current_hash
    lines = [json.loads(line) for line in (repo.root / LEDGER).read_text().splitlines()]
    for line in lines:
        line["content_hash"] = current
    text = ""
    previous = None
    for line in lines:
        line["prev"] = previous
        raw = json.dumps(line)
        text += raw + "\n"
        previous = line_hash(raw)
    (repo.root / LEDGER).write_text(text)
    done = subprocess.run(
        [
            "git",
            "-C",
            str(repo.root),
            "filter-branch",
            "-f",
            "--tree-filter",
            f"cp {repo.root / LEDGER} {LEDGER}",
            "HEAD",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert status(repo) != "approved"
    code, out = production(repo)
    assert code == 1 and "no good SSH signature" in out  # rewritten commits lose their signatures


def test_a7d_own_key_under_the_reviewers_name(repo):
    """A7d: Alan appends his own key under Ada's e-mail to allowed_signers and signs an approval as Ada: the change
    to allowed_signers breaks the chain of trust, and production fails."""
    repo.append("allowed_signers", f"{ADA[1]} {public_of(ALAN)}\n")
    repo.commit("tidy", who=ALAN)
    until_review(repo)
    repo.editorial("approve", ARTICLE, who=ADA)
    repo.commit("approve", "ledger", who=ADA, key=ALAN)
    assert status(repo) == "under_review"
    code, out = production(repo)
    assert code == 1
    assert "chain of trust" in out and "vouches for nothing" in out


def test_a7e_deleting_allowed_signers_does_not_switch_checks_off(repo):
    """A7e (and A1e, whose premise was a repository without allowed_signers): deleting allowed_signers does not
    switch signatures off; production names the missing file."""
    repo.git("rm", "-q", "allowed_signers")
    repo.commit("remove stale file", who=ALAN)
    until_review(repo)
    repo.editorial("approve", ARTICLE, who=ADA)
    repo.commit("approve", "ledger", who=ADA, sign=False)
    assert status(repo) == "under_review"
    code, out = production(repo)
    assert code == 1
    assert "allowed_signers: missing, but editorial.yml declares reviewers" in out


def test_a7g_a_rotated_key_keeps_past_approvals(repo):
    """A7g: an honest key rotation, signed by a trusted signer, keeps the approvals signed with the old key: they
    are checked against allowed_signers as it stood at the approval, and the site builds."""
    until_review(repo)
    repo.editorial("approve", ARTICLE, who=ADA)
    repo.commit("approve", "ledger", who=ADA)
    # Ada's key replaced by a new one (here Tom's public key stands in for her new key), signed by Edith.
    (repo.root / "allowed_signers").write_text(allowed_signers("edith", "tom") + f"{ADA[1]} {public_of(MALLORY)}\n")
    repo.commit("Rotate Ada's key", who=EDITH)
    assert status(repo) == "approved"  # checked against allowed_signers as it stood at the approval
    code, out = production(repo)
    assert code == 0, out


def test_a8_approval_dated_in_the_future_or_the_past(repo):
    """A8a (dated in the future) and A8b (backdated): an approval whose `at` is hours away from its commit's time,
    or earlier than the line before it, does not count and fails production."""
    until_review(repo)
    current = Repository(repo.root).review(ARTICLE).current_hash
    for when in ("2031-06-01T00:00:00Z", "2025-01-15T00:00:00Z"):
        append_entry(
            repo.root,
            ARTICLE,
            event="approved",
            by=f"{ADA[0]} <{ADA[1]}>",
            content_hash=current,
            reviewer="ada",
            role="clinical",
            at=when,
        )
        repo.commit("approve", "ledger", who=ADA)
        code, out = production(repo)
        assert code == 1
        assert "more than 12 hours from its commit" in out or "never go backwards" in out
        assert status(repo) != "approved"
        repo.git("reset", "-q", "--hard", "HEAD~1")


def test_a8c_a_longer_review_interval_is_capped(repo):
    """A8c: `review_interval_months: 1200` is capped at the policy's 36 months, and the check names the field."""
    text = (repo.root / ARTICLE).read_text().replace("title:", "review_interval_months: 1200\ntitle:")
    (repo.root / ARTICLE).write_text(text)
    repo.commit("interval")
    repo.approve_article()
    review = Repository(repo.root).review(ARTICLE)
    assert review.interval_months == 36
    assert (review.next_review_due - review.last_reviewed).days < 37 * 31
    _code, out = repo.editorial("check")
    assert "is 1200, longer than editorial.yml's 36" in out


def test_b4_renaming_a_reviewer_does_not_relabel_past_approvals(repo):
    """B4: renaming a reviewer in editorial.yml does not relabel past approvals: the approval line's snapshot is
    shown, and production names the mismatch."""
    repo.approve_article()
    text = (repo.root / "editorial.yml").read_text().replace("name: Ada Clinician", "name: Prof. Famous Name")
    (repo.root / "editorial.yml").write_text(text)
    repo.commit("Rename", who=EDITH)
    review = Repository(repo.root, strict=True).review(ARTICLE)
    assert review.status == "approved"
    assert [r.name for r in review.reviewers] == ["Ada Clinician"]
    assert json.loads((repo.root / LEDGER).read_text().splitlines()[-1])["name"] == "Ada Clinician"
    code, out = production(repo)
    assert (
        code == 0
        and "approved by Ada Clinician, MD, fictional haematologist; editorial.yml now says Prof. Famous" in out
    )


def test_retired_reviewer_keeps_past_approvals_and_approves_no_more(repo):
    """O2 (a reviewer leaves the board), the documented way: `editorial reviewer retire` keeps past approvals
    valid and the site building, and refuses new approvals."""
    repo.approve_article()
    code, out = repo.editorial("reviewer", "retire", "ada", who=EDITH)
    assert code == 0, out
    assert "Recorded as Edith Editor <edith@example.org>." in out and "git commit -S" in out
    repo.commit("Ada retires", who=EDITH)
    assert status(repo) == "approved"
    code, out = production(repo)
    assert code == 0, out
    for command, who in (("submit", ALAN), ("start-review", TOM)):
        repo.editorial(command, ARTICLE, who=who)
    code, out = repo.editorial("approve", ARTICLE, who=ADA)
    assert code == 1 and "retired on" in out


def test_reviewer_add_declares_and_allows_a_key_in_one_signed_commit(repo):
    code, out = repo.editorial(
        "reviewer",
        "add",
        "--id",
        "carl",
        "--name",
        "Carl Coauthor",
        "--credentials",
        "MD, fictional",
        "--role",
        "clinical",
        "--email",
        "carl@example.org",
        "--key",
        public_of(MALLORY),
        who=EDITH,
    )
    assert code == 0, out
    assert "git add editorial.yml allowed_signers .github/CODEOWNERS && git commit -S -m" in out
    assert "carl@example.org" in (repo.root / ".github/CODEOWNERS").read_text()  # regenerated with it
    assert "Recorded as Edith Editor <edith@example.org>." in out
    assert f"carl@example.org {public_of(MALLORY)}" in (repo.root / "allowed_signers").read_text()
    declared = repo.commit("Declare Carl", who=EDITH)
    assert "carl" in Repository(repo.root).declarations.reviewers
    code, out = repo.editorial("reviewer", "list")
    assert (
        f"carl: Carl Coauthor, MD, fictional (clinical reviewer) <carl@example.org>; declared in commit {declared[:12]}"
        in out
    )
    assert "by Edith Editor <edith@example.org>, signed by edith@example.org" in out
    code, out = production(repo)
    assert code == 0, out


def test_the_first_reviewer_starts_the_chain_of_trust(tmp_path, capsys):
    """A repository with no reviewer yet (as IgM Guide is today) declares its first one with `reviewer add`."""
    from .conftest import Repo

    repo = Repo(tmp_path / "fresh", capsys)
    import subprocess

    subprocess.run(["git", "init", "-q", "-b", "main", str(repo.root)], check=True)
    repo.write("editorial.yml", "reviewers: []\nexempt: [index.md]\n")
    repo.write("docs/index.md", "# Home\n")
    repo.commit("Start", who=EDITH)
    code, out = repo.editorial(
        "reviewer",
        "add",
        "--id",
        "ada",
        "--name",
        "Ada Clinician",
        "--credentials",
        "MD",
        "--role",
        "clinical",
        "--email",
        ADA[1],
        "--key",
        public_of(ADA),
        who=EDITH,
    )
    assert code == 0, out and "chain of trust starts with your key" in out
    repo.commit("Declare Ada", who=EDITH)
    code, out = production(repo)
    assert code == 0, out
    signers = (repo.root / "allowed_signers").read_text()
    assert EDITH[1] in signers and ADA[1] in signers
    # The same declaration unsigned is refused by the production check.
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.editorial(
        "reviewer",
        "add",
        "--id",
        "ada",
        "--name",
        "Ada Clinician",
        "--credentials",
        "MD",
        "--role",
        "clinical",
        "--email",
        ADA[1],
        "--key",
        public_of(ADA),
        who=EDITH,
    )
    repo.commit("Declare Ada", who=EDITH, sign=False)
    code, out = production(repo)
    assert code == 1 and "declares the first reviewer, but it has no good SSH signature" in out


def test_a_self_declaration_removed_after_approving_does_not_vouch(repo):
    """A2c and A1d, then covered up: a self-declaration used to approve, then reverted; the approval still does not
    count (a declaration nobody trusted vouches for no one)."""
    text = (
        (repo.root / "editorial.yml")
        .read_text()
        .replace(
            "    email: tom@example.org\n",
            "    email: tom@example.org\n  - {id: mal, name: Mallory Nobody, credentials: MD, role: clinical, email: mallory@example.org}\n",
        )
    )
    (repo.root / "editorial.yml").write_text(text)
    repo.append("allowed_signers", f"{MALLORY[1]} {public_of(MALLORY)}\n")
    declared = repo.commit("tidy", who=MALLORY)
    until_review(repo)
    repo.editorial("approve", ARTICLE, who=MALLORY)
    repo.commit("approve", "ledger", who=MALLORY)
    repo.git("revert", "--no-edit", "-S", declared, who=EDITH)  # the declaration undone, the approval left behind
    assert status(repo) == "under_review"
    code, out = production(repo)
    assert code == 1 and "approval does not count" in out


def test_a3d_deleting_the_last_line_is_named_with_its_commit(repo):
    """A3d: deleting the last ledger line (the approval) is named with the commit that removed it and the fix."""
    repo.approve_article()
    lines = (repo.root / LEDGER).read_text().splitlines(keepends=True)
    (repo.root / LEDGER).write_text("".join(lines[:-1]))
    bad = repo.commit("drop the approval", who=ALAN)
    code, out = production(repo)
    assert code == 1 and f"commit {bad[:12]} removed line(s) 3-3" in out and "git revert" in out


def test_a5_an_approval_copied_to_another_page_does_not_count(repo):
    """A5b: Ada's approval copied to another page's ledger with page, seq, prev and hash fixed, committed by Alan:
    it does not count, and production names the line."""
    repo.approve_article()
    other = "docs/articles/other.md"
    repo.write(other, "---\ntitle: Other\nlast_updated: 2026-01-01\n---\n\nOther text.\n")
    repo.editorial("submit", other)
    repo.editorial("start-review", other, who=ADA)
    repo.commit("other", who=ALAN)
    approval = json.loads((repo.root / LEDGER).read_text().splitlines()[-1])
    target = "ledger/articles/other.jsonl"
    previous = (repo.root / target).read_text().splitlines()[-1]
    approval.update(seq=3, page=other, prev=line_hash(previous))
    approval["content_hash"] = Repository(repo.root).review(other).current_hash
    repo.append(target, json.dumps(approval) + "\n")
    repo.commit("copy", who=ALAN)
    assert status(repo, other) == "under_review"
    code, out = production(repo)
    assert code == 1 and f"{other}: ledger/articles/other.jsonl:3: field 'reviewer': approval does not count" in out


def test_a1c_an_approval_by_the_creator_written_by_hand_fails_production(repo):
    """A1c: Alan creates a page (`editorial new`, the ledger's `created` line), Tom commits the text and submits it, and
    Alan, also a declared reviewer, appends an approval by hand in his own signed commit: it does not count."""
    extra = "  - {id: alan, name: Alan Author, credentials: MD, role: clinical, email: alan@example.org}"
    text = (
        (repo.root / "editorial.yml")
        .read_text()
        .replace("    email: tom@example.org\n", f"    email: tom@example.org\n{extra}\n")
    )
    (repo.root / "editorial.yml").write_text(text)
    (repo.root / "allowed_signers").write_text(allowed_signers("edith", "ada", "tom", "alan"))
    repo.commit("Declare Alan as a clinical reviewer", who=EDITH)
    page = "docs/articles/mine.md"
    code, out = repo.editorial("new", page, "--title", "Mine", who=ALAN)
    assert code == 0, out
    repo.write(page, "---\ntitle: Mine\nauthors:\n  - Tom Technical\n---\n\nText Tom wrote.\n")
    repo.commit("new page", who=TOM)  # Alan is not a git author of the page: only the ledger knows he created it
    for command, who in (("submit", TOM), ("start-review", ADA)):  # Tom is an author: a reviewer starts review
        assert repo.editorial(command, page, who=who)[0] == 0
        repo.commit(command, "ledger", who=who)
    current = Repository(repo.root).review(page).current_hash
    append_entry(
        repo.root,
        page,
        event="approved",
        by=f"{ALAN[0]} <{ALAN[1]}>",
        content_hash=current,
        reviewer="alan",
        role="clinical",
    )
    repo.commit("approve", "ledger", who=ALAN)
    assert status(repo, page) == "under_review"
    code, out = production(repo)
    assert code == 1
    assert f"{page}: ledger/articles/mine.jsonl:4: field 'reviewer': approval does not count" in out
    assert "created this page; nobody approves their own change" in out


def test_a8c_a_longer_interval_is_capped_and_named_by_production(repo):
    """A8c: `review_interval_months: 1200` does not lengthen the review: the policy's 36 months apply, and the
    production check names the field (a warning: the page is reviewed on the policy's schedule, so it still builds)."""
    text = (repo.root / ARTICLE).read_text().replace("title:", "review_interval_months: 1200\ntitle:")
    (repo.root / ARTICLE).write_text(text)
    repo.commit("interval")
    repo.approve_article()
    review = Repository(repo.root, strict=True).review(ARTICLE)
    assert review.status == "approved" and review.interval_months == 36
    assert review.next_review_due.year - review.last_reviewed.year == 3
    code, out = production(repo)
    assert code == 0, out
    assert f"warning: {ARTICLE}: front matter field 'review_interval_months' is 1200, longer than" in out
