"""`editorial build` (what `make build` runs): the production gate, `mkdocs build --strict`, then the built-site check.

The three steps are the ones `make build` always ran, in the same order and with the same verdicts; here they share
one Python process, so the interpreter, MkDocs and the editorial state are loaded once instead of three times. The
built-site check still reads only the HTML written to disk and the ledger, never the plugin's own word: a build that
skipped the igm-guide plugin, or one whose mkdocs.yml no longer names it, fails here just as before.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .built_site import check_site
from .check import Violation, check_repository
from .repository import Repository
from .snapshot import SNAPSHOT, dropped, read_previous, snapshot

__all__ = ["build"]


def _mkdocs_build(config_file: Path, site_dir: Path, quiet: bool) -> int:
    """`mkdocs build --strict`, through MkDocs' own command line (its logging, warnings and strict count)."""
    from mkdocs.__main__ import cli

    args = ["build", "--strict", "--config-file", str(config_file), "--site-dir", str(site_dir)]
    try:
        cli.main([*args, "--quiet"] if quiet else args, prog_name="mkdocs", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code or 1
    return 0


def build(repo: Repository, site_dir: Path, *, quiet: bool = False, previous: str | None = None) -> int:
    """0 when the site in `site_dir` was built and checked; 1 when a step refused (it says why on stderr).
    `previous`: the reviews.json of the site as last published (a file or URL): a record that drops an approval or
    withdrawal it holds is refused (rollback protection)."""
    if not repo.strict:
        raise ValueError("editorial build needs a strict Repository")
    # The plugin uses nothing from .cache/ that this build did not make itself (igm_site.runtime.trust_cache).
    saved = os.environ.get("IGM_VERIFY_CACHE")
    os.environ["IGM_VERIFY_CACHE"] = "1"
    try:
        return _build(repo, site_dir, quiet, previous)
    finally:
        if saved is None:
            os.environ.pop("IGM_VERIFY_CACHE", None)
        else:
            os.environ["IGM_VERIFY_CACHE"] = saved


def _build(repo: Repository, site_dir: Path, quiet: bool, previous: str | None) -> int:
    repo.building()  # the plugin, in this process, reads the same states
    violations = check_repository(repo, production=True)
    record = snapshot(repo)
    if previous:
        violations += [Violation("reviews.json", problem) for problem in dropped(read_previous(previous), record)]
    errors = [v for v in violations if v.error]
    for violation in violations:
        if violation.error or not quiet:
            print(violation, file=sys.stderr if violation.error else sys.stdout)
    print(f"editorial check (production): {len(repo.tracked_pages())} page(s), {len(errors)} error(s).")
    if errors:
        print("editorial build: not built; fix the errors above (`editorial check --production`).", file=sys.stderr)
        return 1
    code = _mkdocs_build(repo.root / "mkdocs.yml", site_dir, quiet)
    if code:
        print("editorial build: mkdocs build --strict failed; see above.", file=sys.stderr)
        return code
    (site_dir / SNAPSHOT).write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    problems = check_site(repo, site_dir)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"editorial check-site {site_dir}: {len(problems)} error(s).")
    return 1 if problems else 0
