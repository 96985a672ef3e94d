"""`python -m bench.desk`: how fast the editors' desk answers, on a repository of 115 reviewed pages.

Prints the time of the board (cold: nothing cached; warm: HEAD unchanged; after one action: one page's key moved)
and of a preview (the first, which copies the Pyodide runtime once per run of the desk; then a saved page; then
unsaved text). Targets (issue 14): the board ≤ 1 s, a preview ≤ 2 s.

The repository is the editorial benchmark's (`bench.editorial_repo`: 115 pages, about 470 commits, fictional people
with SSH keys made for the run), generated in a temporary directory, or kept with `--keep DIR` and reused with
`--repo DIR/repo`. Nothing leaves 127.0.0.1 or that directory.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from editorial.desk.actions import perform
from editorial.desk.board import build_board
from editorial.desk.preview import PreviewBuilder
from editorial.desk.reviews import ReviewCache
from editorial.repository import Repository

from . import editorial_repo

ADA = editorial_repo.ADA


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True)
    return done.stdout


def act_as(root: Path, who: tuple[str, str]) -> None:
    """This clone's git identity, with the person's signing key where the generator made one."""
    git(root, "config", "user.name", who[0])
    git(root, "config", "user.email", who[1])
    key = root.parent / "keys" / f"{who[1].split('@')[0]}.pub"
    if key.is_file():
        git(root, "config", "gpg.format", "ssh")
        git(root, "config", "user.signingkey", str(key))


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
    parser.add_argument("--keep", type=Path, help="make the repository here and keep it (then reuse it with --repo)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="igm-desk-bench-"))
    try:
        if args.repo:
            root = args.repo.resolve()
        else:
            root = (args.keep.resolve() if args.keep else scratch) / "repo"
            start = time.perf_counter()
            editorial_repo.generate(root)
            print(f"generated in {time.perf_counter() - start:.1f} s", flush=True)
        act_as(root, ADA)
        pages = [p for p in Repository(root).tracked_pages() if (root / p).is_file()]
        commits = git(root, "rev-list", "--count", "HEAD").strip()
        print(f"repository: {root} ({len(pages)} tracked pages, {commits} commits)")
        cache = ReviewCache(root)
        rows: list[str] = []
        rows.append(line("board, cold (nothing cached)", timed(lambda: build_board(cache)), 1.0))
        rows.append(line("board, warm (HEAD unchanged)", timed(lambda: build_board(cache), args.runs), 1.0))
        repo = cache.repository()
        reviewing = [p for p in pages if repo.review(p).ledger_status == "under_review"]
        page = reviewing[0]  # Ada asks for changes on it: one commit, one page's key moves

        def after_action() -> None:
            build_board(cache)

        perform(root, "request-changes", page, "Bench: a change is needed.")
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
