"""Ordinary team actions (editor audit 2, §2.3) leave the site building; ledger attacks that look like them (B1,
B2, B5, B8) fail production with a message naming the page, the commit and the fix."""

from __future__ import annotations

import json
import textwrap

import pytest

from editorial import Repository

from .conftest import ADA, ALAN, ARTICLE, EDITH, TOM

LEDGER = "ledger/articles/cold-agglutinin.jsonl"


def production(repo) -> tuple[int, str]:
    return repo.editorial("check", "--production")


def review(repo, page: str = ARTICLE):
    return Repository(repo.root, strict=True).review(page)


def test_a_reviewer_fixing_a_comma_keeps_their_approval_and_the_site(repo):
    """O1: a reviewer fixing a comma on a page they approved keeps their approval (authorship is judged up to the
    approval), production passes, the next step is legal, and a revert restores Approved."""
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
    """O4: a committed hand edit of a ledger is named with its commit, and a revert of it restores the ledger and
    the site."""
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
    """B1, RS5.13 and O5: deleting a page's ledger fails production naming the commit that deleted it, and a revert
    restores the site."""
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
    """B2: an article added with plain git (no ledger, not exempt) fails production as under no review, with the
    command that brings it in; `editorial status` says so."""
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
    """B5: a `-s ours` merge that erases a withdrawal (signatures on) is named with the line it drops and the way
    to merge; the page is not shown approved."""
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
    """B8: a squash merge re-records Ada's approval under the merger's name: it does not count, and the message
    says to merge with a merge commit."""
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
    """O7: two branches append to one ledger and the conflict is resolved by keeping both lines: production names
    the merge and `editorial repair`, and a signed repair brings the site back."""
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
    """O6: `editorial mv` renames a page with its ledger, the approval and the nav entry, and the site builds."""
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
    """RS5.1 and RS5.5 (#8): `editorial status` shows a truncated or non-UTF-8 ledger as MALFORMED and exits 1
    (it used to say 'no ledger' and exit 0)."""
    repo.approve_article()
    repo.append(LEDGER, '{"seq": 4, "page": "docs/articles/cold-agglutinin.md", "event": \n')
    code, out = repo.editorial("status")
    assert code == 1
    assert f"{ARTICLE}: MALFORMED LEDGER (shown as under_review): {LEDGER}:4: not valid JSON" in out
    (repo.root / LEDGER).write_bytes((repo.root / LEDGER).read_bytes() + b"\xff\n")
    code, out = repo.editorial("status")
    assert code == 1 and "not valid UTF-8" in out


def test_an_append_after_a_stripped_newline_starts_a_new_line(repo):
    """RS5.10 (#4): an append to a ledger that lost its final newline starts a new line instead of gluing two
    events together."""
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
    """O2: a reviewer removed from editorial.yml keeps their past approvals (judged against the declarations at the
    approval), production passes and names the removal with the `retire` fix."""
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


# --- §2.3 actions and reliability review §5 ledger faults that had no test of their own ---


def _until_review(repo) -> None:
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        code, out = repo.editorial(command, ARTICLE, who=who)
        assert code == 0, out
        repo.commit(command, "ledger", who=who)


def test_o3_an_unsigned_approval_is_named_and_a_signed_repair_recovers(repo):
    """O3 (signatures switched on after unsigned approvals exist): an approval committed without a signature, where
    signatures are required, fails production with a message about the signature (not a state-machine error); the
    next events stay legal; and the way the messages point (revert, a signed repair, approve again signed) brings the
    site back."""
    _until_review(repo)
    assert repo.editorial("approve", ARTICLE, who=ADA)[0] == 0
    unsigned = repo.commit("approve", "ledger", who=ADA, sign=False)
    code, out = production(repo)
    assert code == 1
    assert f"{LEDGER}:3: field 'reviewer': approval does not count: commit {unsigned[:12]} has no good SSH" in out
    assert "not allowed from" not in out
    code, out = repo.editorial("submit", ARTICLE)  # the ignored approval leaves the workflow usable
    assert code == 0, out
    repo.git("checkout", "-q", "--", LEDGER)
    repo.git("revert", "--no-edit", "-S", unsigned, who=ADA)
    code, out = production(repo)
    assert code == 1 and "removed line(s) 3-3" in out and "editorial repair" in out
    code, out = repo.editorial("repair", ARTICLE, "--note", "unsigned approval reverted", who=EDITH)
    assert code == 0, out
    repo.commit("Repair", "ledger", who=EDITH)
    code, out = repo.editorial("approve", ARTICLE, who=ADA)
    assert code == 0, out
    repo.commit("approve, signed", "ledger", who=ADA)
    code, out = production(repo)
    assert code == 0, out
    assert review(repo).status == "approved"


