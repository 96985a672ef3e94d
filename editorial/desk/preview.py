"""A page as readers will see it, built by the site's own MkDocs configuration and plugin, one page at a time.

The build reads the repository's `mkdocs.yml` (theme, overrides, Markdown extensions, the igm-guide plugin with its
status box, citations, calculators and audience blocks) with `docs_dir` pointed at a scratch folder holding only the
previewed page, so a preview costs one page, not the site. Two things differ from a production build, on purpose:

- A draft is built (the site never publishes one), with its status box saying so.
- Text not yet saved is built as it stands; if the saved page is approved, the preview shows it as changed since
  approval, which is what saving it will do.

Builds are `dirty` into one folder kept for the run, so the Pyodide runtime is copied once, not per preview.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin, event_priority

from ..content import IMAGE
from ..errors import EditorialError
from ..repository import Repository

__all__ = ["PreviewBuilder", "PreviewResult"]

_BUILD_LOCK = threading.Lock()
DRAFT_LABEL = "Draft (preview only: drafts are never published)"


@dataclasses.dataclass(frozen=True)
class PreviewResult:
    url: str  # the page's path in the preview site, e.g. articles/x/
    error: str = ""


class _PreviewSite:
    """The plugin's editorial view of the repository, for one previewed page."""

    def __init__(self, site: Any, src: str, draft: bool, unsaved: bool) -> None:
        self._site, self._src, self._draft, self._unsaved = site, src, draft, unsaved

    def __getattr__(self, name: str) -> Any:
        return getattr(self._site, name)

    def excluded(self) -> set[str]:
        return set()  # the scratch docs hold only the previewed page, whatever its state

    def tracked(self, src: str) -> bool:
        return False if (src == self._src and self._draft) else self._site.tracked(src)

    def find_approval(self, src: str) -> Any:
        record = self._site.find_approval(src)
        if record and src == self._src and self._unsaved and record["status"] == "approved":
            record = {**record, "status": "under_review", "changed_since_approval": True, "reviewers": []}
        return record


class _DeskPreviewPlugin(BasePlugin):
    def __init__(self, src: str, draft: bool, unsaved: bool) -> None:
        super().__init__()
        self.src, self.draft, self.unsaved = src, draft, unsaved
        self.url = ""

    @event_priority(-100)  # after igm-guide has read the repository
    def on_config(self, config):
        igm = config.plugins["igm-guide"]
        igm.editorial = _PreviewSite(igm.editorial, self.src, self.draft, self.unsaved)
        return config

    @event_priority(-100)
    def on_page_markdown(self, markdown, page, config, files):
        if page.file.src_uri == self.src and self.draft:
            from igm_site.review import review_context

            igm = config.plugins["igm-guide"]
            record = {"status": "submitted", "page": f"{config.docs_dir}/{self.src}"}
            context = review_context(page.meta, self.src, igm.config.disclaimer, lambda _src: record)
            context.update(status="draft", label=DRAFT_LABEL, approved=False)
            context["steps"] = [{**step, "state": "todo"} for step in context["steps"]]
            page.meta["igm_review"] = context
        return markdown

    def on_post_page(self, output, page, config):
        if page.file.src_uri == self.src:
            self.url = page.url
        return output


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


class PreviewBuilder:
    def __init__(self, root: Path, work: Path) -> None:
        self.root = root
        self.work = work
        self.site_dir = work / "site"

    def build(self, page: str, text: str | None = None) -> PreviewResult:
        """Build `page` (docs/…) with `text` (default: as saved) into the preview site."""
        from mkdocs.commands.build import build

        repo = Repository(self.root)
        page = repo.page_path(page)
        saved_path = self.root / page
        saved = saved_path.read_text(encoding="utf-8") if saved_path.is_file() else None
        text = saved if text is None else text.replace("\r\n", "\n")
        if text is None:
            raise EditorialError(f"{page}: no such page.")
        src = PurePosixPath(page).relative_to(repo.docs_dir).as_posix()
        review = repo.review(page) if saved is not None else None
        machine = review.ledger_state.machine if review and review.ledger_state else None
        draft = review is None or machine == "draft" or (machine is None and review.status is None)
        unsaved = saved is not None and text != saved
        with _BUILD_LOCK, _quiet():
            docs = self.work / "docs"
            shutil.rmtree(docs, ignore_errors=True)
            target = docs / src
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            for image in IMAGE.findall(text):  # local images beside the page
                source = (saved_path.parent / image).resolve()
                if source.is_file() and source.is_relative_to(self.root / repo.docs_dir):
                    copy = docs / source.relative_to(self.root / repo.docs_dir)
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, copy)
            plugin = _DeskPreviewPlugin(src, draft, unsaved)
            try:
                config = load_config(
                    str(self.root / "mkdocs.yml"),
                    docs_dir=str(docs),
                    site_dir=str(self.site_dir),
                    strict=False,
                    nav=[{"Preview": src}],
                )
                config.plugins["igm-desk-preview"] = plugin
                build(config, dirty=True)
            except Exception as exc:  # the build's own message is what the editor needs
                return PreviewResult("", f"{type(exc).__name__}: {exc}")
        return PreviewResult(plugin.url)
