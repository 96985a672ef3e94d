"""`/// calculator | ipsswm`: a pymdown-extensions Block that embeds a calculator in a page."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import ClassVar

from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

import calculators

from .calculator_form import render_calculator

__all__ = ["CalculatorBlockExtension"]


class CalculatorBlock(Block):
    NAME = "calculator"
    ARGUMENT = True
    OPTIONS: ClassVar[dict] = {}

    def on_validate(self, parent: etree.Element) -> bool:
        return self.argument.strip() in calculators.calculator_ids()

    def on_create(self, parent: etree.Element) -> etree.Element:
        block = render_calculator(calculators.describe(self.argument.strip()))
        parent.append(block)
        return block


class CalculatorBlockExtension(BlocksExtension):
    def extendMarkdownBlocks(self, md, block_mgr) -> None:
        block_mgr.register(CalculatorBlock, self.getConfigs())


def makeExtension(*args, **kwargs) -> CalculatorBlockExtension:
    return CalculatorBlockExtension(*args, **kwargs)
