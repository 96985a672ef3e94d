"""Each way to make a page look approved when it is not, caught with a message that names the page."""

from __future__ import annotations

import json

from editorial import Repository

from .conftest import ADA, ALAN, ARTICLE, CALC_PAGE, EDITH, MALLORY, TOM, make_repo

LEDGER = "ledger/articles/cold-agglutinin.jsonl"


def check(repo, *args: str) -> tuple[int, str]:
    return repo.editorial("check", *args)


def shown(repo, page: str = ARTICLE) -> str:
    return Repository(repo.root).review(page).status


def ledger_lines(repo, rel: str = LEDGER) -> list[dict]:
    return [json.loads(line) for line in (repo.root / rel).read_text().splitlines()]


def write_lines(repo, lines: list[dict], rel: str = LEDGER) -> None:
    (repo.root / rel).write_text("".join(json.dumps(line) + "\n" for line in lines))


def test_one_byte_changed_after_approval(repo):
    repo.approve_article()
    text = (repo.root / ARTICLE).read_text()
    (repo.root / ARTICLE).write_text(text.replace("fictional", "fictionaL"))
    review = Repository(repo.root).review(ARTICLE)
    assert review.status == "under_review" and review.changed_since_approval
    code, out = check(repo)
    assert code == 0  # while editing it is a warning: the page already shows as Under Review
    assert f"warning: {ARTICLE}: approval hash stale" in out
    code, out = check(repo, "--production")
    assert code == 0  # a stale page never stops the site: readers see the last approved version
    assert f"warning: {ARTICLE}: approval hash stale" in out
    assert "field 'content_hash'" in out and "changed since approval" in out and "last approved version" in out


def test_only_the_embedded_calculator_changed(repo):
    repo.editorial("submit", ARTICLE)  # every page under review control, so production passes
    for command, who in (("submit", ALAN), ("start-review", ADA), ("approve", ADA), ("approve", TOM)):
        assert repo.editorial(command, CALC_PAGE, who=who)[0] == 0
        repo.commit(command, "ledger", who=who)
    assert shown(repo, CALC_PAGE) == "approved"
    (repo.root / "calculators/demo.py").write_text("THRESHOLD = 4  # fictional\n")
    assert shown(repo, CALC_PAGE) == "under_review"
    code, out = check(repo, "--production")
    assert code == 0, out
    assert f"warning: {CALC_PAGE}: approval hash stale" in out


def test_hash_in_the_ledger_edited_to_cover_new_content(repo):
    """A3a (uncommitted) and A3b (committed), also RS5.11: the approval line's content_hash rewritten to cover new
    text is named as a rewrite of line 3, before and after the commit, and vouches for nothing."""
    repo.approve_article()
    (repo.root / ARTICLE).write_text((repo.root / ARTICLE).read_text() + "\nAn unreviewed claim.\n")
    lines = ledger_lines(repo)
    lines[-1]["content_hash"] = Repository(repo.root).review(ARTICLE).current_hash
    write_lines(repo, lines)
    assert shown(repo) == "under_review"  # the rewritten ledger vouches for nothing
    code, out = check(repo)
    assert code == 1
    assert f"{ARTICLE}: malformed ledger: {LEDGER}: an uncommitted edit rewrote line 3" in out
    repo.commit("Fix ledger", who=ADA)  # committing the lie does not make it true
    code, out = check(repo, "--production")
    assert code == 1
    assert f"{ARTICLE}: malformed ledger: {LEDGER}: commit" in out and "rewrote line 3" in out
    assert shown(repo) == "under_review"


def test_an_earlier_line_edited_breaks_the_chain(repo):
    """A3c: an earlier line edited (here who recorded it) breaks the hash chain at the next line, named by line and
    field."""
    repo.approve_article()
    lines = ledger_lines(repo)
    lines[0]["by"] = "Someone Else <else@example.org>"
    write_lines(repo, lines)
    code, out = check(repo)
    assert code == 1
    assert f"{ARTICLE}: malformed ledger: {LEDGER}:2: field 'prev' does not match line 1" in out


