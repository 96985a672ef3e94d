"""A temporary git repository under editorial control, with fictional people only.

Alan Author writes; Ada Clinician and Tom Technical are the declared reviewers; Mallory is declared nowhere.
"""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest

from editorial.cli import main

ALAN = ("Alan Author", "alan@example.org")
ADA = ("Ada Clinician", "ada@example.org")
TOM = ("Tom Technical", "tom@example.org")
MALLORY = ("Mallory Nobody", "mallory@example.org")
ARTICLE = "docs/articles/cold-agglutinin.md"
CALC_PAGE = "docs/calculators/demo.md"

DECLARATIONS = """\
reviewers:
  - id: ada
    name: Ada Clinician
    credentials: MD, fictional haematologist
    role: clinical
    email: ada@example.org
    affiliation: Example Hospital
  - id: tom
    name: Tom Technical
    credentials: PhD, fictional engineer
    role: technical
    email: tom@example.org
{extra}
review_interval_months:
  article: 36
  calculator: 12
"""


class Repo:
    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.capsys = capsys

    def git(self, *args: str, who: tuple[str, str] = ALAN) -> str:
        env_args = ["-c", f"user.name={who[0]}", "-c", f"user.email={who[1]}"]
        done = subprocess.run(["git", "-C", str(self.root), *env_args, *args], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def editorial(self, *args: str, who: tuple[str, str] = ALAN) -> tuple[int, str]:
        """Run the CLI in-process as `who` (git config of the repository), return (exit code, all output)."""
        self.git("config", "user.name", who[0])
        self.git("config", "user.email", who[1])
        self.capsys.readouterr()
        code = main(["--root", str(self.root), *args])
        out = self.capsys.readouterr()
        return code, out.out + out.err

    def commit(self, message: str, *paths: str, who: tuple[str, str] = ALAN, sign: bool = False) -> None:
        self.git("add", *(paths or ["-A"]), who=who)
        self.git("commit", "-q", *(["-S"] if sign else []), "-m", message, who=who)

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def append(self, rel: str, text: str) -> None:
        with (self.root / rel).open("a", encoding="utf-8") as out:
            out.write(text)

    def approve_article(self, page: str = ARTICLE) -> None:
        """Alan submits, Ada reviews and approves; each step committed by the one who acted."""
        for command, who in (("submit", ALAN), ("start-review", ADA), ("approve", ADA)):
            code, out = self.editorial(command, page, who=who)
            assert code == 0, out
            self.commit(f"{page}: {command}", "ledger", who=who, sign=self.signing)

    signing = False


def make_repo(root: Path, capsys, extra_reviewers: str = "") -> Repo:
    repo = Repo(root, capsys)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    repo.write("editorial.yml", DECLARATIONS.format(extra=extra_reviewers))
    repo.write("mkdocs.yml", "site_name: Test\n")
    repo.write(
        ARTICLE,
        textwrap.dedent("""\
            ---
            title: Cold agglutinin disease
            authors:
              - Alan Author
            ---

            A fictional article for tests.
            """),
    )
    repo.write(
        CALC_PAGE,
        textwrap.dedent("""\
            ---
            title: Demo calculator
            authors:
              - Alan Author
            ---

            /// calculator | demo
            ///
            """),
    )
    repo.write("calculators/demo.py", "THRESHOLD = 3  # fictional\n")
    repo.commit("Initial pages")
    return repo


@pytest.fixture
def repo(tmp_path, capsys) -> Repo:
    return make_repo(tmp_path / "repo", capsys)
