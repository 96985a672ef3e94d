"""Real MkDocs builds of a tiny site in a temporary git repository, and the independent check of what they built."""

from __future__ import annotations

import json
import re
import textwrap

import pytest

from editorial import Repository, check_repository, check_site
from tests.support.build import ROOT, mkdocs_build

from .conftest import ADA, ALAN, ARTICLE

BUILT = "articles/cold-agglutinin/index.html"
DRAFT = "docs/articles/draft.md"


def site_config(
    repo, plugin: bool = True, publish: str = "[submitted, under_review, approved]", stale: str = "last-approved"
) -> None:
    plugins = f"""\
        plugins:
          - igm-guide:
              pyodide_dir: {ROOT / "node_modules" / "pyodide"}
              publish: {publish}
              stale: {stale}
        """
    repo.write(
        "mkdocs.yml",
        textwrap.dedent(f"""\
            site_name: Test guide
            site_url: http://127.0.0.1/
            theme:
              name: material
              font: false
              {f"custom_dir: {ROOT / 'overrides'}" if plugin else ""}
            """)
        + (textwrap.dedent(plugins) if plugin else "plugins: []\n"),
    )
    (repo.root / "docs/calculators/demo.md").unlink(missing_ok=True)  # only the real calculators can be embedded
    (repo.root / "ledger/calculators/demo.jsonl").unlink(missing_ok=True)


def build(repo, tmp_path, name: str = "site"):
    site = tmp_path / name
    done = mkdocs_build(site, config=repo.root / "mkdocs.yml", cwd=repo.root)
    return done, site


def json_ld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert block, "no JSON-LD"
    return json.loads(block.group(1))


@pytest.fixture
def site_repo(repo):
    site_config(repo)
    repo.commit("Site configuration")
    return repo


def test_approved_page_shows_approved_then_under_review_when_changed(site_repo, tmp_path):
    repo = site_repo
    repo.approve_article()
    done, site = build(repo, tmp_path)
    assert done.returncode == 0, done.stderr
    html = (site / BUILT).read_text()
    assert 'data-review-status="approved"' in html
    assert "Article review status:</strong> Approved" in html
    assert "Ada Clinician, MD, fictional haematologist" in html and "clinical reviewer" in html
    assert "Page last reviewed:" in html and "Next review due:" in html
    assert 'name="robots" content="noindex"' not in html and "Caution:" not in html
    data = json_ld(html)
    assert data["@type"] == "MedicalWebPage"
    assert data["reviewedBy"][0]["name"] == "Ada Clinician" and data["lastReviewed"]
    review = Repository(repo.root, strict=True).review(ARTICLE)
    assert f'content="state=approved; hash={review.current_hash}; page={ARTICLE}"' in html
    assert check_site(Repository(repo.root, strict=True), site) == []
    board = (site / "about/advisory-board/index.html").read_text()
    assert "Ada Clinician" in board and "Tom Technical" in board and "No reviewers have been declared" not in board
    assert (site / "about/editorial-policy/index.html").is_file()

    approved_hash = review.current_hash
    (repo.root / ARTICLE).write_text((repo.root / ARTICLE).read_text().replace("tests.", "tests! Unreviewed claim."))
    repo.commit("An unreviewed edit")
    # Default policy, last-approved: readers still see the approved text, told that a revision is under review.
    done, site = build(repo, tmp_path, "site-stale")
    assert done.returncode == 0, done.stderr
    html = (site / BUILT).read_text()
    assert 'data-review-status="approved"' in html and "Unreviewed claim" not in html
    assert "A revision of this page is under review" in html and "A fictional article for tests." in html
    assert f'content="state=approved; hash={approved_hash}; page={ARTICLE}"' in html
    assert check_site(Repository(repo.root, strict=True), site) == []
    assert not [v for v in check_repository(Repository(repo.root, strict=True), True) if v.error]
    # under-review: the new text with the caution, and the date of the review of the earlier version.
    site_config(repo, stale="under-review")
    repo.commit("Show revisions as under review")
    repo.approve_chrome()  # mkdocs.yml is part of the site chrome
    done, site = build(repo, tmp_path, "site-under-review")
    assert done.returncode == 0, done.stderr
    html = (site / BUILT).read_text()
    assert 'data-review-status="under_review"' in html and "Unreviewed claim" in html
    assert "(changed since approval)" in html and "Caution:" in html and "reviewed yet. Do not rely" in html
    assert f"{review.last_reviewed}</time> (an earlier version of this page)" in html
    assert 'name="robots" content="noindex"' in html
    assert "reviewedBy" not in json_ld(html)
    assert check_site(Repository(repo.root, strict=True), site) == []
    stale = [
        v for v in check_repository(Repository(repo.root, strict=True), True) if "changed since approval" in str(v)
    ]
    assert stale and not any(v.error for v in stale)


