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


def test_embedded_copy_is_the_folded_form_and_one_link_put_in_after_the_index():
    html = render("/// calculator | ipsswm embedded\n///\n")
    assert "data-criteria-table" not in html and 'data-igm-deferred="embed:ipsswm"' in html
    final = insert_deferred(html, "articles/some-article/")
    # The form and its result panel, folded; the criteria, disagreements and sources only on its own page.
    assert re.search(r'<details class="igm-calc-embed" data-calculator-embed="ipsswm">\s*<summary', final)
    assert 'data-calculator="ipsswm"' in final and "data-calculator-result" in final
    for part in ("data-criteria-table", "data-categories-table", "ipsswm-disagreements", "igm-references"):
        assert part not in final, part
    assert final.count('href="../../calculators/ipsswm/"') == 1
    assert "igm-site-root:" not in final


def test_related_calculators_link_from_the_page_they_are_on():
    final = insert_deferred(render("/// calculator | ipsswm\n///\n"), "calculators/ipsswm/")
    links = dict(re.findall(r'href="([^"]+)" data-related="([\w]+)"', final))
    assert links == {
        "../../calculators/ripsswm/": "ripsswm",
        "../../calculators/mss_wm/": "mss_wm",
        "../../calculators/plasmapheresis_check/": "plasmapheresis_check",
    }
    # Only the answers both calculators ask for are carried.
    assert 'data-related="ripsswm" data-carry="age_years:age_years beta2m:beta2m"' in final


def test_search_index_has_calculator_tables_once_and_no_form_text(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    texts = {doc["location"]: doc["text"] for doc in index["docs"]}
    own = " ".join(t for loc, t in texts.items() if loc.startswith("calculators/ipsswm/"))
    assert "advanced age" in own
    assert not any(re.search(r"Accepted: 18–110 years", t) for t in texts.values())
    assert not any("advanced age (&gt;65 years)" in t for loc, t in texts.items() if not loc.startswith("calculators/"))
