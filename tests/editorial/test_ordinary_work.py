"""Ordinary team actions (editor audit 2, §2.3) leave the site building; ledger attacks that look like them (B1,
B2, B5, B8) fail production with a message naming the page, the commit and the fix."""

from __future__ import annotations

import json
import textwrap

from editorial import Repository

from .conftest import ADA, ALAN, ARTICLE, EDITH, TOM

LEDGER = "ledger/articles/cold-agglutinin.jsonl"


def production(repo) -> tuple[int, str]:
    return repo.editorial("check", "--production")


def review(repo, page: str = ARTICLE):
    return Repository(repo.root, strict=True).review(page)


def test_a_reviewer_fixing_a_comma_keeps_their_approval_and_the_site(repo):
    repo.approve_article()
    path = repo.root / ARTICLE
    path.write_text(path.read_text().replace("fictional article", "fictional, article"))
    repo.commit("typo", who=ADA)
    now = review(repo)
    assert not now.ledger_state.ignored  # authorship is judged up to the approval: Ada did not write what she approved
    assert now.changed_since_approval and now.earlier_approval
    code, out = production(repo)
    assert code == 0, out
    code, out = repo.editorial("submit", ARTICLE)  # the next step is legal: nothing is stuck
    assert code == 0, out
    repo.git("reset", "-q", "--hard")
    repo.git("revert", "--no-edit", "HEAD")  # and a revert restores Approved
    assert review(repo).status == "approved"


def test_a_revert_of_a_committed_hand_edit_restores_the_ledger(repo):
    repo.approve_article()
    lines = (repo.root / LEDGER).read_text().splitlines()
    data = json.loads(lines[0])
    data["note"] = "edited by hand"
    (repo.root / LEDGER).write_text("\n".join([json.dumps(data), *lines[1:]]) + "\n")
    bad = repo.commit("hand edit", who=ALAN)
    code, out = production(repo)
    assert code == 1 and f"commit {bad[:12]} rewrote line 1" in out and "git revert" in out
    repo.git("revert", "--no-edit", "-S", bad, who=EDITH)
    code, out = production(repo)
    assert code == 0, out
    assert review(repo).status == "approved"


def test_b1_a_deleted_ledger_is_named_with_its_commit_and_a_revert_restores_it(repo):
    repo.approve_article()
    text = (repo.root / "editorial.yml").read_text().replace(", articles/cold-agglutinin.md]", "]")
    (repo.root / "editorial.yml").write_text(text)
    repo.commit("No exemption", who=EDITH)
    repo.git("rm", "-q", LEDGER)
    gone = repo.commit("drop ledger", who=ALAN)
    code, out = production(repo)
    assert code == 1
    assert f"{ARTICLE}: malformed ledger: {LEDGER} was deleted in commit {gone[:12]}" in out
    assert f"git revert {gone[:12]}" in out
    repo.git("revert", "--no-edit", gone)
    code, out = production(repo)
    assert code == 0, out


def test_b2_a_page_added_with_plain_git_is_under_no_review(repo):
    repo.write(
        "docs/articles/sneaky.md", "---\ntitle: Sneaky\nlast_updated: 2026-01-01\n---\n\nUnreviewed dosing advice.\n"
    )
    repo.commit("add a page", who=ALAN)
    code, out = production(repo)
    assert code == 1
    assert "docs/articles/sneaky.md: under no review: no ledger (ledger/articles/sneaky.jsonl)" in out
    assert "editorial submit docs/articles/sneaky.md" in out
    code, out = repo.editorial("status")
    assert "docs/articles/sneaky.md: UNDER NO REVIEW" in out


def test_b5_a_merge_that_erases_a_withdrawal_is_named(repo):
    repo.approve_article()
    approved = repo.git("rev-parse", "HEAD").strip()
    code, out = repo.editorial("withdraw", ARTICLE, "--note", "wrong dose", who=ADA)
    assert code == 0, out
    repo.commit("withdraw", "ledger", who=ADA)
    repo.git("checkout", "-q", "-b", "hide", approved)
    repo.git("merge", "-q", "-s", "ours", "--no-edit", "main", who=ALAN)
    merge = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "hide")
    assert review(repo).status != "approved"
    code, out = production(repo)
    assert code == 1
    assert f"merge commit {merge[:12]} drops or changes line 4 of the ledger of its parent" in out
    assert "never squash, rebase or -s ours" in out


def test_b8_a_squash_merge_that_re_records_an_approval_is_a_clear_error(repo):
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        repo.editorial(command, ARTICLE, who=who)
        repo.commit(command, "ledger", who=who)
    repo.git("checkout", "-q", "-b", "pr")
    repo.editorial("approve", ARTICLE, who=ADA)
    repo.commit("approve", "ledger", who=ADA)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--squash", "pr")
    repo.commit("Squash merge", who=ALAN)
    code, out = production(repo)
    assert code == 1
    assert "approval does not count: recorded in commit" in out and "squash" in out


