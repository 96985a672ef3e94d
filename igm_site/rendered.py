"""A page's Markdown rendered as the site renders it (mkdocs.yml's extensions and our blocks), for the check that
must judge what is built, not what is written: `editorial check` (what the sanitiser would take out).

A calculator block renders here as its empty container: its form and tables are made by the build from the
declarations, not written by the page, and rendering them would import the `calculators` package of whatever
directory the check runs in.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as etree
from pathlib import Path
from typing import ClassVar

import markdown
from mkdocs.utils import yaml_load
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

__all__ = ["render_body"]

# What MkDocs always adds to a site's own list (mkdocs.config.defaults: markdown_extensions).
_BUILTIN = ("toc", "tables", "fenced_code")
_OURS = ("igm_site.audience_block",)


class _CalculatorContainer(Block):
    NAME = "calculator"
    ARGUMENT = True
    OPTIONS: ClassVar[dict] = {}

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div", {"class": "igm-calculator"})


class _CalculatorContainers(BlocksExtension):
    def extendMarkdownBlocks(self, md, block_mgr) -> None:
        block_mgr.register(_CalculatorContainer, self.getConfigs())


def _extensions(config_text: str) -> tuple[tuple[str, ...], dict]:
    config = yaml_load(config_text) if config_text else {}
    names, configs = list(_BUILTIN), {}
    for item in (config or {}).get("markdown_extensions") or []:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if options:
            configs[name] = options
    return (*names, *_OURS), configs


def _config_text(root: Path) -> str:
    path = root / "mkdocs.yml"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


@functools.lru_cache(maxsize=8)
def _renderer(config_text: str) -> markdown.Markdown:
    # Setting up the extensions costs more than converting a page: one renderer per configuration, reset per page.
    names, configs = _extensions(config_text)
    return markdown.Markdown(extensions=[*names, _CalculatorContainers()], extension_configs=configs)


def render_body(root: Path, body: str) -> str:
    """The HTML MkDocs would make of a page body (after front matter) in the site at `root`."""
    return _renderer(_config_text(root)).reset().convert(body)
