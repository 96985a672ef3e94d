"""`editorial check-site` checks what a reader sees: one visible status box with the ledger's label, the caution and
`noindex` on a page that is not approved, and a visible disclaimer. Each way of hiding them, applied to a real built
page, must be reported. Fictional people, a temporary repository.
"""

from __future__ import annotations

import re
import shutil

import pytest

from editorial import Repository, check_site
from editorial.built_site import reader_problems

from .conftest import ADA, ALAN, ARTICLE
from .test_site import BUILT, build, site_config


@pytest.fixture(scope="module")
def under_review_page(tmp_path_factory):
    from .conftest import make_repo

    class _Capsys:  # the CLI prints; nothing here reads it
        def readouterr(self):
            return type("Out", (), {"out": "", "err": ""})()

    tmp = tmp_path_factory.mktemp("reader")
    repo = make_repo(tmp / "repo", _Capsys())
    site_config(repo)
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        assert repo.editorial(command, ARTICLE, who=who)[0] == 0
    repo.commit("review")
    done, site = build(repo, tmp)
    assert done.returncode == 0, done.stderr
    return repo, site


def _sub(html: str, pattern: str, replacement: str) -> str:
    changed, count = re.subn(pattern, replacement, html, count=1, flags=re.DOTALL)
    assert count == 1, pattern
    return changed


TAMPERINGS = {
    # A title ending in <template> (before this fix Material printed it raw in the header).
    "open <template> in the header": (
        r'(<div class="md-header__topic" data-md-component="header-topic">)',
        r"\1<template>",
        "visible review status box",
    ),
    "an unclosed comment before the article": (r'(<section class="igm-review")', r"<!-- \1", "visible review status"),
    "status box hidden": (r'<section class="igm-review"', '<section hidden class="igm-review"', "visible review"),
    "label changed": (r"(Article review status:</strong>) Under Review", r"\1 Approved", "status label"),
    "caution removed": (r'<p class="igm-caution".*?</p>', "", "no visible caution"),
    "caution styled away": (r'<p class="igm-caution"', '<p style="display: none" class="igm-caution"', "caution"),
    "noindex removed": (r'<meta name="robots" content="noindex">', "", "noindex"),
    "disclaimer removed": (r'<aside class="igm-disclaimer".*?</aside>', "", "disclaimer"),
    "disclaimer in a closed <details>": (
        r'(<aside class="igm-disclaimer".*?</aside>)',
        r"<details><summary>More</summary>\1</details>",
        "disclaimer",
    ),
    "disclaimer swallowed by an unclosed hidden div": (
        r"(<aside class=\"igm-disclaimer\")",
        r"<div hidden>\1",
        "disclaimer",
    ),
    "a second, visible status box": (
        r"(<aside class=\"igm-disclaimer\")",
        r'<section class="igm-review" data-review-status="under_review"></section>\1',
        "exactly one",
    ),
}


def test_the_built_page_passes_as_built(under_review_page):
    repo, site = under_review_page
    html = (site / BUILT).read_text()
    assert reader_problems(html, "under_review") == []
    assert check_site(Repository(repo.root, strict=True), site) == []


@pytest.mark.parametrize("name", TAMPERINGS)
def test_each_way_of_hiding_a_mark_is_reported(under_review_page, name):
    """B3 (the label says Approved, the caution is gone) and RS3.2 (an open <template> in the header): each way of
    hiding a mark on a real built page is reported by the check `editorial check-site` runs."""
    _, site = under_review_page
    pattern, replacement, word = TAMPERINGS[name]
    html = _sub((site / BUILT).read_text(), pattern, replacement)
    problems = reader_problems(html, "under_review")
    assert any(word in p for p in problems), problems


def test_check_site_reports_a_hidden_disclaimer_by_page(under_review_page, tmp_path):
    repo, site = under_review_page
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    pattern, replacement, _ = TAMPERINGS["disclaimer swallowed by an unclosed hidden div"]
    (copy / BUILT).write_text(_sub((copy / BUILT).read_text(), pattern, replacement))
    problems = check_site(Repository(repo.root, strict=True), copy)
    assert problems == [f"{ARTICLE}: {BUILT} has no visible professional medical disclaimer."]


def test_rs3_4_rs3_5_the_policy_hashes_the_themes_scripts_only_and_reads_html_as_a_browser(under_review_page):
    """RS3.4: an inline script added to a real built page is refused, never hashed into the CSP. RS3.5 (#12): script
    text inside an attribute (`<script&gt;`, as an escaped DOI link carried it) does not pair tags wrongly: the page's
    hashes are exactly those of the page without it."""
    from igm_site.csp import UnknownInlineScript, inline_script_hashes

    _, site = under_review_page
    html = (site / BUILT).read_text()
    hashes = inline_script_hashes(html)
    assert hashes  # the theme's own scripts
    injected = _sub(html, r'(<aside class="igm-disclaimer")', r"<script>alert('PAGE')</script>\1")
    with pytest.raises(UnknownInlineScript, match="alert\\('PAGE'\\)"):
        inline_script_hashes(injected)
    attribute = _sub(
        html,
        r'(<section class="igm-review")',
        r"""<a href="https://doi.org/javascript:alert('DOI')//&quot;&gt;<script&gt;alert('DOI2')</script&gt;">doi</a>\1""",
    )
    assert inline_script_hashes(attribute) == hashes