def test_two_branches_appending_to_one_ledger_then_a_signed_repair(repo):
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        repo.editorial(command, ARTICLE, who=who)
        repo.commit(command, "ledger", who=who)
    base = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "-q", "-b", "a")
    repo.editorial("request-changes", ARTICLE, "--note", "branch a", who=ADA)
    repo.commit("a", "ledger", who=ADA)
    repo.git("checkout", "-q", "-b", "b", base)
    repo.editorial("request-changes", ARTICLE, "--note", "branch b", who=TOM)
    repo.commit("b", "ledger", who=TOM)
    repo.git("checkout", "-q", "a")
    import subprocess

    subprocess.run(["git", "-C", str(repo.root), "merge", "-q", "b"], capture_output=True)
    lines = [
        line
        for line in (repo.root / LEDGER).read_text().splitlines()
        if not line.startswith(("<<<<<<<", "=======", ">>>>>>>"))
    ]
    (repo.root / LEDGER).write_text("\n".join(lines) + "\n")  # "keep both", as people resolve such a conflict
    merge = repo.commit("Merge b", who=ALAN)
    code, out = production(repo)
    assert code == 1
    assert f"merge commit {merge[:12]}" in out and "editorial repair" in out
    code, out = repo.editorial("repair", ARTICLE, "--note", "two branches appended", who=EDITH)
    assert code == 0, out and "git commit -S" in out
    repo.commit("Repair the ledger", "ledger", who=EDITH)
    code, out = production(repo)
    assert code == 0, out
    entries = [json.loads(line) for line in (repo.root / LEDGER).read_text().splitlines()]
    assert entries[-1]["event"] == "repaired" and "dropped line(s): 4" in entries[-1]["note"]


def test_editorial_mv_keeps_the_ledger_and_the_approval(repo):
    repo.approve_article()
    repo.write("mkdocs.yml", "site_name: Test\nnav:\n  - CAD: articles/cold-agglutinin.md\n")
    repo.commit("nav", who=EDITH)
    code, out = repo.editorial("mv", ARTICLE, "docs/articles/cad.md", who=ALAN)
    assert code == 0, out
    assert "Recorded as Alan Author <alan@example.org>." in out
    repo.commit("Rename", who=ALAN)
    moved = review(repo, "docs/articles/cad.md")
    assert moved.status == "approved" and not moved.problems, moved.problems
    assert "articles/cad.md" in (repo.root / "mkdocs.yml").read_text()
    code, out = production(repo)
    assert code == 0, out


def test_a_malformed_ledger_is_shown_as_malformed_and_status_fails(repo):
    repo.approve_article()
    repo.append(LEDGER, '{"seq": 4, "page": "docs/articles/cold-agglutinin.md", "event": \n')
    code, out = repo.editorial("status")
    assert code == 1
    assert f"{ARTICLE}: MALFORMED LEDGER (shown as under_review): {LEDGER}:4: not valid JSON" in out
    (repo.root / LEDGER).write_bytes((repo.root / LEDGER).read_bytes() + b"\xff\n")
    code, out = repo.editorial("status")
    assert code == 1 and "not valid UTF-8" in out


def test_an_append_after_a_stripped_newline_starts_a_new_line(repo):
    repo.editorial("submit", ARTICLE)
    path = repo.root / LEDGER
    path.write_text(path.read_text().rstrip("\n"))
    code, out = repo.editorial("start-review", ARTICLE, who=ADA)
    assert code == 0, out
    assert len(path.read_text().splitlines()) == 2 and path.read_text().endswith("\n")
    assert not Repository(repo.root).review(ARTICLE).problems


def test_periodic_re_review_keeps_the_page_approved(repo):
    repo.approve_article()
    _code, _out = repo.editorial("submit", ARTICLE)
    repo.commit("three-yearly review", "ledger")
    now = review(repo)
    assert now.status == "submitted" and now.earlier_approval
    from editorial.published import shown

    view = shown(Repository(repo.root, strict=True), now)
    assert view.status == "approved" and view.revision_under_review


def test_check_warns_on_a_published_page_missing_from_the_nav(repo):
    repo.write(
        "mkdocs.yml",
        textwrap.dedent("""\
        site_name: Test
        nav:
          - Home: index.md
        """),
    )
    repo.editorial("submit", ARTICLE)
    _code, out = repo.editorial("check")
    assert f"warning: {ARTICLE}: published but not in the nav of mkdocs.yml" in out


def test_a_reviewer_removed_from_the_board_keeps_past_approvals(repo):
    repo.approve_article()
    text = (repo.root / "editorial.yml").read_text()
    start = text.index("  - id: ada")
    end = text.index("  - id: tom")
    (repo.root / "editorial.yml").write_text(text[:start] + text[end:])
    repo.commit("Ada leaves the board", who=EDITH)
    assert review(repo).status == "approved"
    code, out = production(repo)
    assert code == 0, out
    assert "no longer declared in editorial.yml" in out and "editorial reviewer retire ada" in out
