"""Who may start a review or request changes (issue 13, editor audit 2 finding B7): a declared, current reviewer who
is not an author of the page. Everyone else is refused with who they are recorded as, why, and the fix; steps
already in a ledger by someone who may not take them are a warning of `editorial check`, never a production error.

Fictional people in temporary repositories (see conftest): Alan Author writes, Ada Clinician and Tom Technical are the
declared reviewers, Mallory Nobody is declared nowhere, Edith Editor keeps the declarations.
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap

import pytest

from editorial import Repository
from editorial.ledger import append_entry

from .conftest import ADA, ALAN, ARTICLE, CALC_PAGE, EDITH, MALLORY, TOM, Repo

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
LEDGER = "ledger/articles/cold-agglutinin.jsonl"


def lines(repo) -> int:
    path = repo.root / LEDGER
    return len(path.read_text().splitlines()) if path.is_file() else 0


def submitted(repo) -> None:
    code, out = repo.editorial("submit", ARTICLE, who=ALAN)
    assert code == 0, out
    repo.commit("submit", "ledger", who=ALAN)


def under_review(repo) -> None:
    submitted(repo)
    code, out = repo.editorial("start-review", ARTICLE, who=ADA)
    assert code == 0, out
    repo.commit("start review", "ledger", who=ADA)


def test_an_undeclared_person_may_not_start_a_review(repo):
    submitted(repo)
    code, out = repo.editorial("start-review", ARTICLE, who=MALLORY)
    assert code == 1, out  # the CLI's refusal code, as for every other refusal
    assert f"{ARTICLE}: start-review refused: you are recorded as Mallory Nobody <mallory@example.org>" in out
    assert "not a declared reviewer" in out and "`editorial reviewer add" in out
    assert "Ada Clinician <ada@example.org>" in out  # whom to ask instead
    assert lines(repo) == 1  # nothing was recorded
    assert Repository(repo.root).review(ARTICLE).ledger_state.machine == "submitted"


def test_an_undeclared_person_may_not_request_changes(repo):
    under_review(repo)
    code, out = repo.editorial("request-changes", ARTICLE, "--note", "Mallory's note", who=MALLORY)
    assert code == 1, out
    assert "request-changes refused: you are recorded as Mallory Nobody <mallory@example.org>" in out
    assert "not a declared reviewer" in out
    assert lines(repo) == 2


def test_the_author_may_not_start_a_review_of_their_own_page(repo):
    # Ada fixes the article in a commit of her own: she is now one of its authors, as an approval would judge.
    repo.write(ARTICLE, (repo.root / ARTICLE).read_text() + "\nA sentence by Ada.\n")
    repo.commit("Ada edits the article", ARTICLE, who=ADA)
    submitted(repo)
    code, out = repo.editorial("start-review", ARTICLE, who=ADA)
    assert code == 1, out
    assert "you are recorded as Ada Clinician <ada@example.org>, reviewer 'ada'" in out
    assert "is an author of this page (their commits changed it)" in out
    assert "Tom Technical <tom@example.org>" in out and "Ada Clinician <ada@example.org>)" not in out
    assert lines(repo) == 1
    # The same person may not approve it either: one definition of author for both.
    code, out = repo.editorial("start-review", ARTICLE, who=TOM)
    assert code == 0, out
    code, out = repo.editorial("approve", ARTICLE, "--role", "clinical", who=ADA)
    assert code == 1 and "is an author of this page" in out


def test_a_reviewer_named_among_the_authors_may_not_request_changes(repo):
    text = (repo.root / ARTICLE).read_text().replace("  - Alan Author\n", "  - Alan Author\n  - Tom Technical\n")
    repo.write(ARTICLE, text)
    repo.commit("Tom co-writes", ARTICLE, who=ALAN)
    under_review(repo)
    code, out = repo.editorial("request-changes", ARTICLE, "--note", "cite it", who=TOM)
    assert code == 1, out
    assert "recorded as Tom Technical <tom@example.org>" in out
    assert "its front matter names Tom Technical under 'authors'" in out
    assert lines(repo) == 2


def test_the_submitter_may_not_start_the_review(repo):
    code, out = repo.editorial("submit", ARTICLE, who=TOM)  # a reviewer may submit for an author, and is one then
    assert code == 0, out
    code, out = repo.editorial("start-review", ARTICLE, who=TOM)
    assert code == 1, out
    assert "they created or submitted it (ledger)" in out


def test_a_retired_reviewer_may_not_start_a_review(repo):
    code, out = repo.editorial("reviewer", "retire", "ada", "--date", "2026-01-31", who=EDITH)
    assert code == 0, out
    repo.commit("Ada retires", "editorial.yml", who=EDITH)
    submitted(repo)
    code, out = repo.editorial("start-review", ARTICLE, who=ADA)
    assert code == 1, out
    assert "recorded as Ada Clinician <ada@example.org>, who as reviewer 'ada' retired on 2026-01-31" in out
    assert "Tom Technical <tom@example.org>" in out
    assert lines(repo) == 1


def test_a_declared_reviewer_who_is_not_an_author_may_start_and_request_changes(repo):
    submitted(repo)
    code, out = repo.editorial("start-review", ARTICLE, who=ADA)
    assert code == 0, out
    assert "submitted → under_review" in out and "Recorded as Ada Clinician <ada@example.org>." in out
    repo.commit("start review", "ledger", who=ADA)
    code, out = repo.editorial("request-changes", ARTICLE, "--note", "Cite the source.", who=TOM)
    assert code == 0, out
    assert "under_review → changes_requested" in out
    repo.commit("changes", "ledger", who=TOM)
    assert lines(repo) == 3
    code, out = repo.editorial("check")
    assert "start-review recorded by" not in out and "request-changes recorded by" not in out


def test_only_a_current_declared_reviewer_may_withdraw(repo):
    repo.approve_article()
    code, out = repo.editorial("withdraw", ARTICLE, "--note", "an error", who=MALLORY)
    assert code == 1 and "recorded as Mallory Nobody <mallory@example.org>" in out
    assert "only a declared reviewer may withdraw" in out
    code, out = repo.editorial("withdraw", ARTICLE, "--note", "the dose is wrong", who=TOM)
    assert code == 0, out  # any current reviewer may take an approval down


def test_check_warns_of_a_review_started_by_its_author_and_production_passes(repo):
    submitted(repo)
    current = Repository(repo.root).review(ARTICLE).current_hash
    # A step the command line now refuses, written into the ledger by hand and committed (history, not forgery).
    append_entry(repo.root, ARTICLE, event="review_started", by="Alan Author <alan@example.org>", content_hash=current)
    commit = repo.commit("Alan starts the review of his own page", "ledger", who=ALAN)
    code, out = repo.editorial("check")
    assert code == 0, out
    assert (
        f"warning: {ARTICLE}: {LEDGER}:2: start-review recorded by Alan Author <alan@example.org> (in commit "
        f"{commit[:12]}), who was not a declared reviewer" in out
    )
    code, out = repo.editorial("check", "--production")
    assert code == 0, out  # history, not an integrity violation
    assert f"{LEDGER}:2: start-review recorded by Alan Author" in out


def test_check_warns_of_a_request_by_a_reviewer_who_is_an_author(repo):
    text = (repo.root / ARTICLE).read_text().replace("  - Alan Author\n", "  - Alan Author\n  - Ada Clinician\n")
    repo.write(ARTICLE, text)
    repo.commit("Ada co-writes", ARTICLE, who=ALAN)
    submitted(repo)
    current = Repository(repo.root).review(ARTICLE).current_hash
    append_entry(repo.root, ARTICLE, event="review_started", by="Tom Technical <tom@example.org>", content_hash=current)
    append_entry(
        repo.root,
        ARTICLE,
        event="changes_requested",
        by="Ada Clinician <ada@example.org>",
        content_hash=current,
        note="x",
    )
    commit = repo.commit("Tom starts, Ada asks for changes", "ledger", who=ADA)
    code, out = repo.editorial("check", "--production")
    assert code == 0, out
    assert f"{LEDGER}:2:" not in out  # Tom is declared and no author: nothing to say
    assert (
        f"{LEDGER}:3: request-changes recorded by Ada Clinician <ada@example.org> (in commit {commit[:12]}), who as "
        "reviewer 'ada' is an author of this page (its front matter names Ada Clinician under 'authors')" in out
    )


NO_REVIEWERS = """\
reviewers: []
review_interval_months:
  article: 36
  calculator: 12
