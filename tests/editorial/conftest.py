"""A temporary git repository under editorial control, with fictional people only.

Alan Author writes; Ada Clinician and Tom Technical are the declared reviewers; Mallory is declared nowhere; Edith
Editor (a maintainer) signed the first declaration, so the chain of trust starts with her key. Everyone has a
throwaway ed25519 key made by ssh-keygen; allowed_signers holds Edith's, Ada's and Tom's, and every commit is signed
with the key of whoever makes it (unless a test says sign=False).
"""

from __future__ import annotations

import functools
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
SIGNERS = ("edith", "ada", "tom")


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


def fingerprint_of(who: tuple[str, str]) -> str:
    done = subprocess.run(["ssh-keygen", "-l", "-f", key_of(who) + ".pub"], capture_output=True, text=True, check=True)
    return done.stdout.split()[1]


def allowed_signers(*people: str) -> str:
    return "".join(f"{PEOPLE[p][1]} {public_of(PEOPLE[p])}\n" for p in people)


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
# The article enters review in each test (`editorial submit`); until then it is exempt, so that checks about other
# pages pass. Pages added with plain git in the attack tests are not.
exempt: [index.md, articles/cold-agglutinin.md]
trust_root: "{trust_root}"
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


def make_repo(root: Path, capsys, extra_reviewers: str = "", signers: tuple[str, ...] = SIGNERS) -> Repo:
    repo = Repo(root, capsys)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    repo.write("editorial.yml", DECLARATIONS.format(extra=extra_reviewers, trust_root=fingerprint_of(EDITH)))
    repo.write("allowed_signers", allowed_signers(*signers))
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
    repo.commit("Initial pages and declarations", who=EDITH)
    # Every page is under review control: the calculator page starts as a draft (the article, a page added with
    # plain git, is brought in by the tests with `editorial submit`).
    from editorial import Repository
    from editorial.ledger import append_entry

    current = Repository(root).review(CALC_PAGE).current_hash
    append_entry(root, CALC_PAGE, event="created", by=f"{ALAN[0]} <{ALAN[1]}>", content_hash=current)
    repo.commit("Demo calculator page: draft", "ledger")
    return repo


@pytest.fixture
def repo(tmp_path, capsys) -> Repo:
    return make_repo(tmp_path / "repo", capsys)