def test_ledger_that_is_not_json(repo):
    """RS5.2: a ledger line that is not JSON is named by file and line, and the check fails."""
    repo.approve_article()
    repo.append(LEDGER, "{not json\n")
    code, out = check(repo)
    assert code == 1
    assert f"{ARTICLE}: malformed ledger: {LEDGER}:4: not valid JSON" in out


def test_approve_as_the_author(tmp_path, capsys):
    """A1a: Alan, also declared a reviewer, approves his own page: the CLI refuses and records nothing, and the
    same approval written by hand does not count and fails the check."""
    extra = "  - {id: alan, name: Alan Author, credentials: MD, role: clinical, email: alan@example.org}"
    repo = make_repo(tmp_path / "repo", capsys, extra_reviewers=extra)
    repo.editorial("submit", ARTICLE)
    repo.editorial("start-review", ARTICLE, who=ADA)
    repo.commit("review", "ledger")
    code, out = repo.editorial("approve", ARTICLE, who=ALAN)
    assert code == 1
    assert ARTICLE in out and "nobody approves their own change" in out
    assert len(ledger_lines(repo)) == 2  # the refused approval was not recorded
    # Writing the approval into the ledger by hand is caught by the check.
    lines = ledger_lines(repo)
    forged = dict(
        lines[-1], seq=3, event="approved", reviewer="alan", role="clinical", by="Alan Author <alan@example.org>"
    )
    from editorial.ledger import line_hash

    forged["prev"] = line_hash((repo.root / LEDGER).read_text().splitlines()[-1])
    forged["content_hash"] = Repository(repo.root).review(ARTICLE).current_hash
    repo.append(LEDGER, json.dumps(forged) + "\n")
    repo.commit("approve", "ledger")
    assert shown(repo) == "under_review"
    code, out = check(repo)
    assert code == 1
    assert f"{ARTICLE}: {LEDGER}:3: field 'reviewer': approval does not count: approver 'alan' is an author" in out


def _forge_approval(repo, reviewer: str, role: str, by: str) -> None:
    from editorial.ledger import append_entry

    current = Repository(repo.root).review(ARTICLE).current_hash
    append_entry(repo.root, ARTICLE, event="approved", by=by, content_hash=current, reviewer=reviewer, role=role)


def test_approve_as_an_unknown_reviewer(repo):
    """A2a: Mallory, declared nowhere, runs `approve`: refused naming editorial.yml; a hand-written approval in
    her name does not count and fails the check as an unknown reviewer."""
    repo.editorial("submit", ARTICLE)
    repo.editorial("start-review", ARTICLE, who=ADA)
    code, out = repo.editorial("approve", ARTICLE, who=MALLORY)
    assert code == 1
    assert ARTICLE in out and "not a declared reviewer" in out and "field 'reviewers'" in out
    _forge_approval(repo, "mallory", "clinical", "Mallory Nobody <mallory@example.org>")
    repo.commit("approve", "ledger", who=MALLORY)
    assert shown(repo) == "under_review"
    code, out = check(repo)
    assert code == 1
    assert (
        f"{ARTICLE}: {LEDGER}:3: field 'reviewer': approval does not count: approver 'mallory' is not a declared reviewer"
        in out
    )
    assert "unknown reviewer" in out


def test_approval_in_a_declared_reviewers_name_committed_by_someone_else(repo):
    """A2b: Mallory hand-writes a valid, chained approval line in Ada's name and commits it as herself: it does not
    count, and the check names the commit's author."""
    repo.editorial("submit", ARTICLE)
    repo.editorial("start-review", ARTICLE, who=ADA)
    _forge_approval(repo, "ada", "clinical", "Ada Clinician <ada@example.org>")
    repo.commit("approve", "ledger", who=MALLORY)
    assert shown(repo) == "under_review"
    code, out = check(repo)
    assert code == 1
    assert f"{ARTICLE}: {LEDGER}:3: field 'reviewer'" in out and "<mallory@example.org>, not by ada" in out


