"""The Markdown pieces of the plugin, alone: audience blocks and numbered citations."""

from __future__ import annotations

import markdown
import pytest

from igm_site.citations import CitationError, apply_citations

REFS = [
    {"id": "a", "citation": "Author A. Title A. J 2001.", "pmid": "1"},
    {"id": "b", "citation": "Author B. Title B. J 2002.", "doi": "10.1/b"},
]


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["igm_site.audience_block"])


def test_clinician_text_shows_and_patient_text_is_reachable():
    html = render("/// audience | clinician\nDose by weight.\n///\n\n/// audience | patient\nAsk your doctor.\n///\n")
    assert '<div class="igm-audience" data-audience="clinician">' in html
    assert '<details class="igm-audience" data-audience="patient">' in html
    assert "<summary" in html and "Ask your doctor." in html


def test_unknown_audience_is_not_turned_into_a_block():
    assert "data-audience" not in render("/// audience | robots\nText\n///\n")


def test_citations_are_numbered_by_first_use_and_listed():
    out = apply_citations("One [@b]. Two [@a; @b].", REFS, "p.md").markdown
    # Each citation previews its reference (title); the first one of a key is where its back-link returns.
    b = '<a href="#ref-b" class="igm-cite" aria-label="Reference 1" title="Author B. Title B. J 2002."'
    assert f'{b} id="cite-b">1</a>' in out
    assert f"{b}>1</a>" in out  # the second citation of b: no second anchor
    assert (
        '<a href="#ref-a" class="igm-cite" aria-label="Reference 2" title="Author A. Title A. J 2001." id="cite-a">2</a>'
        in out
    )
    assert out.index('id="ref-b"') < out.index('id="ref-a"')
    assert out.count('class="igm-backlink"') == 2 and 'href="#cite-b"' in out
    assert "https://pubmed.ncbi.nlm.nih.gov/1/" in out and "https://doi.org/10.1/b" in out


def test_dangling_citation_names_the_page_and_key():
    with pytest.raises(CitationError, match=r"p\.md: citation \[@zz\]"):
        apply_citations("Claim [@zz].", REFS, "p.md")


def test_uncited_reference_names_the_page_and_key():
    with pytest.raises(CitationError, match=r"p\.md: references b are listed but never cited"):
        apply_citations("Claim [@a].", REFS, "p.md")


def test_reference_without_citation_text_is_an_error():
    with pytest.raises(CitationError, match=r"references\[1\] lacks citation"):
        apply_citations("Claim [@a].", [{"id": "a"}], "p.md")
