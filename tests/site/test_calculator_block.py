"""The calculator block: what goes into the search index, and what is put in after it."""

from __future__ import annotations

import json
import re

import markdown

from igm_site.calculator_block import insert_deferred


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["igm_site.calculator_block"])


def test_own_page_keeps_headings_and_tables_and_defers_only_the_form():
    html = render("/// calculator | ipsswm\n///\n")
    assert '<h3 id="ipsswm-criteria">' in html and "data-criteria-table" in html
    assert "<form" not in html and 'data-igm-deferred="form:ipsswm"' in html
    final = insert_deferred(html)
    assert len(re.findall(r'<form [^>]*data-calculator="ipsswm"', final)) == 1
    assert "data-igm-deferred" not in final


def test_embedded_copy_is_put_in_whole_after_the_index():
    html = render("/// calculator | ipsswm embedded\n///\n")
    assert "data-criteria-table" not in html and 'data-igm-deferred="all:ipsswm"' in html
    final = insert_deferred(html)
    assert "data-criteria-table" in final and 'data-calculator="ipsswm"' in final
    assert final.index('data-calculator="ipsswm"') < final.index("data-criteria-table")


def test_search_index_has_calculator_tables_once_and_no_form_text(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    texts = {doc["location"]: doc["text"] for doc in index["docs"]}
    own = " ".join(t for loc, t in texts.items() if loc.startswith("calculators/ipsswm/"))
    assert "advanced age" in own
    assert not any(re.search(r"Accepted: 18–110 years", t) for t in texts.values())
    assert not any("advanced age (&gt;65 years)" in t for loc, t in texts.items() if not loc.startswith("calculators/"))
