"""Content injection (reliability review 2026-11, §3): every variant refused by `editorial check` and by the build,
with file and line; what is allowed is escaped wherever it is rendered. Fictional people, temporary repositories.
"""

from __future__ import annotations

import html as html_lib
import json
import re

import markupsafe
import pytest

from editorial import Repository, check_repository, check_site

from .conftest import ADA, ALAN, ARTICLE
from .test_site import BUILT, build, json_ld, site_config

FRONT_END = "authors:\n  - Alan Author\n---\n"

# (what to put where, the line `editorial check` must name, a word of the message)
VARIANTS = {
    "title ending in <template>": (
        "title: \"What is the management approach?<script>alert('T2')</script><template>\"\n",
        "",
        2,
        "<script>",
    ),
    "title breaking out of <title> and JSON-LD": (
        "title: \"T1 </title><script>alert('TITLE-HEAD')</script> </script><img src=x onerror=alert('IMG')> <!-- x\"\n",
        "",
        2,
        "<title>",
    ),
    "description breaking out of its attribute": (
        'title: Cold agglutinin disease\ndescription: "\\"><script>alert(\'DESC\')</script>"\n',
        "",
        3,
        "<script>",
    ),
    "disclaimer alone": (
        "title: Cold agglutinin disease\ndisclaimer: \"Consult your physician.<script>alert('D')</script>\"\n",
        "",
        3,
        "<script>",
    ),
    "changelog entry": (
        "title: Cold agglutinin disease\nchangelog:\n  - date: 2026-01-02\n    change: \"<script>alert('C')</script>\"\n",
        "",
        5,
        "<script>",
    ),
    "script written with a YAML escape": (
        'title: "Cold \\x3cscript>alert(1)\\x3c/script>"\n',
        "",
        2,
        "front matter field 'title'",
    ),
    "script in the body": (
        "title: Cold agglutinin disease\n",
        "Text.\n\n<script>alert('BODY')</script>\n",
        9,
        "<script>",
    ),
    "script inside md_in_html": (
        "title: Cold agglutinin disease\n",
        '<div markdown="1">\nText\n<script>alert(1)</script>\n</div>\n',
        9,
        "<script>",
    ),
    "iframe": ("title: Cold agglutinin disease\n", '<iframe src="https://example.org/"></iframe>\n', 7, "<iframe>"),
    "event handler": ("title: Cold agglutinin disease\n", "<img src=x\n  onerror=alert(1)>\n", 7, "'onerror'"),
    "javascript link": ("title: Cold agglutinin disease\n", "[click](javascript:alert(1))\n", 7, "javascript:"),
    "javascript link with a character reference": (
        "title: Cold agglutinin disease\n",
        '<a href="java&#115;cript:alert(1)">x</a>\n',
        7,
        "javascript:",
    ),
    "hidden wrapper that would swallow the disclaimer": (
        "title: Cold agglutinin disease\n",
        "<div hidden>\n\nText.\n",
        7,
        "'hidden'",
    ),
    "comment never closed": ("title: Cold agglutinin disease\n", "Text.\n<!-- the rest\n", 8, "never closed"),
    "template in the body": ("title: Cold agglutinin disease\n", "Text <template>\n", 7, "<template>"),
}


@pytest.fixture
def site_repo(repo):
    site_config(repo)
    repo.commit("Site configuration")
    return repo


def _write_page(repo, front: str, body: str) -> None:
    repo.write(ARTICLE, f"---\n{front}{FRONT_END}\n{body}")


@pytest.mark.parametrize("name", VARIANTS)
def test_editorial_check_refuses_each_injection_with_file_and_line(repo, name):
    front, body, line, word = VARIANTS[name]
    _write_page(repo, front, body)
    problems = [str(v) for v in check_repository(Repository(repo.root)) if v.error]
    named = [p for p in problems if p.startswith(f"error: {ARTICLE}:{line}: ") and word in p]
    assert named, problems
    assert all("refused" in p for p in named)


def test_the_build_refuses_them_too_and_hashes_nothing_from_a_page(site_repo, tmp_path):
    repo = site_repo
    _write_page(repo, *VARIANTS["title ending in <template>"][:2])
    done, _ = build(repo, tmp_path)
    assert done.returncode != 0
    assert f"{ARTICLE}:2: raw <script> element" in done.stderr
    assert "raw <template> element" in done.stderr


def test_allowed_text_is_escaped_wherever_it_is_rendered(site_repo, tmp_path):
    """A title or disclaimer may hold < & " (a threshold, a quotation): it shows as text, never as markup."""
    repo = site_repo
    title = 'IgM < 10 g/L & "smouldering" <b>WM</b>'
    front = (
        f"title: {json.dumps(title)}\n"
        f"description: {json.dumps(title)}\n"
        'disclaimer: "Ask <em>your</em> physician & check"\n'
        "authors:\n  - Alan <Author> & Co\n---\n"
    )
    repo.write(ARTICLE, f"---\n{front}\nBody text.\n")
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        assert repo.editorial(command, ARTICLE, who=who)[0] == 0
    repo.commit("page and review")
    assert [v for v in check_repository(Repository(repo.root)) if v.error] == []
    done, site = build(repo, tmp_path)
    assert done.returncode == 0, done.stderr
    page = (site / BUILT).read_text()
    escaped = str(markupsafe.escape(title))  # as Jinja's `| e` writes it: " becomes &#34;
    assert f"<title>{escaped} - Test guide</title>" in page
    assert f'<meta name="description" content="{escaped}">' in page
    assert f"<h1>{escaped}</h1>" in page
    assert re.search(rf'<span class="md-ellipsis">\s*{re.escape(escaped)}\s*</span>', page)
    assert "<p>Ask &lt;em&gt;your&lt;/em&gt; physician &amp; check</p>" in page
    assert html_lib.unescape(escaped) == title
    assert "Authors: Alan &lt;Author&gt; &amp; Co" in page
    assert "<b>WM</b>" not in page and "<em>your</em>" not in page
    assert json_ld(page)["name"] == title  # JSON-LD carries the text itself, \u-escaped inside the script
    assert check_site(Repository(repo.root, strict=True), site) == []
