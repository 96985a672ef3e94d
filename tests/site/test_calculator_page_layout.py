"""A calculator's own page, as built: title, one line of review status, the workspace (form and result panel),
then the page's prose, what the calculator rests on, and the full review box. An embedded copy keeps its order."""

from __future__ import annotations

import pytest

import calculators
from igm_site.calculator_block import workspace_first

MARKERS = (
    "<h1",
    'class="igm-review-line"',
    'data-calculator-workspace="{id}"',
    'data-calculator-panel="{id}"',
    'class="admonition info igm-calc__population"',
    'id="review-status"',
    'class="igm-disclaimer"',
)


@pytest.mark.parametrize("calc_id", calculators.calculator_ids())
def test_own_page_opens_with_the_form(built_site, calc_id):
    html = (built_site / "calculators" / calc_id / "index.html").read_text(encoding="utf-8")
    body = html[html.index('<article class="md-content__inner') :]
    positions = [body.find(marker.format(id=calc_id)) for marker in MARKERS]
    assert -1 not in positions, dict(zip(MARKERS, positions, strict=True))
    assert positions == sorted(positions)
    # The page's own prose comes after the form, never between the title and the first input.
    first_paragraph = body.find("<p>", positions[1] + 1)
    assert first_paragraph > positions[2]


def test_workspace_first_moves_only_the_placeholder_of_its_calculator():
    html = '<p>Intro.</p>\n<div data-igm-deferred="form:ipsswm"></div>\n<h3 id="ipsswm-criteria">Criteria</h3>'
    moved = workspace_first(html, "ipsswm")
    assert moved.startswith('<div data-igm-deferred="form:ipsswm"></div><p>Intro.</p>')
    assert moved.count("data-igm-deferred") == 1
    assert workspace_first(html, "mss_wm") == html
