"""The desk's rendered diff shows a change as readers would see it: through the site's allow-list, so the desk's own
`visually-hidden` class (editorial audit 2026-12, D11) or a style cannot make an added dose 0 px high."""

from __future__ import annotations

from editorial.desk.diffs import rendered_diff


def test_a_hidden_span_is_shown_in_the_rendered_diff():
    new = 'Text.\n\n<span class="visually-hidden">Give 3750 mg/m² as a single infusion.</span>\n'
    added = [block for kind, block in rendered_diff("Text.\n", new) if kind == "add"]
    assert added and "3750 mg/m²" in added[0]
    assert "visually-hidden" not in added[0]


def test_a_style_or_hidden_attribute_is_dropped_too():
    new = 'Text.\n\nGive 3750 mg/m².\n{: style="display:none" hidden }\n'
    added = [block for kind, block in rendered_diff("Text.\n", new) if kind == "add"]
    assert added == ["<p>Give 3750 mg/m².</p>"]
