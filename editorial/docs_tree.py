"""What may sit under docs/: Markdown pages, and the files a page references (`content.page_assets`: the finder of
the subject digest, so what is published is what a review saw). Nothing else is published, and no symlink at all
(read with `lstat`, never followed): MkDocs copies whatever a symlink points to, `.git/config` or a signing key
included (reliability review 2026-12, F1), and an unreviewed `.html`, `.js` or `.svg` would be served beside the
reviewed pages (editorial audit 2026-12, A15). A file no page references may still be published when
`editorial.yml` lists it under `docs_files:` (glob patterns relative to docs/).
"""

from __future__ import annotations

import fnmatch
import os
import stat
from pathlib import Path

import yaml

from .content import page_assets
from .declarations import DECLARATIONS_FILE

__all__ = ["DOCS_FILES", "docs_tree"]

DOCS_FILES = "docs_files"


def _exemptions(root: Path) -> list[str]:
    try:
        data = yaml.safe_load((root / DECLARATIONS_FILE).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return []
    listed = data.get(DOCS_FILES) if isinstance(data, dict) else None
    return [p for p in listed if isinstance(p, str)] if isinstance(listed, list) else []


def _walk(root: Path, directory: str):
    """(repository path, lstat mode) of everything under `directory`, never following a symlink."""
    with os.scandir(root / directory) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            rel = f"{directory}/{entry.name}"
            mode = entry.stat(follow_symlinks=False).st_mode
            yield rel, mode
            if stat.S_ISDIR(mode):
                yield from _walk(root, rel)


def docs_tree(root: Path, docs_dir: str = "docs") -> tuple[set[str], list[tuple[str, str]]]:
    """(the files that may be published, [(path, problem)]) for the tree under `docs_dir`."""
    if not (root / docs_dir).is_dir():
        return set(), []
    entries = list(_walk(root, docs_dir))
    problems = [
        (
            rel,
            "a symlink: refused (the build would publish what it points to). Fix: commit the file itself, or delete it.",
        )
        for rel, mode in entries
        if stat.S_ISLNK(mode)
    ]
    files = {rel for rel, mode in entries if stat.S_ISREG(mode)}
    problems += [
        (rel, "not a regular file: refused under docs/.")
        for rel, mode in entries
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode))
    ]
    pages = {rel for rel in files if rel.endswith(".md")}
    referenced = {asset for page in sorted(pages) for asset in page_assets(root, page, docs_dir)}
    exempt = _exemptions(root)
    allowed = pages | (referenced & files)
    for rel in sorted(files - allowed):
        if any(fnmatch.fnmatchcase(rel.removeprefix(docs_dir + "/"), pattern) for pattern in exempt):
            allowed.add(rel)
            continue
        problems.append(
            (
                rel,
                "not a Markdown page, and no page references it: refused (it would be published unreviewed). Fix: "
                f"reference it from a page, delete it, or list it under '{DOCS_FILES}:' in {DECLARATIONS_FILE}.",
            )
        )
    return allowed, sorted(problems)
