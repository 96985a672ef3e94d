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
    # In a paragraph Markdown escapes it (inert text); inside a raw HTML block it reaches the page.
    "comment never closed": (
        "title: Cold agglutinin disease\n",
        "Text.\n\n<div>\n<!-- the rest\n</div>\n",
        10,
        "never closed",
    ),
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
    """RS3.1 (each field of variant 1), RS3.2 (a title ending in <template>), RS3.3 (the disclaimer alone): each
    injection is refused by `editorial check` with file and line."""
    front, body, line, word = VARIANTS[name]
    _write_page(repo, front, body)
    problems = [str(v) for v in check_repository(Repository(repo.root)) if v.error]
    named = [p for p in problems if p.startswith(f"error: {ARTICLE}:{line}: ") and word in p]
    assert named, problems
    assert all("refused" in p for p in named)


def test_the_build_refuses_them_too_and_hashes_nothing_from_a_page(site_repo, tmp_path):
    """RS3.2: the build refuses the title ending in <template> too, naming the file, the line and each element."""
    repo = site_repo
    _write_page(repo, *VARIANTS["title ending in <template>"][:2])
    done, _ = build(repo, tmp_path)
    assert done.returncode != 0
    assert f"{ARTICLE}:2: raw <script> element" in done.stderr
    assert "raw <template> element" in done.stderr


def test_allowed_text_is_escaped_wherever_it_is_rendered(site_repo, tmp_path):
    """RS3.1 and RS3.3 (what is allowed is escaped): a title or disclaimer may hold < & " (a threshold, a
    quotation): it shows as text, never as markup."""
    repo = site_repo
    title = 'IgM < 10 g/L & "smouldering" <b>WM</b>'
    front = (
        f"title: {json.dumps(title)}\n"
        f"description: {json.dumps(title)}\n"
        'disclaimer: "Ask <em>your</em> physician & check"\n'
        "authors:\n  - Alan <b>Author</b> & Co\n---\n"
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
    assert "Authors: Alan &lt;b&gt;Author&lt;/b&gt; &amp; Co" in page
    assert "<b>WM</b>" not in page and "<em>your</em>" not in page
    assert json_ld(page)["name"] == title  # JSON-LD carries the text itself, \u-escaped inside the script
    assert check_site(Repository(repo.root, strict=True), site) == []


# Variant 1 of the reliability review, §3: every field at once (the PMID reused from the project's own article).
EVERY_FIELD = """\
---
title: "T1 </title><script>alert('TITLE-HEAD')</script> <img src=x onerror=alert('TITLE-IMG')> &amp; <!-- x"
description: "\\"><script>alert('DESC')</script>"
disclaimer: "<script>alert('DISCLAIMER')</script><img src=x onerror=alert('D-IMG')>"
authors:
  - "Alan </script><script>alert('AUTHOR')</script><img src=x onerror=alert('A-IMG')>"
changelog:
  - date: 2026-01-02
    change: "<script>alert('CHANGELOG')</script>"
references:
  - id: owen2003
    citation: "<script>alert('CITATION')</script><img src=x onerror=alert('C-IMG')>"
    pmid: "12720118\\" onmouseover=\\"alert('PMID')"
    doi: "javascript:alert('DOI')//\\"><script>alert('DOI2')</script>"
---

Text [@owen2003].

<script>alert('BODY-SCRIPT')</script>

<img src=x onerror=alert('BODY-IMG')>

[click](javascript:alert('BODY-LINK'))

<div markdown="1">
Inner <script>alert('BODY-MDHTML')</script>
</div>
"""


def test_rs3_1_every_field_at_once_is_refused_by_check_and_build(site_repo, tmp_path):
    """RS3.1 (variant 1): script in the title, description, disclaimer, an author, the changelog, a citation, the PMID
    and DOI, and in the body (raw, event handler, javascript: link, md_in_html). `check --production` fails naming each
    field or line; the build refuses the page; nothing is published to hash."""
    repo = site_repo
    repo.write(ARTICLE, EVERY_FIELD)
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        assert repo.editorial(command, ARTICLE, who=who)[0] == 0
    repo.commit("page and review")
    code, out = repo.editorial("check", "--production")
    assert code == 1
    errors = [line for line in out.splitlines() if line.startswith(f"error: {ARTICLE}:")]
    lines = {int(line.split(":")[2]) for line in errors if line.split(":")[2].isdigit()}
    text = EVERY_FIELD.splitlines()
    named = {text[n - 1].split(":")[0].strip(" -") for n in lines if n <= len(text)}
    assert {"title", "description", "disclaimer", "change", "citation"} <= named, out
    body_start = text.index("Text [@owen2003].") + 1
    assert {body_start + 2, body_start + 6} <= lines, out  # script, javascript: (the onerror line: see below)
    assert any(n > body_start + 6 for n in lines), out  # the script inside md_in_html
    done, site = build(repo, tmp_path)
    assert done.returncode != 0
    assert f"{ARTICLE}:" in done.stderr and "raw <script> element" in done.stderr
    assert not (site / BUILT).exists()


def test_rs3_4_an_inline_script_the_build_did_not_emit_is_refused_not_hashed(site_repo, tmp_path):
    """RS3.4 (the CSP hashed every inline script it found): a script that reaches the HTML by another way than the page
    (here a template edited to carry one) stops the build; it is never added to the policy."""
    from .test_site import overrides_with, use_overrides

    repo = site_repo
    repo.editorial("submit", ARTICLE)
    repo.commit("submit", "ledger")
    use_overrides(repo, overrides_with(tmp_path, ("<aside class=", "<script>alert('TEMPLATE')</script><aside class=")))
    repo.commit("Template tidy", who=ALAN)
    done, _ = build(repo, tmp_path)
    assert done.returncode != 0
    assert "an inline <script> the build does not emit" in done.stderr and "alert('TEMPLATE')" in done.stderr


def test_rs3_1_an_event_handler_after_an_unquoted_value_with_a_quote_is_refused(repo):
    """RS3.1 (variant 1, body): `<img src=x onerror=alert('BODY-IMG')>`, as the review wrote it, inside a raw HTML
    block (which Python-Markdown passes through verbatim), must be refused with file and line like any event-handler
    attribute (the quoted and quote-free spellings are, in VARIANTS above)."""
    _write_page(
        repo, "title: Cold agglutinin disease\n", "<div class=\"note\">\n<img src=x onerror=alert('X')>\n</div>\n"
    )
    problems = [str(v) for v in check_repository(Repository(repo.root)) if v.error]
    assert any(p.startswith(f"error: {ARTICLE}:8: ") and "'onerror'" in p for p in problems), problems
