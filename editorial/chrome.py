"""The site chrome, what wraps every page, reviewed as one more subject with its own ledger (ledger/.site-chrome.jsonl):
mkdocs.yml, the theme's custom_dir, local extra_css/extra_javascript files and hooks, the installed igm-guide plugin
package whole (its Python shapes every page as a stylesheet does, and it ships assets/ and the service worker) and the
Material version. Only a technical approval counts; while the current chrome is not approved, no page is shown
Approved (`held` keeps the page's own approvals and says why they are not shown)."""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.metadata
import importlib.util
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .content import Content, _local, _sha256
from .ledger import CHROME, CHROME_LEDGER

if TYPE_CHECKING:
    from .repository import PageReview, Repository

__all__ = ["CHROME", "CHROME_LEDGER", "chrome_content", "chrome_review", "held", "plugin_dir"]

PLUGIN, THEME = "igm_site", "mkdocs-material"


def plugin_dir() -> Path | None:
    spec = importlib.util.find_spec(PLUGIN)  # the package the build imports, found without importing it
    return Path(spec.submodule_search_locations[0]) if spec and spec.submodule_search_locations else None


def theme_version() -> str:
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        return importlib.metadata.version(THEME)
    return "missing"


def _digest(path: Path) -> str:
    return _sha256(path.read_bytes()) if path.is_file() else "missing"


def _tree(base: Path) -> list[tuple[str, Path]]:
    # compiled.lock pins the build cache's bytes, which a fresh build (CI's) re-makes and checks: not what wraps a page
    files = sorted(p for p in base.rglob("*") if p.is_file() and not {"__pycache__", "compiled.lock"} & {*p.parts})
    files = files if base.is_dir() else []
    return [(p.relative_to(base).as_posix(), p) for p in files]


_NAV_PAGE = re.compile(r"^(\s*-\s*(?:(?:\"[^\"]*\"|'[^']*'|[^:#]+):\s*)?)[^\s:#]+\.md\s*$")


def _settings(path: Path) -> str:
    """mkdocs.yml with the nav's page paths left out: a renamed page (`editorial mv`) or a page re-created at a new
    path is content, bound to the page's own digest, and must not un-approve the chrome. The nav's titles and
    order stay in: they are on every page."""
    if not path.is_file():
        return "missing"
    lines, in_nav = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line[:1] not in ("", " ", "-", "#"):
            in_nav = line.startswith("nav:")
        lines.append(_NAV_PAGE.sub(r"\1(page)", line) if in_nav else line)
    return _sha256("\n".join(lines).encode("utf-8"))


def chrome_content(root: Path, config: dict[str, Any], docs_dir: str) -> Content:
    """The chrome's parts as they are now: `config` is mkdocs.yml as read, `docs_dir` where extra files live."""
    named: list[tuple[str, Path]] = []
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    if isinstance(theme.get("custom_dir"), str):
        named += [(f"overrides {rel}", path) for rel, path in _tree(root / theme["custom_dir"])]
    for key in ("extra_css", "extra_javascript"):
        paths = [i.get("path") if isinstance(i, dict) else i for i in config.get(key) or []]
        named += [(f"{key} {t}", root / docs_dir / t) for t in paths if isinstance(t, str) and _local(t)]
    named += [(f"hook {hook}", root / hook) for hook in config.get("hooks") or [] if isinstance(hook, str)]
    plugin = plugin_dir()
    named += [(f"plugin {rel}", path) for rel, path in _tree(plugin)] if plugin else []
    parts = [(name, _digest(path)) for name, path in named] + [(f"theme {THEME}", theme_version())]
    parts.append(("mkdocs.yml", _settings(root / "mkdocs.yml")))
    parts += [] if plugin else [(f"plugin {PLUGIN}", "missing")]
    return Content(page=CHROME, calculators=(), parts=tuple(sorted(set(parts))))


def chrome_review(repo: Repository) -> PageReview:
    """The chrome's state, by the page rules: its ledger's lines and every statement naming its digest."""
    content = chrome_content(repo.root, repo._mkdocs, repo.docs_dir)
    seen = {(x.file, x.number): x for x in repo.lines.get(CHROME_LEDGER, [])}
    for line in repo.by_subject.get(content.approval_hash, []):
        seen.setdefault((line.file, line.number), line)
    verdicts = tuple(repo._verdict(line, frozenset(), content.approval_hash) for line in seen.values())
    interval = repo.declarations.review_interval_months["calculator"]
    return repo._state(CHROME, CHROME_LEDGER, {}, content, "chrome", ("technical",), verdicts, interval, [])


def held(review: PageReview, chrome: PageReview) -> PageReview:
    """`review` as readers may be shown it: no approval (of this or an earlier version) while the chrome is not."""
    if chrome.status == "approved" or review.approval_hash is None:
        return review
    why = "changed since its technical approval" if chrome.changed_since_approval else "not yet approved"
    why = "approval withdrawn (or changes requested)" if chrome.ledger_status == "changes_requested" else why
    status = "under_review" if review.status == "approved" else review.status
    return dataclasses.replace(review, status=status, overdue=False, held=f"site chrome {why}")