def test_o5_a_deleted_ledger_cannot_be_restarted_but_a_revert_restores_it(repo):
    """O5 (delete a ledger and start again): starting a new ledger on the path is refused up front with the commit that
    deleted the old one and the fix; the revert it names brings the approval and the site back."""
    repo.approve_article()
    text = (repo.root / "editorial.yml").read_text().replace(", articles/cold-agglutinin.md]", "]")
    (repo.root / "editorial.yml").write_text(text)
    repo.commit("No exemption", who=EDITH)
    repo.git("rm", "-q", LEDGER)
    gone = repo.commit("drop ledger", who=ALAN)
    code, out = repo.editorial("submit", ARTICLE)
    assert code == 1
    assert f"{LEDGER}: commit {gone[:12]} deleted the ledger, which had 3 line(s)" in out and "git revert" in out
    assert not (repo.root / LEDGER).exists()  # nothing written
    code, out = production(repo)
    assert code == 1 and f"{LEDGER} was deleted in commit {gone[:12]}" in out
    repo.git("revert", "--no-edit", "-S", gone, who=EDITH)
    code, out = production(repo)
    assert code == 0, out
    assert review(repo).status == "approved"


def test_o6_a_page_renamed_with_git_mv_is_named_and_undone_by_a_revert(repo):
    """O6 (rename a page with `git mv`, page and ledger together): production names the ledger's `page` field; a revert
    restores the site (`editorial mv`, in test_editorial_mv_keeps_the_ledger_and_the_approval, is the way to rename)."""
    repo.approve_article()
    repo.git("mv", ARTICLE, "docs/articles/cad.md")
    repo.git("mv", LEDGER, "ledger/articles/cad.jsonl")
    repo.commit("Rename", who=ALAN)
    code, out = production(repo)
    assert code == 1
    assert (
        f"docs/articles/cad.md: malformed ledger: ledger/articles/cad.jsonl:1: field 'page' is '{ARTICLE}', "
        "but this ledger belongs to docs/articles/cad.md" in out
    )
    repo.git("revert", "--no-edit", "-S", "HEAD", who=ALAN)
    code, out = production(repo)
    assert code == 0, out
    assert review(repo).status == "approved"


def test_o7_a_merge_keeping_one_side_does_not_drop_the_other_sides_event_silently(repo):
    """O7 (two branches append to one ledger), resolved with `-X ours`: the other branch's event would vanish; the
    merge is named with the line it drops and the signed repair that fixes it."""
    _until_review(repo)
    base = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "-q", "-b", "a")
    repo.editorial("request-changes", ARTICLE, "--note", "branch a", who=ADA)
    repo.commit("a", "ledger", who=ADA)
    repo.git("checkout", "-q", "-b", "b", base)
    repo.editorial("request-changes", ARTICLE, "--note", "branch b", who=TOM)
    repo.commit("b", "ledger", who=TOM)
    repo.git("checkout", "-q", "a")
    repo.git("merge", "-q", "-S", "-X", "ours", "--no-edit", "b", who=ALAN)
    merge = repo.git("rev-parse", "HEAD").strip()
    assert "branch b" not in (repo.root / LEDGER).read_text()
    code, out = production(repo)
    assert code == 1
    assert f"merge commit {merge[:12]} drops or changes line 3 of the ledger of its parent" in out
    assert "editorial repair" in out


def _approved_ledger(repo) -> bytes:
    repo.approve_article()
    return (repo.root / LEDGER).read_bytes()


