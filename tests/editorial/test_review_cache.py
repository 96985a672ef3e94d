"""The remembered reviews (`editorial.review_cache`) answer exactly what a fresh computation answers, whatever changed;
and `editorial build` (what `make build` runs) refuses what the three separate steps refused."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from editorial import Repository, check_site
from editorial import review_cache as cache
from tests.support.build import offline_env

from .conftest import ADA, ALAN, ARTICLE
from .test_site import BUILT, site_config

CALC_FILE = "calculators/demo.py"


def _answers(repo, monkeypatch, fresh: bool) -> tuple[str, str]:
    if fresh:
        monkeypatch.setenv("IGM_EDITORIAL_NO_CACHE", "1")
    else:
        monkeypatch.delenv("IGM_EDITORIAL_NO_CACHE", raising=False)
    status = repo.editorial("status", "--json")
    check = repo.editorial("check", "--production")
    monkeypatch.delenv("IGM_EDITORIAL_NO_CACHE", raising=False)
    return str(status), str(check)


def _age(root: Path) -> None:
    """Every file of the work tree an hour old, so the stat shortcut (not only the digests) is used."""
    past = time.time() - 3600
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in files:
            os.utime(Path(folder, name), (past, past))


def test_remembered_answers_equal_fresh_ones_after_every_kind_of_change(repo, monkeypatch):
    monkeypatch.delenv("IGM_EDITORIAL_NO_CACHE", raising=False)
    repo.approve_article()
    changes = [
        ("nothing", lambda: None),
        ("an uncommitted edit of the approved page", lambda: repo.append(ARTICLE, "\nAn unreviewed claim.\n")),
        ("that edit committed", lambda: repo.commit("Edit", who=ALAN)),
        ("a ledger line", lambda: repo.editorial("submit", ARTICLE, who=ALAN)),
        ("the embedded calculator's code", lambda: repo.write(CALC_FILE, "THRESHOLD = 4  # fictional\n")),
        ("the declarations", lambda: repo.append("editorial.yml", "\n# a comment\n")),
        ("the reviewer's approval withdrawn and committed", lambda: repo.commit("All of it", who=ALAN)),
    ]
    seen = set()
    for name, change in changes:
        change()
        for aged in (False, True):
            if aged:
                _age(repo.root)
            remembered = _answers(repo, monkeypatch, fresh=False)
            assert remembered == _answers(repo, monkeypatch, fresh=True), f"after {name} (aged: {aged})"
            assert _answers(repo, monkeypatch, fresh=False) == remembered, f"asked twice after {name}"
        seen.add(remembered)
    assert len(seen) >= 4  # the changes did change the answers: the comparison was not of constants


def test_a_page_edit_recomputes_that_page_only(repo, monkeypatch):
    monkeypatch.delenv("IGM_EDITORIAL_NO_CACHE", raising=False)
    repo.approve_article()
    computed: list[str] = []
    original = Repository.review

    def counting(self, name):
        computed.append(name)
        return original(self, name)

    monkeypatch.setattr(Repository, "review", counting)
    Repository(repo.root).reviews()
    first = len(computed)
    Repository(repo.root).reviews()
    assert len(computed) == first  # all remembered
    repo.append(ARTICLE, "\nAn edit.\n")
    reviews = Repository(repo.root).reviews()
    assert computed[first:] == [ARTICLE]
    assert reviews[ARTICLE].changed_since_approval


def test_an_unreadable_store_is_ignored(repo, monkeypatch):
    monkeypatch.delenv("IGM_EDITORIAL_NO_CACHE", raising=False)
    repo.approve_article()
    expected = _answers(repo, monkeypatch, fresh=True)
    _answers(repo, monkeypatch, fresh=False)
    cache._store.save()
    store = repo.root / ".git" / cache._FILE
    assert store.is_file()
    store.write_bytes(b"not a pickle")
    cache._store.path = None  # as a new process: read the file again
    assert _answers(repo, monkeypatch, fresh=False) == expected


def test_built_site_verdicts_follow_the_bytes_and_the_ledger(repo, tmp_path, monkeypatch):
    monkeypatch.delenv("IGM_EDITORIAL_NO_CACHE", raising=False)
    site_config(repo)
    repo.commit("Site configuration")
    repo.approve_article()
    site = tmp_path / "site"
    done = _editorial_build(repo.root, site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert check_site(Repository(repo.root, strict=True), site) == []
    assert check_site(Repository(repo.root, strict=True), site) == []  # remembered, still clean
    page = site / BUILT
    html = page.read_text()
    assert html.count('data-review-status="approved"') == 1
    page.write_text(html.replace('data-review-status="approved"', 'data-review-status="submitted"'))
    problems = check_site(Repository(repo.root, strict=True), site)  # other bytes: judged afresh, not remembered
    assert any("shows review status 'submitted'" in problem for problem in problems), problems
    # the same built bytes, but the ledger no longer supports the approval: the verdict changes
    done = _editorial_build(repo.root, site)
    assert done.returncode == 0
    repo.editorial("withdraw", ARTICLE, "--note", "A doubt about the dose.", who=ADA)
    repo.commit("Withdrawn", "ledger", who=ADA)
    problems = check_site(Repository(repo.root, strict=True), site)
    assert any(ARTICLE in problem and "stamped approved" in problem for problem in problems), problems


def _editorial_build(root: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "editorial", "--root", str(root), "build", "--quiet", "--site-dir", str(site)],
        cwd=root,
        env=offline_env(),
        capture_output=True,
        text=True,
    )


def test_editorial_build_runs_the_gate_the_build_and_the_site_check(repo, tmp_path):
    site_config(repo)
    repo.commit("Site configuration")
    repo.approve_article()
    site = tmp_path / "site"
    done = _editorial_build(repo.root, site)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "editorial check (production)" in done.stdout and "editorial check-site" in done.stdout
    assert 'data-review-status="approved"' in (site / BUILT).read_text()


def test_editorial_build_refuses_before_building_when_the_gate_fails(repo, tmp_path):
    site_config(repo)
    repo.commit("Site configuration")
    repo.editorial("submit", ARTICLE, who=ALAN)  # an uncommitted ledger line: an error in production
    site = tmp_path / "site"
    done = _editorial_build(repo.root, site)
    assert done.returncode == 1
    assert "not built" in done.stderr and not site.exists()


def test_editorial_build_fails_when_the_built_site_does_not_match_the_ledger(repo, tmp_path):
    """mkdocs.yml without the plugin builds, but the independent check of the built pages refuses it."""
    repo.approve_article()
    site_config(repo, plugin=False)
    repo.commit("Site configuration without the plugin")
    site = tmp_path / "site"
    done = _editorial_build(repo.root, site)
    assert done.returncode == 1
    assert f'{ARTICLE}: {BUILT} carries no <meta name="igm-approval"> stamp' in done.stderr


@pytest.mark.parametrize("size", [192, 512])
def test_cached_icons_are_the_drawn_ones(size):
    from igm_site.offline import draw_icon, icon_png

    assert icon_png(size) == draw_icon(size)
