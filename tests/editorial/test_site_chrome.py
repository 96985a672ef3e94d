"""The site chrome under review (issue 20; attack A16 of the editorial review 2026-12): mkdocs.yml, the theme's
custom_dir, extra CSS/JS, the igm-guide plugin package and the Material version form one digest that needs a
technical approval; while the current one is not approved no page is shown Approved, and the build stays green."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import shutil

import pytest

import editorial.chrome as chrome
from editorial import Repository
from editorial.ledger import CHROME, CHROME_LEDGER, Statement, note_digest
from editorial.signatures import REVIEW_NAMESPACE, sign
from editorial.snapshot import dropped, snapshot
from tests.support.build import ROOT

from .conftest import ADA, ALAN, ARTICLE, EDITH, MALLORY, TOM, key_of
from .test_site import BUILT, site_config

CHANGED = "site chrome changed since its technical approval"


def article(repo):
    return Repository(repo.root).review(ARTICLE)


@pytest.fixture
def approved(repo):
    """A built test site whose article and chrome are both approved (Ada, then Tom)."""
    site_config(repo)
    repo.commit("Site configuration", who=EDITH)
    repo.approve_article()
    assert article(repo).status == "approved" and Repository(repo.root).chrome.status == "approved"
    return repo


def built(repo, site) -> str:
    code, out = repo.editorial("build", "--site-dir", str(site))
    assert code == 0, out  # the build stays green whatever the chrome's state
    return (site / BUILT).read_text()


def test_a16_one_unsigned_extra_css_line_no_longer_reaches_readers_as_approved(approved, tmp_path):
    repo = approved
    assert 'data-review-status="approved"' in built(repo, tmp_path / "before")
    # Mallory, with push access only: a stylesheet that hides every caution, published as the docs tree allows.
    repo.write("docs/stylesheets/quiet.css", ".igm-caution, .igm-review { display: none !important; }\n")
    repo.append("editorial.yml", "docs_files: [stylesheets/quiet.css]\n")
    repo.append("mkdocs.yml", "extra_css: [stylesheets/quiet.css]\n")
    repo.commit("Tidy the styles", who=MALLORY, sign=False)
    html = built(repo, tmp_path / "after")
    assert "stylesheets/quiet.css" in html  # the vector is live: the stylesheet is shipped
    assert 'data-review-status="under_review"' in html and 'data-review-status="approved"' not in html
    assert 'name="robots" content="noindex"' in html and "reviewedBy" not in html
    assert f"it is not shown as approved: {CHANGED}" in html and "approval not shown (see the caution above)" in html
    review = article(repo)
    assert (review.status, review.ledger_status, review.held) == ("under_review", "approved", CHANGED)
    _, out = repo.editorial("status")
    assert "site-chrome (mkdocs.yml, overrides/, extra CSS/JS, igm_site, Material): under_review" in out
    assert f"shown as under_review: {CHANGED}" in out
    # Reverted, the chrome is the approved one again: so is the page, with no new statement (restoring Approved by a
    # technical approval of a new chrome is the next test).
    repo.git("revert", "--no-edit", "HEAD")
    html = built(repo, tmp_path / "reverted")
    assert 'data-review-status="approved"' in html and "quiet.css" not in html


def _overrides(repo, monkeypatch, tmp_path):
    shutil.copytree(ROOT / "overrides", repo.root / "overrides")
    text = (repo.root / "mkdocs.yml").read_text().replace(f"custom_dir: {ROOT / 'overrides'}", "custom_dir: overrides")
    repo.write("mkdocs.yml", text)
    repo.commit("Own overrides", who=EDITH)
    repo.approve_chrome()
    assert article(repo).status == "approved"
    repo.append("overrides/main.html", "{# a quiet change #}\n")


def _plugin_asset(repo, monkeypatch, tmp_path):
    copy = tmp_path / "igm_site"
    shutil.copytree(chrome.plugin_dir(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(chrome, "plugin_dir", lambda: copy)
    assert article(repo).status == "approved"  # the same bytes: the same digest
    (copy / "assets" / "igm.css").write_text((copy / "assets" / "igm.css").read_text() + ".igm-caution{opacity:0}\n")


def _material_version(repo, monkeypatch, tmp_path):
    real = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata, "version", lambda name: "99.0.0" if name == "mkdocs-material" else real(name)
    )


def _extra_css_bytes(repo, monkeypatch, tmp_path):
    repo.write("docs/stylesheets/site.css", ".md-typeset { line-height: 1.6; }\n")
    repo.append("editorial.yml", "docs_files: [stylesheets/site.css]\n")
    repo.append("mkdocs.yml", "extra_css: [stylesheets/site.css]\n")
    repo.commit("A stylesheet", who=EDITH)
    repo.approve_chrome()
    assert article(repo).status == "approved"
    repo.append("docs/stylesheets/site.css", ".igm-caution { display: none; }\n")


@pytest.mark.parametrize(
    ("change", "part"),
    [
        (_overrides, "overrides main.html"),
        (_plugin_asset, "plugin assets/igm.css"),
        (_material_version, "theme mkdocs-material"),
        (_extra_css_bytes, "extra_css stylesheets/site.css"),
    ],
)
def test_each_part_of_the_chrome_unapproves_until_a_technical_approval(approved, monkeypatch, tmp_path, change, part):
    repo = approved
    before = Repository(repo.root).chrome.current_hash
    change(repo, monkeypatch, tmp_path)
    assert Repository(repo.root).chrome.current_hash != before
    code, out = repo.editorial("diff", CHROME)  # what the technical reviewer is to read: the part that changed
    assert code == 0 and out.splitlines()[1:] == [f"changed (read it with git diff): {part}"], out
    review = article(repo)
    assert (review.status, review.held) == ("under_review", CHANGED)
    repo.approve_chrome()
    assert article(repo).status == "approved" and not article(repo).held


def _statement_for_chrome(repo, who, reviewer, role):
    subject = Repository(repo.root).chrome.current_hash
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    statement = Statement("approve", subject, reviewer, role, date, note_digest(""))
    line = {
        "statement": statement.to_json(),
        "note": "",
        "signature": sign(statement.canonical, key_of(who), REVIEW_NAMESPACE),
    }
    repo.append(CHROME_LEDGER, json.dumps(line) + "\n")


def test_a_clinical_approval_of_the_chrome_does_not_count(approved):
    repo = approved
    repo.append("mkdocs.yml", "copyright: changed\n")
    repo.commit("A footer", who=EDITH)
    code, out = repo.editorial("approve", CHROME, who=ADA)
    assert code == 1 and "needs technical approval; a clinical one is not" in out
    _statement_for_chrome(repo, ADA, "ada", "clinical")  # Ada's own valid signature, over the chrome's digest
    repo_state = Repository(repo.root)
    assert [v.valid for v in repo_state.chrome.verdicts if v.line.subject == repo_state.chrome.current_hash] == [True]
    assert repo_state.chrome.status != "approved" and article(repo).status == "under_review"
    _statement_for_chrome(repo, ADA, "ada", "technical")  # claiming a role she does not have
    problems = [why for page, why in Repository(repo.root).problems() if page == CHROME]
    assert problems and "'ada' is a clinical reviewer, not technical" in problems[-1]
    assert article(repo).status == "under_review"
    code, out = repo.editorial("submit", CHROME)
    assert code == 1 and "no workflow steps" in out


def test_withdrawing_the_chrome_approval_unapproves_every_page_and_is_kept_by_the_rollback_check(approved, tmp_path):
    repo = approved
    published = snapshot(Repository(repo.root, strict=True))
    assert any(
        item["file"] == CHROME_LEDGER and item["statement"]["act"] == "approve" for item in published["statements"]
    )
    code, out = repo.editorial("withdraw", CHROME, "--note", "the caution is hidden on small screens", who=TOM)
    assert code == 0, out
    repo.commit("site chrome: withdraw", "ledger", who=TOM)
    review = article(repo)
    assert review.status == "under_review" and "withdrawn" in review.held
    published = snapshot(Repository(repo.root, strict=True))
    repo.git("reset", "-q", "--hard", "HEAD~1")  # a force-push drops the withdrawal
    assert article(repo).status == "approved"
    lost = dropped(published, snapshot(Repository(repo.root, strict=True)))
    assert len(lost) == 1 and "valid withdraw by tom" in lost[0]


def test_an_unrelated_page_edit_leaves_the_chrome_digest(approved):
    repo = approved
    before = Repository(repo.root).chrome.current_hash
    repo.write("docs/articles/another.md", "---\ntitle: Another\n---\n\nText.\n")
    repo.append(ARTICLE, "\nA new sentence.\n")
    repo.commit("Page edits")
    after = Repository(repo.root)
    assert after.chrome.current_hash == before and after.chrome.status == "approved"
    assert article(repo).status == "under_review" and not article(repo).held  # its own change, not the chrome's


def test_a_page_approval_says_it_waits_for_the_chrome(repo):
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        assert repo.editorial(command, ARTICLE, who=who)[0] == 0
    code, out = repo.editorial("approve", ARTICLE, who=ADA)
    assert code == 0 and f"{ARTICLE}: now under_review (site chrome not yet approved)." in out, out
    _, out = repo.editorial("check")
    assert f"warning: {ARTICLE}: shown as under_review: site chrome not yet approved" in out


def test_editorial_mv_keeps_the_page_and_the_chrome_approved_though_the_nav_names_the_new_path(approved):
    """Issue 19: an `editorial mv` keeps a valid approval, and readers see it. The nav's page paths are content (each
    page's own digest binds its bytes); its titles and order are chrome, on every page."""
    repo = approved
    text = (repo.root / "mkdocs.yml").read_text()
    repo.write("mkdocs.yml", text + f"nav:\n  - Cold agglutinin disease: {ARTICLE.removeprefix('docs/')}\n")
    repo.commit("Nav", who=EDITH)
    repo.approve_chrome()
    before = Repository(repo.root).chrome.current_hash
    code, out = repo.editorial("mv", ARTICLE, "docs/articles/cad.md")
    assert code == 0, out
    repo.commit("editorial mv")
    assert "articles/cad.md" in (repo.root / "mkdocs.yml").read_text()  # the nav followed the page
    after = Repository(repo.root)
    assert after.chrome.current_hash == before and after.chrome.status == "approved"
    assert after.review("docs/articles/cad.md").status == "approved"
    repo.write("mkdocs.yml", (repo.root / "mkdocs.yml").read_text().replace("Cold agglutinin disease:", "Approved:"))
    repo.commit("A nav title", who=EDITH)
    assert Repository(repo.root).chrome.status != "approved"  # a title is on every page: chrome


def test_the_build_cache_lock_is_not_chrome(approved, monkeypatch, tmp_path):
    """igm_site/compiled.lock gains a line whenever the calculators change (a build records it); it pins cache bytes
    that a fresh build re-makes and checks, so it must not un-approve the chrome, which then tracked every
    calculator edit."""
    copy = tmp_path / "igm_site"
    shutil.copytree(chrome.plugin_dir(), copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(chrome, "plugin_dir", lambda: copy)
    before = Repository(approved.root).chrome
    (copy / "compiled.lock").write_text((copy / "compiled.lock").read_text() + "calculators-0.zip " + "0" * 64 + "\n")
    after = Repository(approved.root).chrome
    assert (after.current_hash, after.status) == (before.current_hash, "approved")