def test_front_matter_claims_approved_without_a_ledger_entry(repo):
    """A4b (no ledger) and A4a (the ledger says submitted): the ledger is the only record of a review: a hand-typed
    status or reviewer list is refused, ledger or not."""
    text = (repo.root / ARTICLE).read_text().replace("title:", "review_status: approved\ntitle:")
    (repo.root / ARTICLE).write_text(text)
    code, out = check(repo)
    assert code == 1
    assert f"{ARTICLE}:2: front matter field 'review_status' is refused" in out
    repo.editorial("submit", ARTICLE)
    code, out = check(repo)
    assert code == 1
    assert f"{ARTICLE}:2: front matter field 'review_status' is refused" in out
    assert shown(repo) == "submitted"


def test_front_matter_names_an_unknown_reviewer(repo):
    text = (repo.root / ARTICLE).read_text().replace("title:", "reviewers: [mallory]\ntitle:")
    (repo.root / ARTICLE).write_text(text)
    repo.editorial("submit", ARTICLE)
    code, out = check(repo)
    assert code == 1
    assert f"{ARTICLE}:2: front matter field 'reviewers' is refused" in out


def test_overdue_review(repo):
    """A8b-prime: an approval more than the review interval old is overdue: a warning while editing, an error in
    production naming the date and `review_interval_months`."""
    repo.approve_article()
    review = Repository(repo.root).review(ARTICLE)
    later = review.next_review_due.replace(year=review.next_review_due.year + 1).isoformat()
    code, out = repo.editorial("--today", later, "check")
    assert code == 0
    assert f"warning: {ARTICLE}: overdue review" in out
    code, out = repo.editorial("--today", later, "check", "--production")
    assert code == 1
    assert f"error: {ARTICLE}: overdue review: last reviewed {review.last_reviewed}" in out
    assert "review_interval_months" in out


def test_production_check_refuses_uncommitted_ledger_lines(repo):
    """B6: an approval recorded but not committed shows while editing, and production refuses it (the site is built
    from committed records only)."""
    repo.editorial("submit", ARTICLE)
    repo.editorial("start-review", ARTICLE, who=ADA)
    repo.editorial("approve", ARTICLE, who=ADA)
    assert shown(repo) == "approved"  # while editing, the author sees the effect at once
    assert Repository(repo.root, strict=True).review(ARTICLE).status == "under_review"
    code, out = check(repo, "--production")
    assert code == 1
    assert f"error: {ARTICLE}: {LEDGER}: 3 ledger line(s) not committed" in out


def test_production_check_with_a_stale_approval_warns_and_passes(repo):
    """What `make build` runs before building: a stale approval is named, and does not stop the site."""
    repo.approve_article()
    (repo.root / ARTICLE).write_text((repo.root / ARTICLE).read_text() + "\n")
    repo.commit("edit")
    code, out = check(repo, "--production")
    assert code == 0, out
    assert f"warning: {ARTICLE}: approval hash stale" in out


def test_orphan_ledger_and_bad_declarations(repo):
    repo.approve_article()
    (repo.root / ARTICLE).unlink()
    code, out = check(repo)
    assert code == 1
    assert f"{ARTICLE}: a ledger exists for a page that does not" in out
    (repo.root / "editorial.yml").write_text(
        "reviewers:\n  - {id: x, name: X, credentials: MD, role: surgeon, email: x@example.org}\n"
    )
    code, out = check(repo)
    assert code == 1
    assert "editorial.yml: reviewers[0] field 'role' must be one of clinical, technical" in out


