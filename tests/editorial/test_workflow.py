"""Every transition of the review model, through the `editorial` command line, in a temporary git repository."""

from __future__ import annotations

import json

from editorial import Repository

from .conftest import ADA, ALAN, ARTICLE, CALC_PAGE, TOM

NEW = "docs/articles/new-topic.md"


def status(repo, page: str) -> dict:
    code, out = repo.editorial("status", "--json")
    assert code == 0, out
    return next(row for row in json.loads(out) if row["page"] == page)


def test_new_page_is_a_draft_with_a_ledger(repo):
    code, out = repo.editorial("new", NEW, "--title", "A new topic")
    assert code == 0, out
    assert "draft" in out
    assert (repo.root / NEW).read_text().startswith('---\ntitle: "A new topic"')
    assert status(repo, NEW)["status"] == "draft"
    code, out = repo.editorial("new", NEW, "--title", "Again")
    assert code == 1
    assert NEW in out and "already exists" in out


def test_full_cycle_with_changes_requested(repo):
    repo.editorial("new", NEW, "--title", "A new topic")
    repo.commit("new draft")
    steps = [
        ("submit", ALAN, "draft → submitted", "submitted"),
        ("start-review", ADA, "submitted → under_review", "under_review"),
        ("request-changes", ADA, "under_review → changes_requested", "under_review"),
        ("submit", ALAN, "changes_requested → submitted", "submitted"),
        ("start-review", ADA, "submitted → under_review", "under_review"),
        ("approve", ADA, "now approved", "approved"),
        ("submit", ALAN, "approved → submitted", "submitted"),  # the next periodic review starts again
    ]
    for command, who, message, shown in steps:
        extra = ["--note", "Cite the primary source for the threshold."] if command == "request-changes" else []
        code, out = repo.editorial(command, NEW, *extra, who=who)
        assert code == 0, out
        assert message in out
        assert status(repo, NEW)["status"] == shown, command
        repo.commit(f"{command}", "ledger", who=who)
    code, out = repo.editorial("log", NEW)
    assert code == 0
    assert out.count("commit ") == 8  # created + seven steps, each with the commit that recorded it
    assert "Cite the primary source" in out
    code, out = repo.editorial("check", "--production")
    assert code == 0, out


def test_transitions_not_in_the_model_are_refused(repo):
    code, out = repo.editorial("start-review", ARTICLE)
    assert code == 1
    assert ARTICLE in out and "not allowed from (no ledger)" in out
    repo.editorial("submit", ARTICLE)
    code, out = repo.editorial("approve", ARTICLE, who=ADA)
    assert code == 1
    assert ARTICLE in out and "'approved' is not allowed from submitted" in out
    repo.editorial("start-review", ARTICLE, who=ADA)
    code, out = repo.editorial("request-changes", ARTICLE, who=ADA)
    assert code == 1
    assert ARTICLE in out and "--note" in out


def test_calculator_page_needs_clinical_and_technical_approval(repo):
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        assert repo.editorial(command, CALC_PAGE, who=who)[0] == 0
    repo.commit("review", "ledger")
    code, out = repo.editorial("approve", CALC_PAGE, who=ADA)
    assert code == 0, out
    assert "other required approvals pending" in out
    repo.commit("clinical approval", "ledger", who=ADA)
    assert status(repo, CALC_PAGE)["status"] == "under_review"
    code, out = repo.editorial("approve", CALC_PAGE, who=TOM)
    assert code == 0, out
    repo.commit("technical approval", "ledger", who=TOM)
    row = status(repo, CALC_PAGE)
    assert row["status"] == "approved"
    assert [r.split(",")[0] for r in row["reviewers"]] == ["Ada Clinician", "Tom Technical"]
    review = Repository(repo.root).review(CALC_PAGE)
    assert review.interval_months == 12  # a page with a calculator is reviewed yearly
    assert (review.next_review_due - review.last_reviewed).days in (365, 366)


def test_technical_approval_alone_does_not_approve_an_article(repo):
    repo.editorial("submit", ARTICLE)
    repo.editorial("start-review", ARTICLE, who=TOM)
    code, out = repo.editorial("approve", ARTICLE, who=TOM)
    assert code == 1
    assert ARTICLE in out and "needs clinical approval" in out


def test_article_approval_shows_dates_and_reviewer(repo):
    repo.approve_article()
    row = status(repo, ARTICLE)
    assert row["status"] == "approved"
    assert row["reviewers"] == ["Ada Clinician, MD, fictional haematologist (clinical)"]
    assert row["last_reviewed"] and row["next_review_due"]
    assert int(row["next_review_due"][:4]) - int(row["last_reviewed"][:4]) == 3
    code, out = repo.editorial("check", "--production")
    assert code == 0, out
    assert "0 error(s)" in out
