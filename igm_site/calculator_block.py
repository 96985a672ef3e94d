"""`/// calculator | ipsswm`: a pymdown-extensions Block that embeds a calculator in a page."""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from typing import ClassVar

from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

import calculators

from .calculator_about import about_parts
from .calculator_form import ROOT_TOKEN, render_calculator, render_embed

__all__ = ["CalculatorBlockExtension", "forget_rendered", "insert_deferred", "skip_to_form", "workspace_first"]

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Parts of a calculator put into the page only after the search index was built from it ("form" is the
# workspace: the form and its result panel; "embed" the folded form an article carries).
DEFERRED = re.compile(r'<div data-igm-deferred="(form|embed):([\w-]+)"></div>')
WORKSPACE = "form"


@functools.cache
def _rendered(calc_id: str) -> tuple[tuple[str, str], ...]:
    """(kind, html) of each part of a calculator block, the kind being its tag or WORKSPACE; the same for
    every page that embeds it."""
    block = render_calculator(calculators.describe(calc_id))
    parts = []
    for child in block:
        child.tail = None
        kind = WORKSPACE if "data-calculator-workspace" in child.attrib else child.tag
        parts.append((kind, etree.tostring(child, encoding="unicode", method="html")))
    return tuple(parts)


# HTML this block put into a page from the declarations, not from the page's Markdown: the plugin lets it through the
# allow-list sanitiser as is (`sanitize(..., trusted=BUILD_MADE)`), so a class the build gives its tables is never
# stripped, and the page's own HTML is still held to the list.
BUILD_MADE: set[str] = set()


def build_made(markup: str) -> str:
    BUILD_MADE.add(markup)
    return markup


def forget_rendered() -> None:
    """A new build (e.g. `mkdocs serve` after an edit) renders the calculators again."""
    _rendered.cache_clear()
    _embedded.cache_clear()
    BUILD_MADE.clear()


@functools.cache
def _embedded(calc_id: str) -> str:
    return etree.tostring(render_embed(calculators.describe(calc_id)), encoding="unicode", method="html")


def _deferred(match: re.Match[str]) -> str:
    which, calc_id = match.groups()
    if which == "embed":
        return _embedded(calc_id)
    return "".join(markup for kind, markup in _rendered(calc_id) if kind == which)


def site_root(page_url: str) -> str:
    """The relative path from a page (its URL as MkDocs gives it, "articles/x/") to the site's root."""
    return "../" * page_url.count("/") or "./"


def insert_deferred(html: str, page_url: str = "") -> str:
    """Put in the parts that calculator blocks marked as deferred (called from `on_post_page`), with their
    links to other calculator pages made relative to this page."""
    return DEFERRED.sub(_deferred, html).replace(ROOT_TOKEN, site_root(page_url))


def workspace_first(html: str, calc_id: str) -> str:
    """A calculator's own page opens with its form: the page's prose and the calculator's tables follow it."""
    placeholder = f'<div data-igm-deferred="{WORKSPACE}:{calc_id}"></div>'
    if placeholder not in html:
        return html
    return placeholder + html.replace(placeholder, "", 1)


SKIP_LINK = re.compile(r'<a href="[^"]*" class="md-skip">')


def skip_to_form(html: str, calc_id: str) -> str:
    """Material's "Skip to content" goes to the first heading of the table of contents, which on a calculator's
    page lies below the form: it goes to the form instead."""
    return SKIP_LINK.sub(f'<a href="#{calc_id}-form" class="md-skip">', html, count=1)


class CalculatorBlock(Block):
    NAME = "calculator"
    ARGUMENT = True
    OPTIONS: ClassVar[dict] = {}

    def on_validate(self, parent: etree.Element) -> bool:
        calc_id, *flags = self.argument.split()
        return calc_id in calculators.calculator_ids() and set(flags) <= {"embedded"}

    def on_create(self, parent: etree.Element) -> etree.Element:
        calc_id, *flags = self.argument.split()
        block = etree.SubElement(parent, "div", {"class": "igm-calculator", "id": f"calculator-{calc_id}"})
        if flags:
            # Embedded in another page (the plugin says so): the calculator's own page is its search hit, its
            # table of contents and the place of its criteria and sources; here only its folded form goes in,
            # after the index was built.
            block.set("class", "igm-calculator igm-calculator--embedded")
            etree.SubElement(block, "p").text = self.md.htmlStash.store(
                build_made(f'<div data-igm-deferred="embed:{calc_id}"></div>')
            )
            return block
        # On its own page, only the headings go through Markdown's tree (the table of contents lists them);
        # the tables go in as raw HTML, which Markdown's inline processors would otherwise walk text node by
        # text node; the form goes in after the search index (its labels and help text answer no search), and
        # the plugin moves it to the top of the page (`workspace_first`).
        for kind, markup in (*_rendered(calc_id), *about_parts(calc_id)):  # issue 24: intended use, evidence
            if kind in HEADINGS:
                block.append(etree.fromstring(markup))
                continue
            placeholder = etree.SubElement(block, "p")
            raw = f'<div data-igm-deferred="{WORKSPACE}:{calc_id}"></div>' if kind == WORKSPACE else markup
            placeholder.text = self.md.htmlStash.store(build_made(raw))
        return block


class CalculatorBlockExtension(BlocksExtension):
    def extendMarkdownBlocks(self, md, block_mgr) -> None:
        block_mgr.register(CalculatorBlock, self.getConfigs())


def makeExtension(*args, **kwargs) -> CalculatorBlockExtension:
    return CalculatorBlockExtension(*args, **kwargs)
