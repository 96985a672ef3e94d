"""The editorial functions the desk calls that are not one of the five review actions: where a diff starts, a
new page, the nav's sections. Each delegates to the editorial package (the same code as the command line)."""

from __future__ import annotations

import contextlib
import io
import subprocess
from pathlib import Path

import yaml

from ..errors import EditorialError
from ..gitrepo import line_origins
from ..ledger import ledger_path, read_ledger
from ..repository import PageReview, Repository
from .actions import DeskRefusal, commit_paths, repository_lock, signing_setup
from .diffs import Baseline, changed_calculator_files

__all__ = ["baseline", "create_page", "nav_sections"]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)


def baseline(repo: Repository, page: str, review: PageReview) -> Baseline | None:
    """The page as last approved: read at the commit that recorded the last approval; None if never approved."""
    entries = read_ledger(repo.root, page, repo.docs_dir) or []
    approvals = [e for e in entries if e.event == "approved"]
    if not approvals:
        return None
    last = approvals[-1]
    origins = line_origins(repo.root, ledger_path(page, repo.docs_dir)).commits
    commit = origins[last.line - 1] if last.line - 1 < len(origins) else None
    if commit is None:
        return None
    shown = _git(repo.root, "show", f"{commit}:{page}")
    if shown.returncode != 0:
        return None
    label = f"approved {last.at[:10]} by {last.by}"
    return Baseline(label, commit, shown.stdout, changed_calculator_files(repo.root, commit))


def nav_sections(root: Path) -> list[str]:
    """The top-level sections of mkdocs.yml's nav that hold pages (where a new article can go)."""
    config = root / "mkdocs.yml"
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=loader) if config.is_file() else {}
    sections = []
    for item in (data or {}).get("nav") or []:
        if isinstance(item, dict):
            sections += [key for key, value in item.items() if isinstance(value, list)]
    return sections


def _cli(root: Path, argv: list[str]) -> str:
    from ..cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--root", str(root), *argv])
        except SystemExit as exc:  # argparse refusing the arguments
            code = exc.code if isinstance(exc.code, int) else 2
    if code != 0:
        raise DeskRefusal(err.getvalue().strip().removeprefix("editorial: ") or out.getvalue().strip())
    return out.getvalue()


def create_page(root: Path, page: str, title: str, section: str) -> str:
    """`editorial new` (with the nav section, where the command line supports it), committed with its ledger."""
    repo = Repository(root)
    if (root / page).exists():
        raise EditorialError(f"{page}: already exists; choose another file name.")
    with repository_lock(root):
        argv = ["new", page, "--title", title]
        if section:
            argv += ["--nav", section]
        output = _cli(root, argv)
        paths = [page, ledger_path(page, repo.docs_dir)]
        if _git(root, "status", "--porcelain", "--", "mkdocs.yml").stdout.strip():
            paths.append("mkdocs.yml")
        sign, _ = signing_setup(repo)
        commit = commit_paths(repo, paths, f"{page}: new draft (editorial desk)", sign)
    first = output.splitlines()[0] if output else f"{page}: created."
    return f"{first} Committed in {commit[:12]}."
