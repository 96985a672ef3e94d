"""`editorial serve` on a temporary repository, driven by Debian's chromium through Playwright.

Two fictional people, each with an SSH signing key made by ssh-keygen inside the temporary directory: Ann Author
writes and started the reviewer set (`editorial reviewer add`), Rita Reviewer is its clinical reviewer: her review
acts are statements signed with her key. Each runs their own desk on the same clone, with their own git identity
(GIT_CONFIG_GLOBAL), as two editors on two machines would each run theirs.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.support.build import ROOT, mkdocs_build

ANN = ("Ann Author", "ann@example.org")
RITA = ("Rita Reviewer", "rita@example.org")
TESS = ("Tess Technical", "tess@example.org")  # the technical reviewer: she approves the site chrome
MALLORY = ("Mallory Nobody", "mallory@example.org")

DECLARATIONS = """\
review_interval_months:
  article: 36
  calculator: 12
exempt: [index.md, articles/older.md]
"""

MKDOCS = """\
site_name: Test guide
site_url: http://127.0.0.1/
use_directory_urls: true
theme:
  name: material
  custom_dir: {overrides}
  font: false
plugins:
  - igm-guide:
      pyodide_dir: {pyodide}
      publish: [submitted, under_review, approved]
markdown_extensions:
  - toc:
      permalink: true
  - admonition
  - tables
  - attr_list
  - md_in_html
  - pymdownx.details
  - pymdownx.superfences
nav:
  - Home: index.md
  - Articles:
      - Older article: articles/older.md
"""

OLDER = """\
---
title: An older article
authors:
  - Ann Author
audience: [clinician]
---

