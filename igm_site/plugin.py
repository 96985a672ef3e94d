"""The igm-guide MkDocs plugin. Each event handler is short and calls plain functions."""

from __future__ import annotations

import os
import re
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

import calculators
from editorial.content import CALCULATOR_BLOCK
from editorial.docs_tree import docs_tree
from editorial.source_check import page_source_problems

from .calculator_block import BUILD_MADE, forget_rendered, insert_deferred, skip_to_form, workspace_first
from .citations import CITATION, CitationError, apply_citations
from .config import IgmGuideConfig
from .csp import HEADERS_FILE, add_policy_meta, headers_file
from .front_matter import escape_front_matter
from .hazard_log import HazardLogError, include_hazard_log
from .offline import ICONS, SERVICE_WORKER, icon_png, manifest, runtime_paths, service_worker
from .pyodide_integrity import PyodideIntegrityError
from .report import SECURITY_TXT, report_contacts, security_txt, source_date
from .review import EditorialSite, ReviewError, prune_nav, review_context
from .runtime import ASSETS, BROWSER_MODULES, CALC_PRELOAD, PAGE_SCRIPT, PYODIDE_CORE_FILES, ROOT, Runtime, trust_cache
from .sanitize import sanitize
from .search_index import add_alternate_spellings, not_for_readers
from .stale import StaleView
from .tables import stack_wide_tables
from .template_cache import PinnedTemplateCache

__all__ = ["IgmGuidePlugin"]

AUDIENCE_BLOCK = re.compile(r"^\s*///\s*audience\s*\|\s*(\S+)\s*$", re.MULTILINE)


def _mark_embedded(match: re.Match[str], src: str) -> str:
    """A calculator's own page is calculators/<id>.md; anywhere else the block is an embedded copy."""
    return match.group(0) if src == f"calculators/{match.group(1)}.md" else f"{match.group(0).rstrip()} embedded"