exempt: [index.md]
"""


@pytest.fixture
def unreviewed(tmp_path, capsys) -> Repo:
    """A repository like this one today: editorial.yml declares no reviewer, no allowed_signers."""
    root = tmp_path / "unreviewed"
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    repo = Repo(root, capsys)
    repo.write("editorial.yml", NO_REVIEWERS)
    repo.write("mkdocs.yml", "site_name: Test\n")
    repo.write("docs/index.md", "# Test\n")
    repo.write(ARTICLE, textwrap.dedent("---\ntitle: Cold agglutinin disease\nauthors: [Alan Author]\n---\n\nText.\n"))
    repo.commit("pages", who=ALAN, sign=False)
    code, out = repo.editorial("submit", ARTICLE, who=ALAN, key=False)
    assert code == 0, out
    repo.commit("submit", "ledger", who=ALAN, sign=False)
    return repo


def test_with_no_reviewer_declared_nobody_may_start_a_review(unreviewed):
    for who in (ALAN, MALLORY):
        code, out = unreviewed.editorial("start-review", ARTICLE, who=who, key=False)
        assert code == 1, out
        assert f"you are recorded as {who[0]} <{who[1]}>, and no reviewer is declared in editorial.yml yet" in out
        assert "a reviewer must first be declared with `editorial reviewer add" in out
    assert lines(unreviewed) == 1


def test_with_no_reviewer_declared_old_steps_warn_and_production_passes(unreviewed):
    """The real repository's case: its first review steps were recorded before any reviewer was declared."""
    current = Repository(unreviewed.root).review(ARTICLE).current_hash
    by = "Seed maintainers <maintainers@example.org>"
    append_entry(unreviewed.root, ARTICLE, event="review_started", by=by, content_hash=current)
    commit = unreviewed.commit("review started (before the rule)", "ledger", who=ALAN, sign=False)
    code, out = unreviewed.editorial("check", "--production", who=ALAN, key=False)
    assert code == 0, out
    assert "0 error(s), 1 warning(s)" in out
    assert (
        f"warning: {ARTICLE}: {LEDGER}:2: start-review recorded by {by} (in commit {commit[:12]}), who was not a "
        "declared reviewer" in out
    )
    assert Repository(unreviewed.root, strict=True).review(ARTICLE).status == "under_review"


def test_someone_who_is_neither_an_author_nor_a_reviewer_may_not_submit(repo):
    code, out = repo.editorial("submit", ARTICLE, who=MALLORY)
    assert code == 1, out
    assert f"{ARTICLE}: submit refused: you are recorded as Mallory Nobody <mallory@example.org>" in out
    assert "neither an author of this page" in out and "'authors' names Alan Author" in out
    assert lines(repo) == 0  # the draft stays out of readers' sight
    code, out = repo.editorial("submit", ARTICLE, who=ALAN)  # its author, named in the front matter, may
    assert code == 0, out


def test_whoever_submits_their_own_uncommitted_change_is_its_author(repo):
    code, out = repo.editorial("submit", CALC_PAGE, who=MALLORY)
    assert code == 1 and "neither an author of this page" in out
    repo.write(CALC_PAGE, (repo.root / CALC_PAGE).read_text() + "\nA sentence by Mallory.\n")
    code, out = repo.editorial("submit", CALC_PAGE, who=MALLORY)
    assert code == 0, out  # the commit it prints makes her change, and her, part of the page's history
    assert f"git add {CALC_PAGE} ledger/calculators/demo.jsonl" in out