def test_start_review_by_a_reviewer_is_recorded_with_git_identity(repo):
    repo.editorial("submit", ARTICLE)
    repo.editorial("start-review", ARTICLE, who=TOM)
    assert [line["by"] for line in ledger_lines(repo)] == [
        "Alan Author <alan@example.org>",
        "Tom Technical <tom@example.org>",
    ]


# --- Findings of editor audit 2 (§2.1) and the reliability review (§5) that had no test of their own ---


def _rechained(lines: list[dict]) -> list[dict]:
    """The lines renumbered from 1 and chained again, as a careful forger would leave them."""
    from editorial.ledger import line_hash

    previous = None
    for seq, line in enumerate(lines, start=1):
        line.update(seq=seq, prev=previous)
        previous = line_hash(json.dumps(line))
    return lines


def _request_then_approve(repo) -> None:
    """Alan submits, Ada asks for changes, Alan resubmits, Ada approves: a ledger with a changes_requested line."""
    steps = (
        ("submit", ALAN, ()),
        ("start-review", ADA, ()),
        ("request-changes", ADA, ("--note", "Cite the source.")),
        ("submit", ALAN, ()),
        ("start-review", ADA, ()),
        ("approve", ADA, ()),
    )
    for command, who, extra in steps:
        code, out = repo.editorial(command, ARTICLE, *extra, who=who)
        assert code == 0, out
        repo.commit(command, "ledger", who=who)


def test_a3e_two_lines_reordered(repo):
    """A3e: two ledger lines swapped are named by line and field, before and after the swap is committed."""
    repo.approve_article()
    lines = ledger_lines(repo)
    lines[1], lines[2] = lines[2], lines[1]
    write_lines(repo, lines)
    code, out = check(repo)
    assert code == 1
    assert f"{ARTICLE}: malformed ledger: {LEDGER}:2: field 'seq' is 3, expected 2" in out
    bad = repo.commit("reorder", who=ALAN)
    code, out = check(repo, "--production")
    assert code == 1 and f"{LEDGER}:2: field 'seq' is 3, expected 2" in out
    assert f"commit {bad[:12]} rewrote line 2" in out
    assert shown(repo) != "approved"


def test_a3f_rs5_11_lines_rewritten_and_rechained_consistently(repo):
    """A3f: the changes_requested line deleted, the rest renumbered and re-chained so every line is self-consistent,
    then committed; RS5.11: line 1 rewritten with a consistent chain. Only the history can tell, and it does: each
    fails production naming the commit that rewrote the line."""
    _request_then_approve(repo)
    original = (repo.root / LEDGER).read_text()
    lines = [line for line in ledger_lines(repo) if line["event"] != "changes_requested"]
    write_lines(repo, _rechained(lines))
    assert [line["event"] for line in ledger_lines(repo)][2:4] == ["submitted", "review_started"]
    bad = repo.commit("tidy the ledger", who=ALAN)
    code, out = check(repo, "--production")
    assert code == 1
    assert f"{ARTICLE}: malformed ledger: {LEDGER}: commit {bad[:12]} rewrote line 3" in out
    # RS5.11: back to the honest ledger, then line 1 rewritten and everything after it re-chained.
    repo.git("revert", "--no-edit", "-S", bad, who=EDITH)
    assert (repo.root / LEDGER).read_text() == original
    assert check(repo, "--production")[0] == 0
    lines = ledger_lines(repo)
    lines[0]["by"] = "Someone Else <else@example.org>"
    write_lines(repo, _rechained(lines))
    code, out = check(repo)
    assert code == 1 and f"{LEDGER}: an uncommitted edit rewrote line 1 (the ledger is append-only" in out
    bad = repo.commit("rewrite line 1", who=ALAN)
    code, out = check(repo, "--production")
    assert code == 1 and f"{LEDGER}: commit {bad[:12]} rewrote line 1" in out


def _second_page_under_review(repo, other: str = "docs/articles/other.md") -> str:
    repo.write(other, "---\ntitle: Other\nauthors:\n  - Alan Author\n---\n\nOther text.\n")
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        code, out = repo.editorial(command, other, who=who)
        assert code == 0, out
        repo.commit(command, who=who)
    return other


