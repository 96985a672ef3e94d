"""A temporary git repository under editorial control, with fictional people only.

Alan Author writes; Ada Clinician and Tom Technical are the declared reviewers; Mallory is declared nowhere; Edith
Editor (a maintainer) started the reviewer set (`editorial reviewer add`), so its version 1, pinned in editorial.yml,
holds her key. Everyone has a throwaway ed25519 key made by ssh-keygen. Commits are signed or not: validity never
depends on it.
"""

from __future__ import annotations

import functools
import json
import subprocess
import tempfile
import textwrap
from pathlib import Path

import pytest

from editorial.cli import main

ALAN = ("Alan Author", "alan@example.org")
ADA = ("Ada Clinician", "ada@example.org")
TOM = ("Tom Technical", "tom@example.org")
MALLORY = ("Mallory Nobody", "mallory@example.org")
EDITH = ("Edith Editor", "edith@example.org")
PEOPLE = {"alan": ALAN, "ada": ADA, "tom": TOM, "mallory": MALLORY, "edith": EDITH}


@functools.cache
def keys() -> dict[str, tuple[str, str]]:
    """email → (private key path, public key text), made once per test session."""
    directory = Path(tempfile.mkdtemp(prefix="editorial-test-keys-"))
    made = {}
    for short, (_, email) in PEOPLE.items():
        key = directory / short
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", short, "-f", str(key)], check=True)
        made[email] = (str(key), " ".join((directory / f"{short}.pub").read_text().split()[:2]))
    return made


def key_of(who: tuple[str, str]) -> str:
    return keys()[who[1]][0]


def public_of(who: tuple[str, str]) -> str:
    return keys()[who[1]][1]


ARTICLE = "docs/articles/cold-agglutinin.md"
CALC_PAGE = "docs/calculators/demo.md"

DECLARATIONS = """\
review_interval_months:
  article: 36
  calculator: 12
# The article enters review in each test (`editorial submit`); until then it is exempt, so that checks about other
# pages pass. Pages added with plain git in the attack tests are not.
exempt: [index.md, articles/cold-agglutinin.md]
"""


class Repo:
    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.capsys = capsys

    def git(self, *args: str, who: tuple[str, str] = ALAN, key: tuple[str, str] | None = None) -> str:
        env_args = ["-c", f"user.name={who[0]}", "-c", f"user.email={who[1]}"]
        env_args += ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key_of(key or who)}"]
        done = subprocess.run(["git", "-C", str(self.root), *env_args, *args], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def editorial(self, *args: str, who: tuple[str, str] = ALAN, key: bool = True) -> tuple[int, str]:
        """Run the CLI in-process as `who` (git config of the repository), return (exit code, all output)."""
        self.git("config", "user.name", who[0])
        self.git("config", "user.email", who[1])
        self.git("config", "gpg.format", "ssh")
        if key:
            self.git("config", "user.signingkey", key_of(who))
        else:
            subprocess.run(["git", "-C", str(self.root), "config", "--unset", "user.signingkey"], check=False)
        self.capsys.readouterr()
        code = main(["--root", str(self.root), *args])
        out = self.capsys.readouterr()
        return code, out.out + out.err

    def commit(
        self,
        message: str,
        *paths: str,
        who: tuple[str, str] = ALAN,
        sign: bool = True,
        key: tuple[str, str] | None = None,
    ) -> str:
        """Commit as `who`, signed with their key (or `key`'s) unless sign=False; returns the commit id."""
        self.git("add", "-A", *(paths or []), who=who)
        self.git("commit", "-q", *(["-S"] if sign else ["--no-gpg-sign"]), "-m", message, who=who, key=key)
        return self.git("rev-parse", "HEAD").strip()

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
            self.commit(f"{page}: {command}", "ledger", who=who)
        self.approve_chrome()

    def approve_chrome(self) -> None:
        """Tom approves the site chrome as it is (no page is shown Approved without it), unless it already is."""
        from editorial import Repository

        if Repository(self.root).chrome.status != "approved":
            code, out = self.editorial("approve", "site-chrome", who=TOM)
            assert code == 0, out
            self.commit("site chrome: approve", "ledger", who=TOM)


def make_repo(root: Path, capsys, with_reviewers: bool = True) -> Repo:
    repo = Repo(root, capsys)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    repo.write("editorial.yml", DECLARATIONS)
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
    repo.write("calculators/demo.py", 'DEMO = Calculator(id="demo")  # fictional\n')
    repo.commit("Initial pages and declarations", who=EDITH)
    if with_reviewers:
        declare_reviewers(repo)
    # The calculator page starts as a draft (the article, as a page added with plain git, is brought in by the tests).
    from editorial.content import page_content

    current = page_content(root, CALC_PAGE).approval_hash
    line = {"step": "created", "subject": current, "by": f"{ALAN[0]} <{ALAN[1]}>", "date": "2026-01-01T00:00:00Z"}
    repo.write("ledger/calculators/demo.jsonl", json.dumps(line) + "\n")
    repo.commit("Demo calculator page: draft", "ledger")
    return repo


def declare_reviewers(repo: Repo) -> None:
    """Edith starts the set with Ada (versions 1 and 2); adding Tom (version 3) needs Edith and Ada."""
    from editorial.declarations import load_declarations

    def in_force() -> set[str]:
        return set(load_declarations(repo.root).reviewers)

    code, out = repo.editorial(
        "reviewer", "add", "--id", "ada", "--name", ADA[0], "--credentials", "MD, fictional haematologist",
        "--role", "clinical", "--email", ADA[1], "--affiliation", "Example Hospital", "--key", public_of(ADA),
        who=EDITH,
    )  # fmt: skip
    assert code == 0 and in_force() == {"ada"}, out
    code, out = repo.editorial(
        "reviewer", "add", "--id", "tom", "--name", TOM[0], "--credentials", "PhD, fictional engineer",
        "--role", "technical", "--email", TOM[1], "--key", public_of(TOM), who=EDITH,
    )  # fmt: skip
    assert code == 0 and in_force() == {"ada"}, out  # one signature of two: not in force yet
    code, out = repo.editorial("reviewer", "sign", who=ADA)
    assert code == 0 and in_force() == {"ada", "tom"}, out
    repo.commit("Reviewer set: Ada and Tom", who=EDITH)


@pytest.fixture
def repo(tmp_path, capsys) -> Repo:
    return make_repo(tmp_path / "repo", capsys)
