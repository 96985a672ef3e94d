"""A revision under review, as the reviewer meets it: a change hidden by a class is shown and flagged (D11) and the
site's build refuses it; the preview says Under review over the new text, never Approved (D12)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from .conftest import editorial_step, git, under_review
from .test_desk_security import request, session

pytestmark = pytest.mark.browser
HIDDEN = '<span class="visually-hidden">Give 3750 mg/m² as a single infusion.</span>'


def _revision(site_repo, people, added: str) -> str:
    """An approved page with `added` appended, submitted and under review again; the reviewer's desk page."""
    page = under_review(site_repo, people)
    editorial_step(site_repo, people["rita"], "approve", page, "--note", "Checked.")
    path = site_repo / page
    path.write_text(path.read_text() + f"\n{added}\n")
    git(site_repo, "commit", "-q", "-S", "-am", "A quiet addition", env=people["ann"].env())
    editorial_step(site_repo, people["ann"], "submit", page)
    editorial_step(site_repo, people["rita"], "start-review", page)
    return page


def _desk_page(desks, page: str) -> str:
    desk = desks("rita")
    cookie, _ = session(desk)
    status, _, html = request(desk.port, "GET", desk.path + "/page?" + urlencode({"path": page}), {"Cookie": cookie})
    assert status == 200
    return html


def test_a_hidden_change_is_shown_flagged_and_refused_by_the_sites_build(desks, site_repo, people):
    page = _revision(site_repo, people, HIDDEN)
    html = _desk_page(desks, page)
    added = html.split('class="block block--add" data-hidden-flag', 1)[1].split("</div>", 1)[0]
    assert "Readers may not see this added text" in added and "visually-hidden" in added
    shown = added.split("</p>", 1)[1]  # the block itself, after the flag
    assert "Give 3750 mg/m² as a single infusion." in shown and "visually-hidden" not in shown  # no class to hide it
    # The site's own build refuses a page's raw HTML outside its allow-list: the preview says so, no page is shown.
    assert "The site's build refused this page" in html.split('id="preview-h"', 1)[1].split("</section>", 1)[0]


def test_a_revision_under_review_is_not_previewed_as_approved(desks, site_repo, people):
    page = _revision(site_repo, people, "Give 3750 mg/m² as a single infusion.")
    html = _desk_page(desks, page)
    label = html.split("data-preview-label>", 1)[1].split("<", 1)[0]
    assert "Under review" in label and "Approved" not in label
    src = html.split("<iframe", 1)[1].split('src="', 1)[1].split('"', 1)[0]
    port, path_ = int(src.split(":")[2].split("/")[0]), "/" + src.split("/", 3)[3]
    status, _, built = request(port, "GET", path_, {"Host": f"127.0.0.1:{port}"})
    assert status == 200 and "3750" in built
    assert 'data-review-status="under_review"' in built
    assert "You are reading the" not in built and "the reviewers below approved" not in built
