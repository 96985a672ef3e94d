"""The editor's command line: withdraw, approve --expect-hash, diff, inbox, "recorded as", and hints that work."""

from __future__ import annotations

import json

from editorial import Repository, service

from .conftest import ADA, ALAN, ARTICLE, CALC_PAGE, TOM

LEDGER = "ledger/articles/cold-agglutinin.jsonl"


def until_review(repo, page: str = ARTICLE) -> None:
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        code, out = repo.editorial(command, page, who=who)
        assert code == 0, out
        repo.commit(command, "ledger", who=who)


def test_every_action_says_who_it_was_recorded_as(repo):
    code, out = repo.editorial("submit", ARTICLE)
    assert code == 0 and "Recorded as Alan Author <alan@example.org>." in out
    assert "next: a declared reviewer runs `editorial start-review" in out
    code, out = repo.editorial("start-review", ARTICLE, who=TOM)
    assert "Recorded as Tom Technical <tom@example.org>." in out


def test_withdraw_sends_an_approved_page_back_with_the_note(repo):
    repo.approve_article()
    code, out = repo.editorial("withdraw", ARTICLE, who=ADA)
    assert code == 1 and "needs --note" in out
    code, out = repo.editorial("withdraw", ARTICLE, "--note", "Dose in paragraph 2 is wrong", who=ADA)
    assert code == 0, out
    assert "approved → changes_requested" in out and "Recorded as Ada Clinician <ada@example.org>." in out
    repo.commit("withdraw", "ledger", who=ADA)
    review = Repository(repo.root).review(ARTICLE)
    assert review.status == "under_review" and review.ledger_status == "changes_requested"
    assert json.loads((repo.root / LEDGER).read_text().splitlines()[-1])["statement"]["act"] == "withdraw"
    box = service.inbox(Repository(repo.root), ALAN)
    assert [item.page for item in box.changes_requested] == [ARTICLE]
    assert "Dose in paragraph 2 is wrong" in box.changes_requested[0].detail
    code, out = repo.editorial("status")
    assert "changes requested by Ada Clinician <ada@example.org>: Dose in paragraph 2 is wrong" in out


def test_withdraw_by_someone_not_declared_is_refused(repo):
    repo.approve_article()
    code, out = repo.editorial("withdraw", ARTICLE, "--note", "no", who=ALAN)
    assert code == 1 and "only a declared reviewer may withdraw" in out


def test_approve_refuses_when_the_content_changed_since_the_reviewer_looked(repo):
    until_review(repo)
    seen = Repository(repo.root).review(ARTICLE).current_hash
    (repo.root / ARTICLE).write_text((repo.root / ARTICLE).read_text() + "\nA late change.\n")
    code, out = repo.editorial("approve", ARTICLE, "--expect-hash", seen[:19], who=ADA)
    assert code == 1 and "the content changed since you looked" in out and "editorial diff" in out
    assert len((repo.root / LEDGER).read_text().splitlines()) == 2
    now = Repository(repo.root).review(ARTICLE).current_hash
    code, out = repo.editorial("approve", ARTICLE, "--expect-hash", now, who=ADA)
    assert code == 0, out
    # The page itself is uncommitted, so the hint commits it with the ledger, signed.
    assert f"git add {ARTICLE} {LEDGER} && git commit -S -m" in out


def test_diff_since_approval_and_since_request(repo):
    repo.approve_article()
    code, out = repo.editorial("diff", ARTICLE)
    assert code == 0 and "unchanged since approval" in out
    (repo.root / ARTICLE).write_text((repo.root / ARTICLE).read_text().replace("fictional", "made-up"))
    repo.commit("Edit", who=ALAN)
    code, out = repo.editorial("diff", ARTICLE)
    assert code == 0, out
    assert "-A fictional article for tests." in out and "+A made-up article for tests." in out
    result = service.diff(Repository(repo.root), ARTICLE, "approval")
    assert result.base_commit and result.changed_files == (ARTICLE,)
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        repo.editorial(command, ARTICLE, who=who)
    repo.editorial("request-changes", ARTICLE, "--note", "cite it", who=ADA)
    repo.commit("requested", who=ADA)
    (repo.root / ARTICLE).write_text((repo.root / ARTICLE).read_text() + "\nCited now.\n")
    code, out = repo.editorial("diff", ARTICLE, "--since", "request")
    assert "+Cited now." in out and "made-up" not in out.split("@@", 1)[1].split("+Cited")[0].replace(" A made-up", "")


def test_inbox_lists_what_awaits_each_person(repo):
    code, out = repo.editorial("submit", ARTICLE)
    repo.commit("submit", "ledger")
    box = service.inbox(Repository(repo.root), ADA)
    assert [i.page for i in box.awaiting_my_review] == [ARTICLE]
    assert service.inbox(Repository(repo.root), ALAN).awaiting_my_review == ()
    assert [i.page for i in service.inbox(Repository(repo.root), ALAN).my_pages] == [ARTICLE, CALC_PAGE]
    code, out = repo.editorial("inbox", who=ADA)
    assert code == 0 and "You are Ada Clinician <ada@example.org>, declared Ada Clinician" in out
    assert "Awaiting my review (1):" in out
    code, out = repo.editorial("inbox", "--json", who=ADA)
    data = json.loads(out)
    assert data["awaiting_my_review"][0]["page"] == ARTICLE
    # Approved, then changed: listed as changed since approval; and due soon when the date comes near.
    for command, who in (("start-review", ADA), ("approve", ADA)):
        repo.editorial(command, ARTICLE, who=who)
        repo.commit(command, "ledger", who=who)
    repo.approve_chrome()
    review = Repository(repo.root).review(ARTICLE)
    code, out = repo.editorial("--today", str(review.next_review_due), "inbox", who=ALAN)
    assert f"{ARTICLE}: approved — due {review.next_review_due}" in out
    (repo.root / ARTICLE).write_text((repo.root / ARTICLE).read_text() + "\nx\n")
    assert [i.page for i in service.inbox(Repository(repo.root), ALAN).changed_since_approval] == [ARTICLE]


def test_new_hint_commits_the_page_and_nav(repo):
    repo.write("mkdocs.yml", "site_name: Test\nnav:\n  - Home: index.md\n  - Articles:\n      - Old: articles/old.md\n")
    code, out = repo.editorial("new", "docs/articles/fresh.md", "--title", "Fresh", "--nav", "Articles")
    assert code == 0, out
    assert "git add docs/articles/fresh.md mkdocs.yml ledger/articles/fresh.jsonl && git commit -S" in out
    text = (repo.root / "mkdocs.yml").read_text()
    assert '      - Old: articles/old.md\n      - "Fresh": articles/fresh.md\n' in text
    code, out = repo.editorial("new", "docs/guides/g.md", "--title", "G", "--nav", "Guides", key=False)
    assert "git commit -m" in out and "-S" not in out  # no key set: no -S to fail on
    assert '  - Guides:\n      - "G": guides/g.md\n' in (repo.root / "mkdocs.yml").read_text()
