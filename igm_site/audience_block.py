"""`/// audience | patient` … `///`: text written for one audience.

Audiences are those the source article offers ("Which best describes you?"). Without a choice or
without JavaScript, clinician text shows and the other audiences' text sits in a closed <details>,
so it stays reachable; the page script switches them when the reader chooses.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import ClassVar

from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block

__all__ = ["AUDIENCES", "AudienceBlockExtension"]

AUDIENCES = {
    "clinician": "For clinicians",
    "patient": "For patients and caregivers",
    "professional": "For other professionals",
}
DEFAULT_AUDIENCE = "clinician"


class AudienceBlock(Block):
    NAME = "audience"
    ARGUMENT = True
    OPTIONS: ClassVar[dict] = {}

    def on_validate(self, parent: etree.Element) -> bool:
        return self.argument.strip() in AUDIENCES

    def on_create(self, parent: etree.Element) -> etree.Element:
        audience = self.argument.strip()
        label = AUDIENCES[audience]
        if audience == DEFAULT_AUDIENCE:
            block = etree.SubElement(parent, "div", {"class": "igm-audience", "data-audience": audience})
            etree.SubElement(block, "p", {"class": "igm-audience__label"}).text = label
            return block
        block = etree.SubElement(parent, "details", {"class": "igm-audience", "data-audience": audience})
        etree.SubElement(block, "summary", {"class": "igm-audience__label"}).text = label
        return block


class AudienceBlockExtension(BlocksExtension):
    def extendMarkdownBlocks(self, md, block_mgr) -> None:
        block_mgr.register(AudienceBlock, self.getConfigs())


def makeExtension(*args, **kwargs) -> AudienceBlockExtension:
    return AudienceBlockExtension(*args, **kwargs)
