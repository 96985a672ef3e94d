"""The reviewer set as a signed chain, retirement, isolation of a bad line, and the one-time migration."""

from __future__ import annotations

import datetime as dt
import json

from editorial import Repository
from editorial.declarations import load_declarations

from .conftest import ADA, ALAN, ARTICLE, CALC_PAGE, EDITH, TOM

LEDGER = "ledger/articles/cold-agglutinin.jsonl"


def test_a_retired_reviewer_keeps_past_approvals_and_makes_no_new_ones(repo):
    repo.approve_article()
    code, out = repo.editorial("reviewer", "retire", "ada", who=EDITH)
    assert code == 0 and "needs 2 signature(s)" in out, out
    assert repo.editorial("reviewer", "sign", who=TOM)[0] == 0
    assert load_declarations(repo.root).reviewers["ada"].retired
    assert Repository(repo.root).review(ARTICLE).status == "approved"  # dated while she was on the board
    (repo.root / ARTICLE).write_text((repo.root / ARTICLE).read_text() + "\nMore.\n")
    assert repo.editorial("submit", ARTICLE, who=ALAN)[0] == 0
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    code, out = repo.editorial("--today", tomorrow, "approve", ARTICLE, who=ADA)
    assert code == 1 and "not on the board" in out


def test_a_pinned_root_that_does_not_match_verifies_nothing(repo):
    repo.approve_article()
    text = (repo.root / "editorial.yml").read_text()
    (repo.root / "editorial.yml").write_text(text.replace("trust_root: sha256:", "trust_root: sha256:0"))
    code, out = repo.editorial("check", "--production")
    assert code == 0 and "not the trust root pinned in editorial.yml" in out
    assert Repository(repo.root).review(ARTICLE).status != "approved"


def test_a_bad_line_affects_only_its_own_page(repo):
    repo.approve_article()
    repo.append("ledger/calculators/demo.jsonl", '{"statement": "garbage"}\n')
    code, out = repo.editorial("check", "--production")
    assert code == 0 and "ledger/calculators/demo.jsonl:2: malformed line" in out
    assert Repository(repo.root).review(ARTICLE).status == "approved"
    assert Repository(repo.root).review(CALC_PAGE).status == "draft"


def test_migrate_turns_old_ledgers_into_steps_and_drops_unsigned_approvals(repo):
    current = Repository(repo.root).review(CALC_PAGE).current_hash
    old = [
        {"seq": 1, "page": CALC_PAGE, "event": "submitted", "at": "2026-11-25T12:00:00Z", "by": "A <a@x.org>",
         "content_hash": current, "prev": None},
        {"seq": 2, "page": CALC_PAGE, "event": "approved", "at": "2026-11-26T12:00:00Z", "by": "B <b@x.org>",
         "content_hash": current, "reviewer": "ada", "role": "clinical", "prev": "sha256:x"},
    ]  # fmt: skip
    (repo.root / "ledger/calculators/demo.jsonl").write_text("".join(json.dumps(x) + "\n" for x in old))
    code, out = repo.editorial("check", "--production")
    assert "run `editorial migrate`" in out
    code, out = repo.editorial("migrate")
    assert code == 0 and "1 line(s) kept, dropped 2 (approved, unsigned)" in out, out
    review = Repository(repo.root).review(CALC_PAGE)
    assert review.status == "submitted" and not review.invalid
    assert repo.editorial("migrate")[1].startswith("Nothing to migrate")


def test_a8c_a_longer_review_interval_in_front_matter_is_capped_and_named_by_production(repo):
    """A8c (editorial review 2026-11): `review_interval_months: 1200` on a page cannot push its next review a
    century away; editorial.yml's interval applies, and the production gate says so."""
    text = (repo.root / ARTICLE).read_text()
    repo.write(ARTICLE, text.replace("authors:", "review_interval_months: 1200\nauthors:", 1))
    repo.commit("a long interval", ARTICLE)
    repo.approve_article()
    page = Repository(repo.root).review(ARTICLE)
    assert page.status == "approved" and page.interval_months == 36
    assert page.next_review_due is not None and page.next_review_due.year - page.last_reviewed.year <= 3
    _code, out = repo.editorial("check", "--production")
    assert "'review_interval_months' is 1200, longer than editorial.yml's 36" in out
