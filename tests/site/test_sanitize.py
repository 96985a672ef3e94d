"""The allow-list sanitiser itself (igm_site.sanitize): what it keeps, what it takes out, and the build-made HTML it
lets through unchanged."""

from __future__ import annotations

from igm_site.sanitize import removals, sanitize


def test_build_made_fragments_pass_as_is_and_a_guessed_token_does_not():
    made = '<table class="igm-table igm-new" data-criteria-table=""><tr><td>1</td></tr></table>'
    page = f'<p>Text.</p>{made}<div class="md-consent__inner" data-igm-trusted="0000000000000000-0">x</div>'
    clean = sanitize(page, trusted={made})
    assert made in clean
    assert "md-consent__inner" not in clean and "data-igm-trusted" not in clean
    assert "igm-new" not in sanitize(page)  # the same table written by the page loses what the list does not name


def test_removals_name_what_sanitize_takes_out_and_nothing_else():
    page = '<p onclick="x()" class="note">a</p><canvas></canvas><a href="jav&#x09;ascript:x()">b</a><h2 id="disclaimer">c</h2>'
    assert [str(r) for r in removals(page)] == [
        "event-handler attribute 'onclick' in <p>",
        "class 'note' in <p>",
        "raw <canvas> element",
        "a javascript: link target in <a>",
        "id 'disclaimer' in <h2>",
    ]
    assert sanitize(page) == '<p class="">a</p><a>b</a><h2>c</h2>'
    ordinary = '<div class="admonition note"><p class="admonition-title">Pearl</p><p>IgM &lt; 10 g/L</p></div>'
    assert removals(ordinary) == [] and sanitize(ordinary) == ordinary
