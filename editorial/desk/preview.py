"""A page as readers will see it, built by the site's own MkDocs configuration and plugin, one page at a time.

The build reads the repository's `mkdocs.yml` (theme, overrides, Markdown extensions, the igm-guide plugin with its
status box, citations, calculators and audience blocks) with `docs_dir` pointed at a scratch folder holding only the
previewed page, so a preview costs one page, not the site. Two things differ from a production build, on purpose:

- A draft is built (the site never publishes one), under the site's own DRAFT banner, as `make serve` builds it.
- The text as it stands is built, never the last approved version that the `stale: last-approved` policy shows
  readers of a changed page: the reviewer reads what they approve. Text not yet saved is built too; if the saved
  page is approved, the preview shows it as changed since approval, which is what saving it will do.

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

from .. import published
from ..content import IMAGE
from ..errors import EditorialError
from ..repository import Repository
from .reviews import ReviewCache

__all__ = ["PreviewBuilder", "PreviewResult"]

_BUILD_LOCK = threading.Lock()


@dataclasses.dataclass(frozen=True)
class PreviewResult:
    url: str  # the page's path in the preview site, e.g. articles/x/
    error: str = ""


class _DeskPreviewPlugin(BasePlugin):
    """Runs after the igm-guide plugin has read the repository, and adjusts only what a preview must."""

    def __init__(self, src: str, unsaved: bool) -> None:
        super().__init__()
        self.src, self.unsaved = src, unsaved
        self.url = ""

    @event_priority(-100)
    def on_config(self, config):
        igm = config.plugins["igm-guide"]
        igm.stale.preview = True  # drafts are built, under the site's own DRAFT banner (as `make serve` does)
        review = igm.editorial.by_src.get(self.src)
        if review is not None:
            # The text being reviewed or written, never the last approved version the `stale` policy may show readers.
            changes: dict[str, Any] = {"stale_policy": "under-review"}
            if self.unsaved and review.status == "approved":
                changes.update(status="under_review", changed_since_approval=True)  # what saving it will do
            replaced = dataclasses.replace(review, **changes)
            igm.editorial.by_src[self.src] = replaced
            # What readers are shown is remembered for every page at once from the reviews as recorded; for the
            # previewed page it must follow the review above, or a revision under review is built as "Approved"
            # over text nobody approved (D12).
            every_page = igm.editorial.shown

            def shown(of):
                return published.shown(igm.editorial.repo, replaced) if of.page == replaced.page else every_page(of)

            igm.editorial.shown = shown
        config.nav = [{"Preview": self.src}]
        return config

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
    def __init__(self, root: Path, work: Path, cache: ReviewCache | None = None) -> None:
        self.root = root
        self.work = work
        self.site_dir = work / "site"
        self.cache = cache

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
        unsaved = saved is not None and text != saved
        with _BUILD_LOCK, _quiet():  # the plugin reads every page's state afresh: nothing is cached
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
            plugin = _DeskPreviewPlugin(src, unsaved)
            try:
                config = load_config(
                    str(self.root / "mkdocs.yml"),
                    docs_dir=str(docs),
                    site_dir=str(self.site_dir),
                    strict=False,
                    nav=[{"Preview": src}],
                )
                config.plugins["igm-desk-preview"] = plugin
                config.extra["igm_desk_preview"] = True  # shown in the desk's frame: no frame guard (frame-guard.js)
                build(config, dirty=True)
            except Exception as exc:  # the build's own message is what the editor needs
                return PreviewResult("", f"{type(exc).__name__}: {exc}")
        return PreviewResult(plugin.url)