# reliability review §5: (finding, how the committed ledger is damaged, what the message must name, whether the damage
# appended a line: a revert then removes a line the history holds, which only a signed repair may do)
LEDGER_FAULTS = {
    "RS5.1 truncated mid-line": (lambda good: good[:-150], f"{LEDGER}:3: not valid JSON", False),
    "RS5.2 invalid JSON on line 1": (
        lambda good: good.replace(b'"event": "submitted"', b'"event": submitted', 1),
        f"{LEDGER}:1: not valid JSON",
        False,
    ),
    "RS5.3 UTF-8 BOM": (
        lambda good: b"\xef\xbb\xbf" + good,
        f"{LEDGER}:1: not valid JSON (Unexpected UTF-8 BOM",
        False,
    ),
    "RS5.5 invalid UTF-8 byte": (lambda good: good.replace(b"Ada", b"Ad\xff", 1), "not valid UTF-8", False),
    "RS5.6 JSON nested 100 000 deep": (
        lambda good: good + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        f"{LEDGER}:4: not a usable JSON line",
        True,
    ),
    "RS5.7 a 5000-digit integer": (
        lambda good: good + b'{"seq": ' + b"9" * 5000 + b"}\n",
        f"{LEDGER}:4: not a usable JSON line",
        True,
    ),
    "RS5.8 empty file": (lambda good: b"", f"{LEDGER}: empty ledger; delete it or record an event", False),
    "RS5.9 trailing blank line": (lambda good: good + b"\n", f"{LEDGER}:4: blank line", True),
}


@pytest.mark.parametrize("name", LEDGER_FAULTS)
def test_rs5_a_damaged_ledger_is_named_by_every_command_without_a_traceback(repo, name):
    """RS5.1, RS5.2, RS5.3, RS5.5, RS5.6, RS5.7, RS5.8, RS5.9: each damaged ledger makes `editorial status` say
    MALFORMED and exit 1 (not "no ledger", exit 0), and `check --production` fail naming the file and line, with no
    traceback (the build runs the same check first). A revert of the damage restores the site; where the damage
    appended a line, the revert is named as removing it and a signed `editorial repair` completes the recovery."""
    damage, message, appended = LEDGER_FAULTS[name]
    (repo.root / LEDGER).write_bytes(damage(_approved_ledger(repo)))
    bad = repo.commit("damage", who=ALAN)
    code, out = repo.editorial("status")
    assert code == 1 and f"{ARTICLE}: MALFORMED LEDGER" in out and message in out
    code, out = production(repo)
    assert code == 1 and f"error: {ARTICLE}: malformed ledger: " in out and message in out
    assert "Traceback" not in out
    repo.git("revert", "--no-edit", "-S", bad, who=EDITH)
    code, out = production(repo)
    if appended:
        assert code == 1 and "removed line(s) 4-4" in out and "editorial repair" in out
        code, out = repo.editorial("repair", ARTICLE, "--note", "a damaged line reverted", who=EDITH)
        assert code == 0, out
        repo.commit("Repair", "ledger", who=EDITH)
        code, out = production(repo)
    assert code == 0, out
    assert review(repo).status == "approved"


def test_rs5_4_crlf_line_endings_lose_nothing(repo):
    """RS5.4 (a note): a ledger converted to CRLF line endings and committed is read as the same events; the approval
    stands and production passes."""
    good = _approved_ledger(repo)
    (repo.root / LEDGER).write_bytes(good.replace(b"\n", b"\r\n"))
    repo.commit("CRLF", who=ALAN)
    assert review(repo).status == "approved"
    code, out = production(repo)
    assert code == 0, out


def test_rs5_12_rs5_13_a_deleted_ledger_with_or_without_a_typed_status(repo):
    """RS5.12: the ledger deleted and `review_status: under_review` left in the front matter; RS5.13 (#2): the same
    with the line removed too (test_b1_… covers it alone). Both fail production naming the deletion's commit; the
    typed status is refused as well."""
    repo.approve_article()
    text = (repo.root / "editorial.yml").read_text().replace(", articles/cold-agglutinin.md]", "]")
    (repo.root / "editorial.yml").write_text(text)
    repo.commit("No exemption", who=EDITH)
    repo.git("rm", "-q", LEDGER)
    page = (repo.root / ARTICLE).read_text()
    (repo.root / ARTICLE).write_text(page.replace("title:", "review_status: under_review\ntitle:"))
    gone = repo.commit("drop ledger, type the status", who=ALAN)
    code, out = production(repo)
    assert code == 1
    assert f"{LEDGER} was deleted in commit {gone[:12]}" in out
    assert f"{ARTICLE}:2: front matter field 'review_status' is refused" in out
    (repo.root / ARTICLE).write_text(page)
    repo.commit("untype the status", who=ALAN)
    code, out = production(repo)
    assert code == 1 and f"{LEDGER} was deleted in commit {gone[:12]}" in out
    assert "review_status" not in out
