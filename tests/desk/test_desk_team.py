"""A new team, from nothing to a published approval, each editor on their own clone of a bare repository, through
`editorial onboard` and then only the desk (Pull and Push included), at 1280×900 and at 390×844.

Alice Author is the team's maintainer and writes the article; Dr Rahul Rao is the clinical reviewer. Both are
fictional, with SSH keys made by `editorial onboard` in their own temporary home folders. The test counts the shell
commands each runs and every click and field in the browser, and runs axe on every desk view it meets. Set
IGM_DESK_SHOTS=/some/folder to keep screenshots of each step.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.reader import axe_serious
from tests.support.build import ROOT

from .conftest import MKDOCS, OLDER, Desk
from .test_desk_flow import REFERENCE  # a real reference already verified in this repository

pytestmark = pytest.mark.browser
PAGE = "docs/articles/cold-agglutinin.md"
DESK_ONLY = {"exclude": [["[data-preview]"]]}
TEAM_DECLARATIONS = """\
review_interval_months:
  article: 36
  calculator: 12
exempt: [index.md, articles/older.md]
"""


class Editor:
    """A fictional person with an empty home and git config: `editorial onboard` sets up the rest."""

    def __init__(self, base: Path, name: str, email: str, handle: str) -> None:
        self.name, self.email, self.handle = name, email, handle
        self.home = base / handle
        self.home.mkdir()
        self.config = self.home / "gitconfig"
        self.config.write_text("[init]\n\tdefaultBranch = main\n")
        self.clone = base / f"{handle}-clone"
        self.commands: list[str] = []

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(GIT_CONFIG_GLOBAL=str(self.config), GIT_CONFIG_NOSYSTEM="1", HOME=str(self.home))
        env["NO_MKDOCS_2_WARNING"] = "1"
        return env

    def run(self, *command: str, cwd: Path | None = None) -> str:
        """One shell command this person types (counted)."""
        self.commands.append(shlex.join(command))
        done = subprocess.run(command, cwd=cwd or self.clone, env=self.env(), capture_output=True, text=True)
        assert done.returncode == 0, f"{shlex.join(command)}\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def editorial(self, *args: str) -> str:
        self.commands.append("editorial " + shlex.join(args))
        done = subprocess.run(
            [sys.executable, "-m", "editorial", *args], cwd=self.clone, env=self.env(), capture_output=True, text=True
        )
        assert done.returncode == 0, f"editorial {shlex.join(args)}\n{done.stdout}\n{done.stderr}"
        return done.stdout


class Browser:
    """One editor's browser tab, counting clicks and fields, checking axe on each desk view it opens."""

    def __init__(self, browser, desk: Desk, viewport: dict, shots: Path | None, who: str) -> None:
        self.context = browser.new_context(viewport=viewport, bypass_csp=True)  # bypass only to inject axe
        self.tab = self.context.new_page()
        self.errors: list[str] = []
        self.tab.on("pageerror", lambda error: self.errors.append(str(error)))
        self.desk, self.shots, self.who = desk, shots, who
        self.clicks = self.fields = 0
        self.axe: dict[str, list[str]] = {}
        self.tab.goto(desk.launch)

    def click(self, selector: str) -> None:
        self.clicks += 1
        self.tab.click(selector)
        self.tab.wait_for_load_state("domcontentloaded")  # not "load": that waits for the preview's Pyodide too

    def fill(self, selector: str, value: str) -> None:
        self.fields += 1
        self.tab.fill(selector, value)

    def check(self, selector: str) -> None:
        self.clicks += 1
        self.tab.check(selector)

    def look(self, name: str) -> None:
        """axe on the view as it is, and a screenshot when asked for."""
        with contextlib.suppress(PlaywrightTimeout):
            self.tab.wait_for_load_state("load", timeout=20_000)  # the preview frame, for the screenshot
        if found := axe_serious(self.tab, DESK_ONLY):
            self.axe[f"{self.who} {name}"] = found
        if self.shots:
            width = self.tab.viewport_size["width"]
            self.tab.screenshot(path=str(self.shots / f"{width}-{self.who}-{name}.png"), full_page=True)

    def message(self) -> str:
        return self.tab.inner_text("[data-message]")

    def state(self) -> str:
        return self.tab.get_attribute(".pagehead", "data-state")


def seed_forge(base: Path) -> Path:
    """The team's bare repository: a fictional guide with no reviewer declared yet."""
    seed = base / "seed"
    seed.mkdir()
    env = {**os.environ, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    (seed / "editorial.yml").write_text(TEAM_DECLARATIONS)
    (seed / "mkdocs.yml").write_text(MKDOCS.format(overrides=ROOT / "overrides", pyodide=ROOT / "node_modules/pyodide"))
    (seed / "docs/articles").mkdir(parents=True)
    (seed / "docs/index.md").write_text("# Test guide\n\nA fictional guide for the desk's tests.\n")
    (seed / "docs/articles/older.md").write_text(OLDER)
    (seed / ".gitattributes").write_text((ROOT / ".gitattributes").read_text())
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "user.name=Seed", "-c", "user.email=seed@example.org", "commit", "-q", "-m", "A fictional guide"],
    ):
        subprocess.run(["git", "-C", str(seed), *args], check=True, env=env)
    forge = base / "forge.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(seed), str(forge)], check=True, env=env)
    return forge