class IgmGuidePlugin(BasePlugin[IgmGuideConfig]):
    def on_config(self, config):
        forget_rendered()
        for extension in ("igm_site.calculator_block", "igm_site.audience_block"):
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        config.extra_css.append("assets/igm/igm.css")
        config.extra_css.append("assets/igm/igm-reader.css")
        config.extra_css.append("assets/igm/igm-report.css")
        try:
            self.report = report_contacts(self.config.report_email, self.config.forge_url, os.environ)
        except ValueError as exc:
            raise PluginError(str(exc)) from exc
        config.extra["igm_report"] = self.report  # overrides/partials/igm-report.html
        self.script_hashes: set[str] = set()
        pyodide_dir = Path(config.config_file_path).parent / self.config.pyodide_dir
        try:
            self.runtime = Runtime.locate(pyodide_dir)
        except (FileNotFoundError, PyodideIntegrityError) as exc:
            raise PluginError(str(exc)) from exc
        try:
            self.editorial = EditorialSite(Path(config.config_file_path).parent, self.config.publish)
        except ReviewError as exc:
            raise PluginError(str(exc)) from exc
        self.stale = StaleView(self)
        config.nav = prune_nav(config.nav, self.stale.excluded())
        return config

    def on_serve(self, server, config, builder):
        # The status a page shows comes from these files too, so editing them rebuilds like editing a page.
        for path in self.editorial.watched_paths():
            server.watch(str(path))
        return server

    def on_files(self, files: Files, config) -> Files:
        self._only_pages_and_their_assets(files, Path(config.docs_dir))
        for src in self.stale.excluded():
            if (page := files.get_file_from_path(src)) is not None:
                files.remove(page)
        for path, markdown in self.editorial.generated_pages().items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=markdown))
        for name in PYODIDE_CORE_FILES:
            path = f"{self.runtime.pyodide_path}/{name}"
            files.append(File.generated(config, path, abs_src_path=str(self.runtime.pyodide_dir / name)))
        files.append(File.generated(config, self.runtime.bundle_path, content=self.runtime.bundle))
        files.append(File.generated(config, self.runtime.wheel_path, content=self.runtime.wheel.data))
        files.append(File.generated(config, self.runtime.stdlib_path, abs_src_path=str(self.runtime.stdlib)))
        files.append(File.generated(config, self.runtime.snapshot_path, abs_src_path=str(self.runtime.snapshot)))
        self.modules = self.runtime.browser_modules()
        for path, content in self.modules.values():
            files.append(File.generated(config, path, content=content))
        for asset in sorted(ASSETS.iterdir()):
            if asset.name not in BROWSER_MODULES:
                files.append(File.generated(config, f"assets/igm/{asset.name}", abs_src_path=str(asset)))
        # Offline use: the web app manifest and its icons (drawn here); sw.js is written after the build.
        web_manifest = manifest(config.site_name, config.site_description or "")
        files.append(File.generated(config, "manifest.webmanifest", content=web_manifest))
        for size, path in ICONS.items():
            files.append(File.generated(config, path, content=icon_png(size)))
        return files

    def on_env(self, env, config, files):
        # Material's templates and ours are compiled to Python at every build, about a tenth of it. Jinja keeps the
        # compiled code keyed by template name and source checksum, so a changed template is compiled again.
        cache = ROOT / ".cache" / "jinja"
        if not trust_cache():  # compiled templates are code: only what compiled.lock pins (`template_cache`)
            env.bytecode_cache = PinnedTemplateCache(ROOT / ".cache" / "jinja-source")
            return env
        try:
            cache.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(cache))
        except OSError:
            pass  # a read-only checkout compiles every time
        return env

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        src = page.file.src_uri
        markdown = self.stale.prepare(src, markdown, page)  # the last approved version, when that is shown
        try:
            markdown = include_hazard_log(markdown)  # a page that includes safety/hazards.yml (issue 24)
        except HazardLogError as exc:
            raise PluginError(f"{src}: {exc}") from exc
        used = CALCULATOR_BLOCK.findall(markdown)
        unknown = [calc for calc in used if calc not in calculators.calculator_ids()]
        if unknown:
            raise PluginError(f"{src}: unknown calculator {', '.join(unknown)}; known: {calculators.calculator_ids()}")
        page.meta["igm_calculators"] = used
        # A calculator's own page is laid out form first (overrides/partials/igm-article.html) and starts Python
        # at once; an article only when a reader uses its form.
        own = next((calc for calc in used if src == f"calculators/{calc}.md"), None)
        page.meta["igm_calculator_page"] = own
        if used:
            page.meta["igm_calc_script"] = self.modules[PAGE_SCRIPT][0]
            # The rest of the page script's module graph and the worker's script, fetched at once beside it
            # rather than one import after another (issue 12). None of them fetches Pyodide by being loaded.
            page.meta["igm_calc_preload"] = [self.modules[name][0] for name in CALC_PRELOAD]
            page.meta["igm_calc_start"] = "now" if own else "focus"
            page.meta["igm_search_after_start"] = self.modules["search-after-start.js"][0]
        markdown = CALCULATOR_BLOCK.sub(lambda m: _mark_embedded(m, src), markdown)
        page.meta["igm_audiences"] = sorted(set(AUDIENCE_BLOCK.findall(markdown)))
        if not_for_readers(src):
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        self._refuse_unsafe_source(page)
        try:
            if self.stale.tracked(src):
                find = self.stale.find_approval
                page.meta["igm_review"] = review_context(page.meta, src, self.config.disclaimer, find)
            if page.meta.get("references") or CITATION.search(markdown):
                markdown = apply_citations(markdown, page.meta.get("references"), src).markdown
        except (ReviewError, CitationError) as exc:
            raise PluginError(str(exc)) from exc
        escape_front_matter(page.meta)
        return markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        # Only what the allow-list names reaches the template, whatever the source check said (it reports the same).
        html = sanitize(html, page.meta.get("igm_calculators") or (), trusted=BUILD_MADE)
        if page.meta.get("igm_calculator_page"):
            html = workspace_first(html, page.meta["igm_calculator_page"])
        return stack_wide_tables(html)

    def on_post_page(self, output: str, page, config) -> str:
        if page.meta.get("igm_calculators"):
            output = insert_deferred(output, page.url)
        if calc_id := page.meta.get("igm_calculator_page"):
            output = skip_to_form(output, calc_id)
        return self._add_policy(output, page.file.src_uri)

    def on_post_template(self, output_content: str, template_name: str, config) -> str:
        return self._add_policy(output_content, template_name) if template_name.endswith(".html") else output_content

    # After the search plugin has written its index, which this adds other spellings to.
    @event_priority(-50)
    def on_post_build(self, config) -> None:
        site_dir = Path(config.site_dir)
        add_alternate_spellings(site_dir)
        (site_dir / HEADERS_FILE).write_text(headers_file(self.script_hashes, site_dir), encoding="utf-8")
        # Written here, not as a generated file: MkDocs leaves out every path starting with a dot (exclude_docs).
        if (text := security_txt(self.report, source_date(ROOT, os.environ), config.site_url or "")) is not None:
            (site_dir / SECURITY_TXT).parent.mkdir(exist_ok=True)
            (site_dir / SECURITY_TXT).write_text(text, encoding="utf-8")
        # Last: it lists every other file of the build with its sha256.
        (site_dir / SERVICE_WORKER).write_text(service_worker(site_dir, runtime_paths(self.runtime)), encoding="utf-8")

    def _only_pages_and_their_assets(self, files: Files, docs_dir: Path) -> None:
        """docs/ publishes its pages and the files they reference, never a symlink (`editorial.docs_tree`)."""
        root = self.editorial.repo.root
        if not docs_dir.resolve().is_relative_to(root.resolve()):
            return
        rel = docs_dir.resolve().relative_to(root.resolve()).as_posix()
        allowed, problems = docs_tree(root, rel)
        links = [f"{path}: {problem}" for path, problem in problems if "symlink" in problem]
        if links:
            raise PluginError("; ".join(links))
        for file in list(files):
            inside = file.abs_src_path and Path(file.abs_src_path).is_relative_to(docs_dir)
            if inside and f"{rel}/{file.src_uri}" not in allowed:
                files.remove(file)

    def _refuse_unsafe_source(self, page) -> None:
        """What `editorial check` refuses fails the build too, so a preview never renders it either."""
        if page.file.abs_src_path is None:  # generated from the declarations, not written by hand
            return
        repo = self.editorial.repo
        path = Path(page.file.abs_src_path).resolve()
        rel = path.relative_to(repo.root).as_posix() if path.is_relative_to(repo.root) else path.as_posix()
        data = path.read_bytes()
        if getattr(repo, "checked_sources", {}).get(rel) == data:
            return  # `editorial build` checked these very bytes before building
        problems = page_source_problems(repo.root, rel, data)  # an absolute `rel` (outside the repository) stays as is
        if problems:
            raise PluginError(
                "; ".join(f"{rel}:{line}: {what}" if line else f"{rel}: {what}" for line, what in problems)
            )

    def _add_policy(self, output: str, where: str) -> str:
        try:
            output, hashes = add_policy_meta(output)
        except ValueError as exc:
            raise PluginError(f"{where}: {exc}") from exc
        self.script_hashes.update(hashes)
        return output
