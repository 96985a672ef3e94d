"""What the site's allow-list takes out of a rendered page is reported by `editorial check`, with file and line:
the 12 executable forms the source deny-list missed (reliability review 2026-12, F9), the concealing elements and
theme classes (F2, X8), a heading taking the status box's id (F6c, D11). Before the allow-list every one of them passed
`editorial check`. Fictional people, temporary repositories.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from editorial import Repository, check_repository

from .conftest import ARTICLE

ROOT_CONFIG = yaml.safe_load((Path(__file__).parents[2] / "mkdocs.yml").read_text(encoding="utf-8"))


@pytest.fixture
def repo(repo):
    """The test repository with this site's Markdown extensions (attribute lists, admonitions, md_in_html)."""
    config = {"site_name": "Test", "markdown_extensions": ROOT_CONFIG["markdown_extensions"]}
    repo.write("mkdocs.yml", yaml.safe_dump(config))
    return repo


HEAD = "---\ntitle: Cold agglutinin disease\nauthors:\n  - Alan Author\n---\n\nText.\n\n"
BODY_LINE = HEAD.count("\n") + 1  # the first line a vector is written on

# (body, the line of the body that must be named, a word of the message)
VECTORS = {
    # F9: the executable forms the deny-list let through (each was blocked only by the CSP).
    "F9 attr_list onclick": ('Click this paragraph.\n{: onclick="alert(1)" }\n', 1, "'onclick'"),
    "F9 attr_list onmouseover on a link": ('[x](https://example.org){: onmouseover="alert(1)" }\n', 0, "'onmouseover'"),
    "F9 img/src/onerror": ("<img/src/onerror=alert(1)>\n", 0, "'onerror'"),
    "F9 jav&#x09;ascript: href": ('<a href="jav&#x09;ascript:alert(1)">x</a>\n', 0, "javascript:"),
    "F9 j&Tab;avascript: href": ('<a href="j&Tab;avascript:alert(1)">x</a>\n', 0, "javascript:"),
    "F9 javas&NewLine;cript: href": ('<a href="javas&NewLine;cript:alert(1)">x</a>\n', 0, "javascript:"),
    "F9 Markdown link jav&#x09;ascript:": ("[x](jav&#x09;ascript:alert(1))\n", 0, "javascript:"),
    # A raw tab is expanded to spaces by Markdown (inert); written as a character reference it reaches the href.
    "F9 attr_list href with a tab": (
        '[x](https://example.org){: href="jav&#x09;ascript:alert(1)" }\n',
        0,
        "javascript:",
    ),
    "F9 attr_list style": ('A paragraph.\n{: style="position:fixed;inset:0" }\n', 1, "'style'"),
    "F9 remote img": ('<img src="https://evil.example/pixel.png" alt="">\n', 0, "link target"),
    "F9 ping": ('<a href="https://example.org" ping="https://evil.example/track">x</a>\n', 0, "'ping'"),
    "F9 fencedframe": ('<fencedframe src="https://evil.example/"></fencedframe>\n', 0, "<fencedframe>"),
    "X5d C0 control before the scheme": ("[a](\x01javascript:alert(1))\n", 0, "javascript:"),
    # F2: elements whose content a browser does not render, left open to swallow the disclaimer.
    "F2 unclosed canvas": ("Before.\n\n<canvas>\n\nAfter.\n", 2, "<canvas>"),
    "F2 unclosed video": ("Before.\n\n<video>\n\nAfter.\n", 2, "<video>"),
    "F2 inline select": ("Before <select> after.\n", 0, "<select>"),
    "F2 md-search__overlay": ('<div class="md-search__overlay">\n\nAfter.\n', 0, "'md-search__overlay'"),
    # X8: Material's consent overlay class, covering the viewport with a fake "Approved".
    "X8 md-consent__inner": (
        '<div class="md-consent__inner md-typeset" markdown="1">\n\n!!! success "Article review status: Approved"\n'
        "    Reviewed by: Rahul Rao, MD FRCPath.\n\n</div>\n",
        0,
        "'md-consent__inner'",
    ),
    # F6c / D11: a heading with the status box's id captures the "Full review status" link.
    "F6c heading {#review-status}": (
        "## Review status: Approved by the medical advisory board {#review-status}\n",
        0,
        "'review-status'",
    ),
    "D11 visually-hidden class": (
        '<span class="visually-hidden">Give 3750 mg/m² at once.</span>\n',
        0,
        "'visually-hidden'",
    ),
    "X3 attr_list hidden": ("Some text.\n{: hidden }\n", 1, "'hidden'"),
    "X3 aria-hidden": ('<p aria-hidden="true">x</p>\n', 0, "'aria-hidden'"),
    "X3 attr_list ONMOUSEOVER": ('Some text.\n{: ONMOUSEOVER="alert(1)" }\n', 1, "'onmouseover'"),
    "X6 svg": ('<svg><a href="#"><text>x</text></a></svg>\n', 0, "<svg>"),
    "X7 data: link": ("[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n", 0, "data:"),
    "X7 data: image": ("![a](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)\n", 0, "data:"),
    "X19 a second status box": (
        '<section class="igm-review" data-review-status="approved">\n<p>Approved.</p>\n</section>\n',
        0,
        "<section>",
    ),
    "X19 a status-box class on an allowed tag": ('<div class="igm-review">Approved.</div>\n', 0, "'igm-review'"),
    "form and button": ('<form action="/x"><button>Send</button></form>\n', 0, "<form>"),
    "approval look-alike admonition": (
        '!!! success "Approved by the medical advisory board"\n    Text.\n',
        0,
        "'success'",
    ),
}


@pytest.mark.parametrize("name", VECTORS)
def test_editorial_check_names_what_the_allow_list_takes_out(repo, name):
    body, offset, word = VECTORS[name]
    repo.write(ARTICLE, HEAD + body)
    problems = [str(v) for v in check_repository(Repository(repo.root)) if v.error]
    line = BODY_LINE + offset
    named = [p for p in problems if p.startswith(f"error: {ARTICLE}:{line}: ") and word in p]
    assert named, (line, problems)
    assert all("refused" in p for p in named)


def test_an_ordinary_page_loses_nothing(repo):
    """Admonitions, tables, links, local images, citations-like superscripts, headings with ids: all allowed."""
    repo.write(
        ARTICLE,
        HEAD + '!!! note "Pearl"\n    Text with [a link](https://pubmed.ncbi.nlm.nih.gov/1/) and *emphasis*.\n\n'
        "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n## A heading {#my-heading}\n\nIgM < 10 g/L & H<sub>2</sub>O<sup>2</sup>.\n"
        "\nIn prose, `<script>` and &lt;script&gt; are text, never refused (X23).\n"
        '\n[mail](mailto:editors@example.org) and [a section](#my-heading).\n\n<details markdown="1">\n<summary>More</summary>\n\nHidden until opened.\n</details>\n',
    )
    assert [str(v) for v in check_repository(Repository(repo.root)) if v.error] == []
