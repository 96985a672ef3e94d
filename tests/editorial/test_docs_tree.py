"""docs/ publishes Markdown pages and the files they reference, nothing else, and never a symlink (reliability review
2026-12, F1; editorial audit 2026-12, A15). Before: `editorial check`, the build and check-site all passed while a
symlink published `.git/config` and a hand-made `.html` copy of an approved page was served. Fictional people,
temporary repositories.
"""

from __future__ import annotations

import os

from editorial import Repository, check_repository
from editorial.content import page_assets

from .conftest import ADA, ALAN, ARTICLE
from .test_site import build, site_config


def _errors(repo) -> list[str]:
    return [str(v) for v in check_repository(Repository(repo.root)) if v.error]


def test_a_symlink_under_docs_is_refused_wherever_it_points(repo, tmp_path):
    """F1: links to a file outside the repository, to .git/config, and a linked directory: each named, by lstat."""
    outside = tmp_path / "secret.txt"
    outside.write_text("not for publication\n")
    os.symlink(outside, repo.root / "docs/articles/leak-outside.txt")
    os.symlink("../../.git/config", repo.root / "docs/articles/leak-gitconfig.txt")
    os.symlink(tmp_path, repo.root / "docs/leaked-dir")
    os.symlink("cold-agglutinin.md", repo.root / "docs/articles/alias.md")
    errors = _errors(repo)
    for name in ("articles/leak-outside.txt", "articles/leak-gitconfig.txt", "leaked-dir", "articles/alias.md"):
        assert any(e.startswith(f"error: docs/{name}: a symlink: refused") for e in errors), (name, errors)


def test_a_file_no_page_references_is_refused(repo):
    """A15: an .html copy of a page, a script and an SVG dropped in docs/ are refused by `editorial check`."""
    for name in ("articles/cad-dosing.html", "articles/fix.js", "articles/evil.svg", "assets/print.css"):
        repo.write(f"docs/{name}", "<p>x</p>\n")
    errors = _errors(repo)
    for name in ("articles/cad-dosing.html", "articles/fix.js", "articles/evil.svg", "assets/print.css"):
        assert any(e.startswith(f"error: docs/{name}: not a Markdown page, and no page references it") for e in errors)


def test_what_a_page_references_is_allowed_and_listed_by_page_assets(repo):
    """Inline and reference-style Markdown images, a raw <img> and a link to a PDF are the page's assets (A13 names
    the last three as missing from the approval digest: `page_assets` is the one place that finds them)."""
    for name in ("inline.png", "ref.png", "raw.png", "table.pdf", "unused.png"):
        repo.write(f"docs/articles/{name}", "x")
    text = (repo.root / ARTICLE).read_text()
    repo.write(
        ARTICLE,
        text + '\n![a](inline.png)\n\n![b][dose]\n\n<img src="raw.png" alt="c">\n\n[the table](table.pdf)\n\n'
        "[dose]: ref.png\n",
    )
    assets = page_assets(repo.root, ARTICLE)
    assert assets == [f"docs/articles/{n}" for n in ("inline.png", "raw.png", "ref.png", "table.pdf")]
    errors = [e for e in _errors(repo) if "no page references it" in e]
    assert errors == [e for e in errors if "unused.png" in e] and len(errors) == 1, errors


def test_editorial_yml_may_list_an_exemption(repo):
    repo.write("docs/robots.txt", "User-agent: *\n")
    assert any("docs/robots.txt" in e for e in _errors(repo))
    repo.append("editorial.yml", "docs_files:\n  - robots.txt\n")
    assert not any("docs/robots.txt" in e for e in _errors(repo))


def test_the_build_publishes_neither(repo, tmp_path):
    """Even without the editorial gate (a plain `mkdocs build`), an unreferenced file is not copied into the site,
    and a symlink stops the build."""
    site_config(repo)
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        assert repo.editorial(command, ARTICLE, who=who)[0] == 0
    repo.write("docs/articles/cad-dosing.html", "<h1>Approved</h1>\n")
    repo.write("docs/articles/figure.png", "png")
    repo.write(ARTICLE, (repo.root / ARTICLE).read_text() + "\n![figure](figure.png)\n")
    repo.commit("page, figure and a stray copy")
    done, site = build(repo, tmp_path)
    assert done.returncode == 0, done.stderr
    assert (site / "articles/figure.png").is_file()
    assert not (site / "articles/cad-dosing.html").exists()
    os.symlink("../../.git/config", repo.root / "docs/articles/leak.txt")
    done, site = build(repo, tmp_path, "site2")
    assert done.returncode != 0
    assert "docs/articles/leak.txt: a symlink: refused" in done.stderr
    assert not (site / "articles/leak.txt").exists()