def start_desk(person: Editor, log: Path) -> Desk:
    person.commands.append("editorial serve")
    return Desk(person.clone, person, log)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=str)
def test_a_new_team_from_onboard_to_a_published_approval_through_the_desk(browser, tmp_path, viewport):
    shots = Path(os.environ["IGM_DESK_SHOTS"]) if os.environ.get("IGM_DESK_SHOTS") else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    forge = seed_forge(tmp_path)
    alice = Editor(tmp_path, "Alice Author", "alice@example.org", "alice")
    rahul = Editor(tmp_path, "Rahul Rao", "rahul@example.org", "rahul")

    # Setup, in a terminal: clone, onboard; Rahul sends what onboard printed; Alice declares him and commits.
    for person in (alice, rahul):
        person.run("git", "clone", "-q", str(forge), str(person.clone), cwd=tmp_path)
        out = person.editorial("onboard", "--name", person.name, "--email", person.email)
        assert "signing works" in out and "git config gpg.format ssh" in out
    assert "you are the first signer" in alice.editorial("onboard")  # run again: nothing to change, same advice
    alice.commands.pop()  # (that second run was the test's check, not a step of the journey)
    sent = rahul.editorial("onboard")
    rahul.commands.pop()
    assert "Send this to the maintainer" in sent
    request = next(line.strip() for line in sent.splitlines() if line.strip().startswith("editorial reviewer add"))
    args = shlex.split(request)[1:]
    args[args.index("<my degrees and post>")] = "MD FRCPath, consultant haematologist"
    args[args.index("<my hospital>")] = "St Elsewhere Hospital"
    declared = alice.editorial(*args)
    assert ".github/CODEOWNERS regenerated" in declared and "You are the first signer" in declared
    commit = next(line for line in declared.splitlines() if line.startswith("Commit it: "))
    alice.run("bash", "-c", commit.removeprefix("Commit it: "))
    assert "rahul@example.org" in (alice.clone / ".github/CODEOWNERS").read_text()

    a_desk = start_desk(alice, tmp_path / "alice-desk.log")
    r_desk = start_desk(rahul, tmp_path / "rahul-desk.log")
    ann = Browser(browser, a_desk, viewport, shots, "alice")
    rao = Browser(browser, r_desk, viewport, shots, "rahul")
    try:
        # Alice shares the declaration, then writes the article and submits it.
        assert ann.tab.get_attribute("[data-sync]", "data-ahead") == "1"
        ann.look("board-start")
        ann.click('[data-action="push"]')
        assert "Pushed to origin/main" in ann.message()
        ann.click("text=New article")
        ann.look("new")
        ann.fill("#new-title", "Cold agglutinin disease")
        ann.tab.fill("#new-slug", "cold-agglutinin")  # the desk fills it from the title; the test names it exactly
        ann.click("[data-desk=new]")
        assert "created as a draft" in ann.message()
        for key in ("id", "citation", "pmid", "doi"):
            ann.fill(f"#ref-{key}-1", REFERENCE[key])
        ann.fill("#body", "\nCold agglutinin disease is a fictional test topic here [@owen2003].\n")
        ann.tab.locator("[data-preview-state]", has_text="unsaved").wait_for()
        ann.look("write")
        ann.click("[data-desk=save]")
        assert ann.state() == "draft"
        assert ann.tab.locator('[data-action="start-review"]').count() == 0  # an author never sees Start review
        ann.click('[data-action="submit"]')
        assert ann.state() == "submitted"
        assert "nobody else sees it until you press Push" in ann.message()
        ann.look("page-submitted")
        ann.click('[data-action="push"]')
        assert "Pushed" in ann.message()

        # Login survives closing the browser: the cookie is persistent, and the desk's address opens without a token.
        cookie = next(c for c in ann.context.cookies() if c["name"] == "igm_desk")
        assert cookie["expires"] > time.time() + 30 * 86400 and cookie["path"] == a_desk.path + "/"
        state = ann.context.storage_state()
        ann.context.close()
        ann.context = browser.new_context(viewport=viewport, bypass_csp=True, storage_state=state)
        ann.tab = ann.context.new_page()
        ann.tab.goto(a_desk.base + "/")
        assert ann.tab.locator(".me").count() == 1
        # The printed address was good once: used again (another browser, say), it is refused, and says why.
        other = browser.new_context()
        try:
            response = other.new_page().goto(a_desk.launch)
            assert response.status == 410 and "already used once" in response.text()
        finally:
            other.close()

        # Rahul pulls: the article needs his review. He starts it and asks for a change.
        rao.click('[data-action="pull"]')
        assert "Pulled" in rao.message()
        assert "declared clinical reviewer" in rao.tab.inner_text(".me")
        needed = rao.tab.locator(f'[data-needs] [data-page="{PAGE}"]')
        assert needed.get_attribute("data-why") == "review"
        rao.look("board-review")
        rao.click(f'[data-needs] [data-page="{PAGE}"] a')
        assert rao.tab.locator('[data-action="submit"]').count() == 0
        rao.look("page-submitted")
        rao.click('[data-action="start-review"]')
        assert rao.state() == "under_review"
        # The decision comes after what changed and after the page itself.
        order = rao.tab.evaluate(
            """() => ["#changes-h", "#preview-h", "[data-action=approve]"].map(
                 (s) => document.querySelector(s).getBoundingClientRect().top + window.scrollY)"""
        )
        assert order == sorted(order), order
        assert "sha256" not in rao.tab.inner_text("main")
        rao.look("page-under-review")
        rao.fill("#note-request-changes", "Say that the topic is fictional in the first sentence.")
        rao.click('[data-action="request-changes"]')
        assert rao.state() == "changes_requested"
        assert rao.tab.locator('[data-action="submit"]').count() == 0  # B8: no Submit for the reviewer
        assert "Submit for review" in rao.tab.inner_text("[data-closed]")
        rao.click('[data-action="push"]')
        assert "Pushed" in rao.message()

        # Alice pulls; the request is first in what needs her; she edits, saves, submits, pushes.
        ann.click('[data-action="pull"]')
        assert "Pulled" in ann.message()
        mine = ann.tab.locator(f'[data-needs] [data-page="{PAGE}"]')
        assert mine.get_attribute("data-why") == "changes"
        assert "Say that the topic is fictional" in mine.inner_text()
        ann.look("board-changes")
        ann.click(f'[data-needs] [data-page="{PAGE}"] a')
        ann.click("text=Edit this page")
        ann.fill("#body", "\nThis topic is fictional: cold agglutinin disease here is a test [@owen2003].\n")
        ann.click("[data-desk=save]")
        ann.click('[data-action="submit"]')
        assert ann.state() == "submitted"
        ann.click('[data-action="push"]')
        assert "Pushed" in ann.message()

        # Rahul pulls: it came back. His return visit opens what changed since his request; he approves it.
        rao.click('[data-action="pull"]')
        assert "Pulled" in rao.message(), rao.message()
        rao.look("board-came-back")
        back = rao.tab.locator(f'[data-needs] [data-page="{PAGE}"]')
        assert back.get_attribute("data-why") == "came-back"
        rao.click(f'[data-needs] [data-page="{PAGE}"] a')
        assert "since your request for changes" in rao.tab.inner_text("#changes-h")
        assert "This topic is fictional" in rao.tab.inner_text("[data-rendered-diff] .block--add")
        rao.click('[data-action="start-review"]')
        assert "since your request for changes" in rao.tab.inner_text("#changes-h")
        label = rao.tab.inner_text("[data-preview-label]")
        assert "Approved" not in label  # D12: the preview says what the text really is
        rao.look("page-approve")
        rao.check("#check-changes")
        rao.check("#check-references")
        rao.click('[data-action="approve"]')
        assert "Recorded as Rahul Rao <rahul@example.org>" in rao.message()
        assert "sha256" not in rao.tab.inner_text("main")
        assert rao.state() == "approved"
        assert "approved by Rahul Rao" in rao.tab.inner_text(".pagehead")
        assert "needs clinical approval" not in rao.tab.inner_text(".pagehead")
        rao.look("page-approved")
        rao.click('[data-action="push"]')
        assert "Pushed" in rao.message()
        ann.click('[data-action="pull"]')
        assert ann.tab.get_attribute("[data-sync]", "data-behind") == "0"
        ann.look("board-end")
        assert ann.errors == [] and rao.errors == []
    finally:
        a_desk.stop()
        r_desk.stop()
        for person in (ann, rao):
            person.context.close()

    # The forge's build (a fresh clone, as CI checks out): production gate, strict build, built-site check.
    ci = tmp_path / "ci"
    subprocess.run(["git", "clone", "-q", str(forge), str(ci)], check=True)
    built = subprocess.run(
        [sys.executable, "-m", "editorial", "--root", str(ci), "build", "--site-dir", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env={**alice.env(), "PYTHONPATH": str(ROOT)},
    )
    assert built.returncode == 0, built.stdout + built.stderr
    html = (tmp_path / "site/articles/cold-agglutinin/index.html").read_text()
    # Rahul's approval is recorded and valid, but this team has no technical reviewer yet, so nobody has approved the
    # site chrome: readers are shown Under review, told why (issue 20), and the build is green.
    assert 'data-review-status="under_review"' in html and "site chrome not yet approved" in html

    assert ann.axe == {} and rao.axe == {}
    journey = {
        "setup commands": len(alice.commands) + len(rahul.commands),
        "clicks": ann.clicks + rao.clicks,
        "fields": ann.fields + rao.fields,
    }
    print(f"{viewport['width']}x{viewport['height']}: {journey}")
    print("alice:", alice.commands)
    print("rahul:", rahul.commands)
