"""`python -m bench.desk`: how fast the editors' desk answers, on a repository of 115 reviewed pages.

Prints the time of the board (cold: nothing cached; warm: HEAD unchanged; after one action: one page's key moved)
and of a preview (the first, which copies the Pyodide runtime once per run of the desk; then a saved page; then
unsaved text). Targets (issue 14): the board ≤ 1 s, a preview ≤ 2 s.

With `--repo PATH` it measures that repository (e.g. one made by the editorial bench generator); without, it makes
one here: N articles by a fictional author, each created, submitted, reviewed and approved by a fictional declared
reviewer through the editorial service functions, one commit per step, so the history is as long as real use makes
it (4 commits per page). Nothing leaves 127.0.0.1 or the temporary directory.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from editorial import service
from editorial.desk.actions import perform
from editorial.desk.board import build_board
from editorial.desk.history import ReviewCache
from editorial.desk.preview import PreviewBuilder
from editorial.repository import Repository

ROOT = Path(__file__).resolve().parents[1]
AUTHOR = ("Bench Author", "author@example.org")
REVIEWER = ("Bench Reviewer", "reviewer@example.org")
DECLARATIONS = """\
reviewers:
  - id: bench
    name: Bench Reviewer
    credentials: MD, fictional
    role: clinical
    email: reviewer@example.org
exempt: [index.md]
trust_root: "{trust_root}"
"""
MKDOCS = """\
site_name: Bench guide
theme:
  name: material
  custom_dir: {overrides}
  font: false
plugins:
  - igm-guide:
      pyodide_dir: {pyodide}
markdown_extensions: [toc, admonition, tables, attr_list, md_in_html]
nav:
  - Home: index.md
"""
BODY = """
A fictional article for the desk's benchmark, number {n}.

## Section

Some text that a reviewer reads, with a table.

| a | b |
| --- | --- |
| 1 | 2 |
"""


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)
    return done.stdout


KEYS: dict[str, Path] = {}


def keygen(directory: Path, who: tuple[str, str]) -> str:
    """A throwaway ed25519 key for a fictional person; returns the allowed-signers line."""
    key = directory / who[1].split("@")[0]
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who[1], "-f", str(key)], check=True)
    KEYS[who[1]] = key
    return f"{who[1]} {' '.join(Path(f'{key}.pub').read_text().split()[:2])}\n"


def as_person(root: Path, who: tuple[str, str]) -> None:
    git(root, "config", "user.name", who[0])
    git(root, "config", "user.email", who[1])
    if who[1] in KEYS:
        git(root, "config", "gpg.format", "ssh")
        git(root, "config", "user.signingkey", f"{KEYS[who[1]]}.pub")


def make_repository(root: Path, pages: int) -> None:
    root.mkdir(parents=True)
    keys = root.parent / f"{root.name}-keys"
    keys.mkdir()
    signers = keygen(keys, AUTHOR) + keygen(keys, REVIEWER)
    fingerprint = subprocess.run(
        ["ssh-keygen", "-l", "-f", f"{KEYS[AUTHOR[1]]}.pub"], capture_output=True, text=True, check=True
    ).stdout.split()[1]
    git(root, "init", "-q", "-b", "main")
    as_person(root, AUTHOR)
    (root / "allowed_signers").write_text(signers)
    (root / "editorial.yml").write_text(DECLARATIONS.format(trust_root=fingerprint))
    pyodide = ROOT / "node_modules" / "pyodide"
    (root / "mkdocs.yml").write_text(MKDOCS.format(overrides=ROOT / "overrides", pyodide=pyodide))
    (root / "docs/articles").mkdir(parents=True)
    (root / "docs/index.md").write_text("# Bench guide\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-S", "-m", "Bench guide")
    for n in range(1, pages + 1):
        page = f"docs/articles/a{n:03}.md"
        as_person(root, AUTHOR)
        outcome = service.new_page(Repository(root), page, f"Bench article {n}")
        text = (root / page).read_text()  # the front matter `editorial new` writes, whatever it holds today
        front = text[: text.index("\n---\n", 4) + 5]
        (root / page).write_text(front + BODY.format(n=n))
        git(root, "add", *outcome.paths)
        git(root, "commit", "-q", "-S", "-m", f"{page}: new")
        for who, step in ((AUTHOR, service.submit), (REVIEWER, service.start_review), (REVIEWER, service.approve)):
            as_person(root, who)
            outcome = step(Repository(root), page)
            git(root, "add", *outcome.paths)
            git(root, "commit", "-q", "-S", "-m", f"{page}: {outcome.event}")


def timed(function, runs: int = 1) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def line(name: str, times: list[float], target: float) -> str:
    median = statistics.median(times)
    verdict = "ok" if median <= target else "OVER"
    spread = f" (min {min(times):.3f}, max {max(times):.3f}, {len(times)} runs)" if len(times) > 1 else ""
    return f"{name:<44} {median:7.3f} s{spread}  target ≤ {target} s: {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, help="measure this repository instead of making one")
    parser.add_argument("--pages", type=int, default=115)
    parser.add_argument("--keep", type=Path, help="make the repository here and keep it (then reuse it with --repo)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="igm-desk-bench-"))
    try:
        if args.repo:
            root = args.repo.resolve()
            for who in (AUTHOR, REVIEWER):
                key = root.parent / f"{root.name}-keys" / who[1].split("@")[0]
                if key.is_file():
                    KEYS[who[1]] = key
        else:
            root = args.keep.resolve() if args.keep else scratch / "repo"
            start = time.perf_counter()
            make_repository(root, args.pages)
            print(f"made {args.pages} pages in {time.perf_counter() - start:.1f} s", flush=True)
        as_person(root, REVIEWER)
        pages = [p for p in Repository(root).tracked_pages() if (root / p).is_file()]
        commits = git(root, "rev-list", "--count", "HEAD").strip()
        print(f"repository: {root} ({len(pages)} tracked pages, {commits} commits)")
        cache = ReviewCache(root)
        rows: list[str] = []
        rows.append(line("board, cold (nothing cached)", timed(lambda: build_board(cache)), 1.0))
        rows.append(line("board, warm (HEAD unchanged)", timed(lambda: build_board(cache), args.runs), 1.0))
        repo = cache.repository()
        approved = [p for p in pages if (s := repo.review(p).ledger_state) and s.machine == "approved"]
        page = approved[len(approved) // 2]  # one that can be submitted for its next review

        def after_action() -> None:
            build_board(cache)

        as_person(root, AUTHOR)
        perform(root, "submit", page)  # one commit: one page's key moves
        rows.append(line("board after one action (1 page recomputed)", timed(after_action), 1.0))
        rows.append(f"    (reviews recomputed: {cache.recomputed})")
        previews = PreviewBuilder(root, scratch / "preview", cache)
        rows.append(line("preview, first of the run (copies Pyodide)", timed(lambda: previews.build(page)), 20.0))
        rows.append(line("preview of a saved page", timed(lambda: previews.build(page), args.runs), 2.0))
        text = (root / page).read_text() + "\nOne more sentence, not saved.\n"
        rows.append(line("preview of unsaved text", timed(lambda: previews.build(page, text), args.runs), 2.0))
        for row in rows:
            print(row, flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
