"""The page editor's form: saving unchanged fields keeps the front matter byte for byte; a changed field rewrites it
keeping every other key; references are checked for a PMID or DOI of the right shape."""

from __future__ import annotations

from editorial.desk import pagetext

PAGE = """---
title: "Cold agglutinin disease"
authors:
  - Ann Author
audience: [clinician]
changelog:
  - date: 2026-11-25
    change: "First version."
references:
  - id: owen2003
    citation: "Owen RG, et al. Semin Oncol 2003;30(2):110-115."
    pmid: "12720118"
    doi: 10.1053/sonc.2003.50082
    verification: V
---

Text [@owen2003].
"""


def test_unchanged_fields_keep_the_front_matter_byte_for_byte():
    _, meta, body = pagetext.parse(PAGE)
    fields = pagetext.fields_of(meta)
    assert pagetext.compose(PAGE, fields, body) == PAGE
    assert pagetext.compose(PAGE, fields, body + "More.\n") == PAGE + "More.\n"


def test_a_changed_field_rewrites_the_front_matter_and_keeps_other_keys():
    _, meta, body = pagetext.parse(PAGE)
    fields = pagetext.fields_of(meta)
    fields.title = "Cold agglutinin disease (CAD)"
    fields.audience = ["clinician", "patient"]
    text = pagetext.compose(PAGE, fields, body)
    _, after, after_body = pagetext.parse(text)
    assert after["title"] == "Cold agglutinin disease (CAD)" and after["audience"] == ["clinician", "patient"]
    assert after["changelog"] == meta["changelog"] and after["authors"] == ["Ann Author"]
    assert after["references"][0]["verification"] == "V"  # a key the form does not show survives
    assert after_body.strip() == body.strip()


def test_references_need_an_id_a_citation_and_a_pmid_or_doi_of_the_right_shape():
    fields = pagetext.Fields("T", ["clinician"], [{"id": "a", "citation": "C", "pmid": "PMC123", "doi": ""}])
    assert any("PMID 'PMC123' must be digits only" in p for p in pagetext.check(fields))
    fields.references = [{"id": "a", "citation": "C", "pmid": "", "doi": "https://doi.org/10.1/x"}]
    assert any("DOI" in p and "without https://doi.org/" in p for p in pagetext.check(fields))
    fields.references = [{"id": "a", "citation": "", "pmid": "", "doi": ""}]
    problems = pagetext.check(fields)
    assert any("needs the citation" in p for p in problems) and any("PMID or DOI" in p for p in problems)
    fields.references = [{"id": "a", "citation": "C", "pmid": "12720118", "doi": "10.1053/sonc.2003.50082"}]
    assert pagetext.check(fields) == []
    assert pagetext.check(pagetext.Fields(" ", ["nurses"], [])) == [
        "Title: a page needs a title.",
        "Audience: 'nurses' is not one of clinician, patient.",
    ]
