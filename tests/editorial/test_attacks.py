"""Each way to make a page look approved when it is not, caught with a message that names the page."""

from __future__ import annotations

import json

from editorial import Repository

from .conftest import ADA, ALAN, ARTICLE, CALC_PAGE, MALLORY, TOM, make_repo

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
    repo.approve_article()
    lines = ledger_lines(repo)
    lines[0]["by"] = "Someone Else <else@example.org>"
    write_lines(repo, lines)
    code, out = check(repo)
    assert code == 1
    assert f"{ARTICLE}: malformed ledger: {LEDGER}:2: field 'prev' does not match line 1" in out


def test_ledger_that_is_not_json(repo):
    repo.approve_article()
    repo.append(LEDGER, "{not json\n")
    code, out = check(repo)
    assert code == 1
    assert f"{ARTICLE}: malformed ledger: {LEDGER}:4: not valid JSON" in out


def test_approve_as_the_author(tmp_path, capsys):
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
    repo.editorial("submit", ARTICLE)
    repo.editorial("start-review", ARTICLE, who=ADA)
    _forge_approval(repo, "ada", "clinical", "Ada Clinician <ada@example.org>")
    repo.commit("approve", "ledger", who=MALLORY)
    assert shown(repo) == "under_review"
    code, out = check(repo)
    assert code == 1
    assert f"{ARTICLE}: {LEDGER}:3: field 'reviewer'" in out and "<mallory@example.org>, not by ada" in out


def test_front_matter_claims_approved_without_a_ledger_entry(repo):
    """The ledger is the only record of a review: a hand-typed status or reviewer list is refused, ledger or not."""
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
