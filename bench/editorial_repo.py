"""A generated repository at the scale the editorial review measured: 115 pages and about 470 commits.

Fictional people only, in a temporary directory: Alan Author writes and submits; Ada Clinician (clinical) and Tom
Technical (technical) review and approve, each act a statement signed with their own SSH key made for the run; Edith
Editor started the reviewer set (`editorial reviewer add`), whose version 1 is pinned in editorial.yml. Each page is its own
commit, and so is each review step, committed by whoever acted, as the README asks. Of the 115 pages (103 articles and
the 12 real calculators' pages):

- 70 are approved (a calculator page by both reviewers);
- 20 are approved and then changed (stale: "changed since approval");
- 25 are submitted and under review.

The `editorial` command line records every step, so the ledgers are exactly what editors would produce.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
from pathlib import Path

import calculators
from editorial.cli import main as editorial

ROOT = Path(__file__).resolve().parent.parent
ALAN = ("Alan Author", "alan@example.org")
ADA = ("Ada Clinician", "ada@example.org")
TOM = ("Tom Technical", "tom@example.org")
ARTICLES = 103
APPROVED, STALE = 70, 20  # the rest are under review

DECLARATIONS = """\
review_interval_months:
  article: 36
  calculator: 12
exempt: [index.md]
"""
EDITH = ("Edith Editor", "edith@example.org")

ARTICLE = """---
title: Generated article {n}
authors:
  - Alan Author
references:
  - id: morel2009
    citation: "Morel P, et al. Blood 2009;113(18):4163-4170."
    pmid: "19196866"
---

## Background

Waldenström macroglobulinemia is a lymphoplasmacytic lymphoma with a monoclonal IgM [@morel2009].

{filler}
"""

CALCULATOR_PAGE = """---
title: Calculator {calc}
authors:
  - Alan Author
---

/// calculator | {calc}
///
"""


class Generator:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.keys: dict[str, Path] = {}

    def git(self, *args: str, who: tuple[str, str] = ALAN) -> None:
        identity = ["-c", f"user.name={who[0]}", "-c", f"user.email={who[1]}"]
        signing = []
        if who[1] in self.keys:
            signing = [
                "-c",
                "gpg.format=ssh",
                "-c",
                f"user.signingkey={self.keys[who[1]]}",
                "-c",
                "commit.gpgsign=true",
            ]
        subprocess.run(["git", "-C", str(self.root), *identity, *signing, *args], check=True, capture_output=True)

    def commit(self, message: str, who: tuple[str, str] = ALAN) -> None:
        self.git("add", "-A", who=who)
        self.git("commit", "-q", "-m", message, who=who)

    def editorial(self, *args: str, who: tuple[str, str]) -> None:
        self.git("config", "user.name", who[0])
        self.git("config", "user.email", who[1])
        self.git("config", "gpg.format", "ssh")
        self.git("config", "user.signingkey", str(self.keys[who[1]]))
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = editorial(["--root", str(self.root), *args])
        if code != 0:
            raise RuntimeError(f"editorial {' '.join(args)} as {who[0]}: {out.getvalue()}")

    def make_keys(self) -> None:
        keys = self.root.parent / "keys"
        keys.mkdir()
        for _name, email in (ALAN, ADA, TOM, EDITH):
            key = keys / email.split("@")[0]
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", email, "-f", str(key)], check=True)
            self.keys[email] = key.with_suffix(".pub")

    def declare(self) -> None:
        """Edith starts the set with Ada; Tom's version needs Edith and Ada."""
        for who, credentials, role in (
            (ADA, "MD, fictional haematologist", "clinical"),
            (TOM, "PhD, fictional engineer", "technical"),
        ):
            public = " ".join(self.keys[who[1]].read_text().split()[:2])
            self.editorial(
                "reviewer",
                "add",
                "--id",
                who[1].split("@")[0],
                "--name",
                who[0],
                "--credentials",
                credentials,
                "--role",
                role,
                "--email",
                who[1],
                "--key",
                public,
                who=EDITH,
            )
        self.editorial("reviewer", "sign", who=ADA)
        self.commit("Reviewer set: Ada and Tom", who=EDITH)

    def review(self, page: str, approve: bool) -> None:
        for command, who in (("submit", ALAN), ("start-review", ADA)):
            self.editorial(command, page, who=who)
            self.commit(f"{page}: {command}", who=who)
        if not approve:
            return
        roles = [ADA, TOM] if page.startswith("docs/calculators/") else [ADA]
        for who in roles:
            self.editorial("approve", page, who=who)
            self.commit(f"{page}: approved by {who[0]}", who=who)


def generate(root: Path) -> Path:
    """Create the repository in `root` (which must not exist); return its mkdocs.yml."""
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    gen = Generator(root)
    gen.make_keys()
    (root / "editorial.yml").write_text(DECLARATIONS)
    (root / "mkdocs.yml").write_text(mkdocs_yml(with_plugin=True))
    (root / ".gitignore").write_text("site/\nplain-site/\nmkdocs-plain.yml\n")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Generated guide\n\nFictional pages for a benchmark.\n")
    shutil.copytree(ROOT / "calculators", root / "calculators", ignore=shutil.ignore_patterns("__pycache__"))
    gen.commit("Site and declarations", who=EDITH)
    gen.declare()
    filler = "\n\n".join(
        "Monitoring of serum IgM, blood counts and symptoms continues every few months in watchful waiting."
        for _ in range(8)
    )
    pages = []
    for calc in calculators.calculator_ids():  # first, so some are approved (by both reviewers)
        page = f"docs/calculators/{calc}.md"
        (root / "docs" / "calculators").mkdir(exist_ok=True)
        (root / page).write_text(CALCULATOR_PAGE.format(calc=calc))
        gen.commit(f"{page}: new")
        pages.append(page)
    for n in range(ARTICLES):
        page = f"docs/articles/a{n:03d}.md"
        (root / "docs" / "articles").mkdir(exist_ok=True)
        (root / page).write_text(ARTICLE.format(n=n, filler=filler))
        gen.commit(f"{page}: new")
        pages.append(page)
    for index, page in enumerate(pages):
        gen.review(page, approve=index < APPROVED + STALE)
    for page in pages[APPROVED : APPROVED + STALE]:
        path = root / page
        path.write_text(path.read_text() + "\nA sentence added after the approval.\n")
        gen.commit(f"{page}: edited after approval")
    return root / "mkdocs.yml"


def mkdocs_yml(with_plugin: bool) -> str:
    theme = f"  custom_dir: {ROOT / 'overrides'}\n" if with_plugin else ""
    plugin = f"  - igm-guide:\n      pyodide_dir: {ROOT / 'node_modules' / 'pyodide'}\n" if with_plugin else ""
    return (
        "site_name: Generated guide\nsite_url: http://127.0.0.1/\n"
        f"theme:\n  name: material\n  font: false\n{theme}"
        f"plugins:\n  - search\n{plugin}"
        "markdown_extensions: [toc, admonition, tables, attr_list, md_in_html, pymdownx.details, pymdownx.superfences]\n"
    )


def commit_count(root: Path) -> int:
    done = subprocess.run(["git", "-C", str(root), "rev-list", "--count", "HEAD"], capture_output=True, text=True)
    return int(done.stdout)
