"""The site chrome: what wraps every page, reviewed as one more subject with its own ledger (`ledger/.site-chrome.jsonl`).

Its digest (the same manifest as a page's, `content.Content`) covers mkdocs.yml's bytes, every file of the theme's
`custom_dir` (overrides/), each local `extra_css`/`extra_javascript` file and `hooks:` module, the installed igm-guide
plugin package whole, and the installed mkdocs-material version. The plugin is in it because its Python shapes every
page as much as a stylesheet does (one allowed attribute in `sanitize.py` reopens what one `extra_css` line opens) and
it ships `assets/` and the service worker; it is the installed package, as the build runs it, not a copy in the tree.

Only a technical approval by a reviewer in force counts (`editorial approve site-chrome`). A page is shown Approved
only when its own statements approve it and the current chrome is approved; otherwise it is shown Under Review with
the reason in `PageReview.held`. The page's own approvals are untouched: they count again once the chrome is approved.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .content import Content, _local
from .ledger import CHROME, CHROME_LEDGER

if TYPE_CHECKING:
    from .repository import PageReview, Repository

__all__ = ["CHROME", "CHROME_LEDGER", "chrome_content", "chrome_review", "held", "plugin_dir"]

PLUGIN, THEME = "igm_site", "mkdocs-material"


def plugin_dir() -> Path | None:
    """The igm-guide plugin package the build imports (found without importing it)."""
    spec = importlib.util.find_spec(PLUGIN)
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) if locations else None


def theme_version() -> str:
    try:
        return importlib.metadata.version(THEME)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def _digest(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def _tree(base: Path) -> list[tuple[str, Path]]:
    files = sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if base.is_dir() else []
    return [(p.relative_to(base).as_posix(), p) for p in files]


def chrome_content(root: Path, config: dict[str, Any], docs_dir: str) -> Content:
    """The chrome's parts as they are now: `config` is mkdocs.yml as read, `docs_dir` where extra files live."""
    named: list[tuple[str, Path]] = [("mkdocs.yml", root / "mkdocs.yml")]
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    if isinstance(theme.get("custom_dir"), str):
        named += [(f"overrides {rel}", path) for rel, path in _tree(root / theme["custom_dir"])]
    for key in ("extra_css", "extra_javascript"):
        for item in config.get(key) or []:
            target = item.get("path") if isinstance(item, dict) else item
            if isinstance(target, str) and _local(target.strip()):
                named.append((f"{key} {target}", root / docs_dir / target.strip()))
    named += [(f"hook {hook}", root / hook) for hook in config.get("hooks") or [] if isinstance(hook, str)]
    plugin = plugin_dir()
    named += [(f"plugin {rel}", path) for rel, path in _tree(plugin)] if plugin else []
    rows = [(name, _digest(path), path) for name, path in named]
    parts = [(name, digest) for name, digest, _ in rows] + [(f"theme {THEME}", theme_version())]
    parts += [] if plugin else [(f"plugin {PLUGIN}", "missing")]
    files = [(path.relative_to(root).as_posix(), digest) for _, digest, path in rows if path.is_relative_to(root)]
    return Content(page=CHROME, calculators=(), parts=tuple(sorted(set(parts))), files=tuple(files))


def chrome_review(repo: Repository) -> PageReview:
    """The chrome's state, by the page rules: its ledger's lines and every statement naming its digest."""
    content = chrome_content(repo.root, repo._mkdocs, repo.docs_dir)
    digest = content.approval_hash
    seen = {(x.file, x.number): x for x in repo.lines.get(CHROME_LEDGER, [])}
    for line in repo.by_subject.get(digest, []):
        seen.setdefault((line.file, line.number), line)
    verdicts = tuple(repo._verdict(line, frozenset(), digest) for line in seen.values())
    interval = repo.declarations.review_interval_months["calculator"]
    return repo._state(CHROME, CHROME_LEDGER, {}, content, "chrome", ("technical",), verdicts, interval, [])


def held(review: PageReview, chrome: PageReview) -> PageReview:
    """`review` as readers may be shown it: no approval of it (current or earlier version) while the chrome is not
    approved."""
    if chrome.status == "approved" or review.approval_hash is None:
        return review
    if chrome.changed_since_approval:
        reason = "site chrome changed since its technical approval"
    elif chrome.ledger_status == "changes_requested":
        reason = "site chrome approval withdrawn (or changes requested)"
    else:
        reason = "site chrome not yet approved"
    status = "under_review" if review.status == "approved" else review.status
    return dataclasses.replace(review, status=status, overdue=False, held=reason)
