"""How a reference is shown: the same links on article pages and calculator pages."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Mapping
from typing import Any

from .html import E, link

__all__ = ["reference_links"]


def reference_links(ref: Mapping[str, Any]) -> list[etree.Element | str]:
    """PubMed and DOI links for a reference (links only: the site itself fetches nothing from them)."""
    parts: list[etree.Element | str] = []
    if ref.get("pmid"):
        parts += [" PMID ", link(f"https://pubmed.ncbi.nlm.nih.gov/{ref['pmid']}/", str(ref["pmid"])), "."]
    if ref.get("doi"):
        parts += [" DOI ", link(f"https://doi.org/{ref['doi']}", str(ref["doi"])), "."]
    if ref.get("verification") and ref["verification"] != "V":
        parts.append(E("span", {"class": "igm-unverified"}, " Identifier not yet checked against the source."))
    return parts