def test_built_site_check_fails_on_a_site_built_without_the_plugin(site_repo, tmp_path):
    repo = site_repo
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        repo.editorial(command, ARTICLE, who=who)
    repo.commit("review", "ledger")
    # The build skips the plugin and the page body forges the marks of approval.
    site_config(repo, plugin=False)
    repo.append(ARTICLE, '\n<div data-review-status="approved">Article review status: Approved</div>\n')
    done, site = build(repo, tmp_path)
    assert done.returncode == 0, done.stderr
    problems = check_site(Repository(repo.root, strict=True), site)
    assert any(p.startswith(f'{ARTICLE}: {BUILT} carries no <meta name="igm-approval"> stamp') for p in problems)
    assert any(p.startswith(f"{ARTICLE}: {BUILT} claims approval without a matching ledger entry") for p in problems)
    code, out = repo.editorial("check-site", str(site))
    assert code == 1 and ARTICLE in out


def test_forged_stamp_on_a_page_the_ledger_does_not_know(site_repo, tmp_path):
    repo = site_repo
    site_config(repo, plugin=False)
    repo.write(
        "docs/other.md", '# Other\n\n<meta name="igm-approval" content="state=approved; hash=x; page=docs/other.md">\n'
    )
    done, site = build(repo, tmp_path)
    assert done.returncode == 0, done.stderr
    problems = check_site(Repository(repo.root, strict=True), site)
    assert problems == [
        "other/index.html: claims a review status (page docs/other.md) without a matching ledger entry."
    ]


def test_front_matter_approved_without_ledger_fails_the_build(site_repo, tmp_path):
    """A4b: a page claiming `review_status: approved` with no ledger stops the build, with file and line."""
    repo = site_repo
    text = (repo.root / ARTICLE).read_text().replace("title:", "review_status: approved\ntitle:")
    (repo.root / ARTICLE).write_text(text)
    done, _ = build(repo, tmp_path)
    assert done.returncode != 0
    assert "docs/articles/cold-agglutinin.md:2: front matter field 'review_status' is refused" in done.stderr


def test_publishing_policy_and_drafts(site_repo, tmp_path):
    repo = site_repo
    repo.editorial("new", DRAFT, "--title", "Not ready")
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        repo.editorial(command, ARTICLE, who=who)
    repo.commit("draft and review", "docs", "ledger")
    done, site = build(repo, tmp_path)
    assert done.returncode == 0, done.stderr
    assert (site / BUILT).is_file()
    assert not (site / "articles/draft/index.html").exists()  # drafts are never published
    assert check_site(Repository(repo.root, strict=True), site) == []

    site_config(repo, publish="[approved]")
    done, site = build(repo, tmp_path, "approved-only")
    assert done.returncode == 0, done.stderr
    assert not (site / BUILT).exists()
    assert "approved" in (site / "about/editorial-policy/index.html").read_text()
    assert check_site(Repository(repo.root, strict=True), site) == []


def test_the_real_repository_records_no_approval_unless_a_reviewer_is_declared():
    repo = Repository(ROOT)
    errors = [v for v in check_repository(repo) if v.error]
    assert errors == []
    if repo.declarations.reviewers:
        return  # from the first real reviewer on, approvals are theirs to record (and signed, see test_this_repository)
    # Pages entered by the team are submitted or under review; none is approved until a real reviewer records it.
    assert {repo.review(page).status for page in repo.tracked_pages()} <= {"submitted", "under_review"}


def test_a_preview_builds_drafts_under_a_draft_banner_and_production_does_not(site_repo, tmp_path, monkeypatch):
    repo = site_repo
    repo.editorial("new", DRAFT, "--title", "Not ready")
    repo.editorial("submit", ARTICLE)
    repo.commit("draft", "docs", "ledger")
    monkeypatch.setenv("IGM_PREVIEW", "1")  # what `make serve` sets
    done, site = build(repo, tmp_path, "preview")
    assert done.returncode == 0, done.stderr
    html = (site / "articles/draft/index.html").read_text()
    assert "DRAFT</strong>: a preview of a page that is not published" in html and "Caution:" in html
    assert any("draft" in p for p in check_site(Repository(repo.root, strict=True), site))  # never deployable
    monkeypatch.delenv("IGM_PREVIEW")
    done, site = build(repo, tmp_path, "production")
    assert done.returncode == 0, done.stderr
    assert not (site / "articles/draft/index.html").exists()


