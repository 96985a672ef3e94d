"""Front matter with YAML anchors and aliases, or too long, is refused before anything walks it (reliability review
2026-12, F4: a 10-line alias bomb made `editorial check`, the build and CI run for hours). Temporary repositories."""

from __future__ import annotations

import pytest

from editorial import Repository, check_repository
from editorial.errors import EditorialError
from editorial.front_matter import MAX_FRONT_MATTER, parse_front_matter

from .conftest import ARTICLE

BOMB = (
    "---\ntitle: Bomb\n"
    'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"l{n}: &l{n} [{','.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 9))
    + "---\n\nText.\n"
)


def test_the_alias_bomb_is_refused_with_its_line(repo):
    """9**9 strings if walked: refused at the first anchor, line 3 of the file."""
    repo.write(ARTICLE, BOMB)
    errors = [str(v) for v in check_repository(Repository(repo.root)) if v.error]
    assert any(e.startswith(f"error: {ARTICLE}: front matter line 3: YAML anchors and aliases") for e in errors), errors


@pytest.mark.parametrize(
    "front",
    [
        "title: &t Cold\nalias: *t\n",
        "authors: &a\n  - Alan\nreviewed_by: *a\n",
        "title: Cold\nmerged:\n  <<: &m {a: 1}\n",
    ],
)
def test_any_anchor_or_alias_is_refused(front):
    with pytest.raises(EditorialError, match="anchors and aliases"):
        parse_front_matter(f"---\n{front}---\n\nText.\n", "docs/x.md")


def test_front_matter_longer_than_the_limit_is_refused():
    front = "title: Cold\nnotes: " + "x" * MAX_FRONT_MATTER + "\n"
    with pytest.raises(EditorialError, match="more than the"):
        parse_front_matter(f"---\n{front}---\n\nText.\n", "docs/x.md")


def test_an_ordinary_front_matter_parses():
    front = parse_front_matter("---\ntitle: Cold\nauthors:\n  - Alan\n---\n\nText.\n", "docs/x.md")
    assert front.data == {"title": "Cold", "authors": ["Alan"]}