def test_a5a_an_approval_line_copied_verbatim_to_another_ledger(repo):
    """A5a: Ada's approval line of one page appended verbatim to another page's ledger is named by line and field."""
    repo.approve_article()
    other = _second_page_under_review(repo)
    target = "ledger/articles/other.jsonl"
    repo.append(target, (repo.root / LEDGER).read_text().splitlines()[-1] + "\n")
    code, out = check(repo)
    assert code == 1
    named = f"{other}: malformed ledger: {target}:3: field 'page' is '{ARTICLE}', but this ledger belongs to {other}"
    assert named in out
    repo.commit("copy", who=ALAN)
    code, out = check(repo, "--production")
    assert code == 1 and named in out
    assert shown(repo, other) == "under_review"


def test_a5c_a_copied_approval_committed_under_the_reviewers_email(repo):
    """A5c: the copied approval with page, seq and prev fixed, committed by Alan under Ada's e-mail (git config) and
    signed with the only key he has, his own: the approval does not count, and production names it."""
    from editorial.ledger import line_hash

    repo.approve_article()
    other = _second_page_under_review(repo)
    target = "ledger/articles/other.jsonl"
    approval = json.loads((repo.root / LEDGER).read_text().splitlines()[-1])
    approval.update(seq=3, page=other, prev=line_hash((repo.root / target).read_text().splitlines()[-1]))
    approval["content_hash"] = Repository(repo.root).review(other).current_hash
    repo.append(target, json.dumps(approval) + "\n")
    repo.commit("approve", who=ADA, key=ALAN)
    assert shown(repo, other) == "under_review"
    code, out = check(repo, "--production")
    assert code == 1
    assert f"{other}: {target}:3: field 'reviewer': approval does not count" in out
    # Refused for its missing signature, or first for a time earlier than the line before it (copied from an
    # older line: which check speaks first depends on the seconds between the two lines).
    assert "no good SSH signature" in out or "ledger times never go backwards" in out


def test_a5d_approval_commits_cherry_picked_onto_a_branch_where_the_page_differs(repo):
    """A5d: Alan cherry-picks Ada's approval commits onto a branch where the page says something else; git keeps Ada as
    the author but not her signature, so production fails naming the approval."""
    repo.editorial("submit", ARTICLE)
    repo.commit("submit", "ledger")
    base = repo.git("rev-parse", "HEAD").strip()
    picked = []
    for command in ("start-review", "approve"):
        assert repo.editorial(command, ARTICLE, who=ADA)[0] == 0
        picked.append(repo.commit(command, "ledger", who=ADA))
    repo.git("checkout", "-q", "-b", "other", base)
    path = repo.root / ARTICLE
    path.write_text(path.read_text().replace("A fictional article", "Give 2 g of drug X daily. A fictional article"))
    repo.commit("unreviewed dose", who=ALAN)
    repo.git("cherry-pick", *picked, who=ALAN)
    assert shown(repo) != "approved"
    code, out = check(repo, "--production")
    assert code == 1
    assert f"{ARTICLE}: {LEDGER}:3: field 'reviewer': approval does not count" in out
    assert "has no good SSH signature from an allowed signer" in out


def test_a8d_a_hand_typed_last_updated_is_refused(repo):
    """A8d: `last_updated: 2030-01-01` typed into the front matter is refused with file and line (the site shows the
    date of the page's last commit instead)."""
    text = (repo.root / ARTICLE).read_text().replace("title:", "last_updated: 2030-01-01\ntitle:")
    (repo.root / ARTICLE).write_text(text)
    repo.editorial("submit", ARTICLE)
    repo.commit("date", who=ALAN)
    code, out = check(repo, "--production")
    assert code == 1
    assert f"error: {ARTICLE}:2: front matter field 'last_updated' is refused" in out