A fictional article, already in the nav.
"""


def git(root: Path, *args: str, env: dict | None = None) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


def keygen(directory: Path, name: str) -> tuple[Path, str]:
    key = directory / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key, (directory / f"{name}.pub").read_text().strip()


class Person:
    """A fictional editor: a git identity in its own global git config, with an SSH signing key."""

    def __init__(self, base: Path, who: tuple[str, str], handle: str, signing: bool = True) -> None:
        self.name, self.email = who
        self.home = base / handle
        self.home.mkdir()
        self.key, self.public = keygen(self.home, "id_ed25519")
        self.config = self.home / "gitconfig"
        key = f"\tsigningkey = {self.key}.pub\n" if signing else ""
        self.config.write_text(
            f"[user]\n\tname = {self.name}\n\temail = {self.email}\n{key}"
            "[gpg]\n\tformat = ssh\n[init]\n\tdefaultBranch = main\n"
        )

    def fingerprint(self) -> str:
        done = subprocess.run(["ssh-keygen", "-l", "-f", f"{self.key}.pub"], capture_output=True, text=True, check=True)
        return done.stdout.split()[1]

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(GIT_CONFIG_GLOBAL=str(self.config), GIT_CONFIG_NOSYSTEM="1", HOME=str(self.home))
        env["NO_MKDOCS_2_WARNING"] = "1"
        return env


class Desk:
    """One `editorial serve` process, as one person."""

    def __init__(self, root: Path, person: Person, log: Path) -> None:
        self.person = person
        self.log = log
        command = [sys.executable, "-m", "editorial", "--root", str(root), "serve", "--port", "0"]
        with log.open("w") as out:  # a file, not a pipe nobody drains: the server must never block on its output
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=person.env())
        deadline = time.monotonic() + 60
        self.launch = ""
        while time.monotonic() < deadline and self.process.poll() is None:
            if match := re.search(r"(http://127\.0\.0\.1:(\d+)(/d/[\w-]+)/\?token=\S+)", log.read_text()):
                self.launch, self.port, self.path = match.group(1), int(match.group(2)), match.group(3)
                break
            time.sleep(0.05)
        assert self.launch, f"editorial serve printed no address:\n{log.read_text()}"
        self.base = f"http://127.0.0.1:{self.port}{self.path}"  # the desk lives under its secret path

    def output(self) -> str:
        return self.log.read_text()

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def people(tmp_path) -> dict[str, Person]:
    if shutil.which("ssh-keygen") is None:
        pytest.fail("ssh-keygen is missing: it makes the fictional editors' signing keys")
    base = tmp_path / "people"
    base.mkdir()
    return {
        "ann": Person(base, ANN, "ann"),
        "rita": Person(base, RITA, "rita"),
        "tess": Person(base, TESS, "tess"),
        "mallory": Person(base, MALLORY, "m", signing=False),  # declared nowhere, and has no signing key set
    }


@pytest.fixture
def site_repo(tmp_path, people) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    env = people["ann"].env()
    git(root, "init", "-q", "-b", "main", env=env)
    (root / "editorial.yml").write_text(DECLARATIONS)
    pyodide = ROOT / "node_modules" / "pyodide"
    (root / "mkdocs.yml").write_text(MKDOCS.format(overrides=ROOT / "overrides", pyodide=pyodide))
    (root / "docs/articles").mkdir(parents=True)
    (root / "docs/index.md").write_text("# Test guide\n\nA fictional guide for the desk's tests.\n")
    (root / "docs/articles/older.md").write_text(OLDER)
    rita = people["rita"]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "editorial",
            "--root",
            str(root),
            "reviewer",
            "add",
            "--id",
            "rita",
            "--name",
            rita.name,
            "--credentials",
            "MD, fictional haematologist",
            "--role",
            "clinical",
            "--email",
            rita.email,
            "--affiliation",
            "Example Hospital",
            "--key",
            rita.public,
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    tess = people["tess"]
    for person, args in (
        (people["ann"], ["reviewer", "add", "--id", "tess", "--name", tess.name, "--credentials", "PhD, fictional "
                         "engineer", "--role", "technical", "--email", tess.email, "--key", tess.public]),
        (rita, ["reviewer", "sign"]),  # with two reviewers, no single key adds a third
    ):  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-m", "editorial", "--root", str(root), *args], capture_output=True, text=True,
            env=person.env(),
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
    git(root, "add", "-A", env=env)
    git(root, "commit", "-q", "-S", "-m", "A fictional guide", env=env)
    return root


def approve_chrome(root: Path, people: dict[str, Person]) -> None:
    """Tess approves the site chrome as it is now (no page is shown Approved without it), unless it already is."""
    from editorial import Repository

    if Repository(root).chrome.status != "approved":
        editorial_step(root, people["tess"], "approve", "site-chrome")


@pytest.fixture
def desks(site_repo, people, tmp_path):
    started: list[Desk] = []

    def start(handle: str) -> Desk:
        desk = Desk(site_repo, people[handle], tmp_path / f"desk-{handle}-{len(started)}.log")
        started.append(desk)
        return desk

    yield start
    for desk in started:
        desk.stop()
        print(f"--- editorial serve as {desk.person.name}:\n{desk.output()}")  # shown when a test fails


def editorial_step(root: Path, person: Person, *args: str) -> str:
    """One step by `person` on the command line, committed signed as the CLI's hint says (for tests' set-up)."""
    done = subprocess.run(
        [sys.executable, "-m", "editorial", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env=person.env(),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    env = person.env()
    git(root, "add", "-A", "ledger", "docs", env=env)
    git(root, "commit", "-q", "-S", "-m", " ".join(args[:2]), env=env)
    return done.stdout


def under_review(root: Path, people: dict[str, Person], page: str = "docs/articles/second.md") -> str:
    """Bring a second article under review: Ann writes and submits it, Rita starts the review."""
    (root / page).write_text(OLDER.replace("An older article", "A second article"))
    editorial_step(root, people["ann"], "submit", page)
    editorial_step(root, people["rita"], "start-review", page)
    return page


def build_site(root: Path, site: Path) -> subprocess.CompletedProcess:
    return mkdocs_build(site, config=root / "mkdocs.yml", cwd=root)


def dedent(text: str) -> str:
    return textwrap.dedent(text)