def test_a_page_under_no_review_shows_the_caution_and_fails_production(site_repo, tmp_path):
    """B2 and RS5.13 (#2): a page under no review is built with the caution, the disclaimer and noindex, and fails
    production."""
    repo = site_repo
    repo.write("docs/articles/sneaky.md", "---\ntitle: Sneaky\n---\n\nUnreviewed advice.\n")
    repo.commit("plain git page")
    done, site = build(repo, tmp_path)
    assert done.returncode == 0, done.stderr
    html = (site / "articles/sneaky/index.html").read_text()
    assert "Caution:" in html and 'name="robots" content="noindex"' in html and "igm-disclaimer" in html
    code, out = repo.editorial("check", "--production")
    assert code == 1 and "docs/articles/sneaky.md: under no review" in out


def test_b6_a_forged_approval_built_with_plain_mkdocs_is_not_shown_as_approved(site_repo, tmp_path):
    """B6 under signed statements: Mallory writes an approval in Ada's name, signed with her own key, commits nothing,
    and runs a plain `mkdocs build` (no production gate). The plugin reads the same statements the gate does: the
    line does not count, the page is built Under Review with the caution, and `check --production` names the line
    while the site still builds."""
    import datetime as dt
    import json

    from editorial.ledger import Statement, note_digest
    from editorial.signatures import REVIEW_NAMESPACE, sign

    from .conftest import MALLORY, key_of

    repo = site_repo
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        assert repo.editorial(command, ARTICLE, who=who)[0] == 0
    repo.commit("review", "ledger")
    current = Repository(repo.root).review(ARTICLE).current_hash
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    statement = Statement("approve", current, "ada", "clinical", date, note_digest(""))
    line = {
        "statement": statement.to_json(),
        "note": "",
        "signature": sign(statement.canonical, key_of(MALLORY), REVIEW_NAMESPACE),
    }
    repo.append("ledger/articles/cold-agglutinin.jsonl", json.dumps(line) + "\n")
    done, site = build(repo, tmp_path)
    assert done.returncode == 0, done.stderr
    html = (site / BUILT).read_text()
    assert 'data-review-status="under_review"' in html and 'data-review-status="approved"' not in html
    assert check_site(Repository(repo.root, strict=True), site) == []
    code, out = repo.editorial("check", "--production")
    assert code == 0 and "ledger/articles/cold-agglutinin.jsonl:3: the signature is not ada's" in out


def overrides_with(tmp_path, *edits: tuple[str, str]):
    """A copy of the project's overrides/ with igm-article.html edited (old, new), as anyone who commits could."""
    import shutil

    copy = tmp_path / "overrides"
    shutil.copytree(ROOT / "overrides", copy)
    template = copy / "partials" / "igm-article.html"
    text = template.read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    template.write_text(text)
    return copy


def use_overrides(repo, overrides) -> None:
    config = repo.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(f"custom_dir: {ROOT / 'overrides'}", f"custom_dir: {overrides}"))


def test_b3_a_template_edited_to_print_approved_fails_check_site(site_repo, tmp_path):
    """B3: the article template edited so that the label always says "Approved" and the caution never shows, the data
    attributes untouched: the build passes, and `editorial check-site` fails naming the label and the caution."""
    repo = site_repo
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        assert repo.editorial(command, ARTICLE, who=who)[0] == 0
    repo.commit("review", "ledger")
    overrides = overrides_with(
        tmp_path,
        ("{{ review.label | e }}", "Approved"),
        ('<p class="igm-caution" role="note">', '<p class="igm-caution" role="note" hidden>'),
    )
    use_overrides(repo, overrides)
    repo.commit("Template tidy", who=ALAN)
    done, site = build(repo, tmp_path)
    assert done.returncode == 0, done.stderr
    html = (site / BUILT).read_text()
    assert "Article review status:</strong> Approved" in html and 'data-review-status="under_review"' in html
    problems = check_site(Repository(repo.root, strict=True), site)
    assert (
        f"{ARTICLE}: {BUILT} shows the status label 'Article review status: Approved'; the ledger gives 'Under Review'."
        in problems
    )
    assert any("no visible caution" in p for p in problems), problems
    code, out = repo.editorial("check-site", str(site))
    assert code == 1 and "status label" in out
