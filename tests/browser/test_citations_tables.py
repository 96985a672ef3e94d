"""Citations a reader can use and wide tables on a phone (issue 21): a citation previews its reference on hover
(its title, Material's tooltip) and on a long press, the reference it leads to is highlighted and leads back; a
four-column table stacks into cards on a phone, so its safety column is never off-screen."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

ARTICLE = "/articles/free-heavy-igm/"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_a_citation_previews_its_reference_on_hover_and_long_press(recorded):
    page = recorded(**PHONE).open(ARTICLE)
    cite = page.locator("a.igm-cite").first
    target = cite.get_attribute("href")
    citation = page.eval_on_selector(target, "li => li.firstChild.textContent")
    title = cite.get_attribute("title")
    assert len(title) > 20 and citation.strip().startswith(title)  # the entry is the citation, then its links
    # A long press on a touch screen is a contextmenu event after a touch pointerdown.
    cite.scroll_into_view_if_needed()
    cite.dispatch_event("pointerdown", {"pointerType": "touch", "bubbles": True})
    cite.dispatch_event("contextmenu", {"bubbles": True, "cancelable": True})
    preview = page.locator(".igm-cite-preview")
    preview.wait_for(state="visible")
    assert citation.strip()[:40] in preview.inner_text()
    box = preview.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_the_reference_is_highlighted_and_leads_back_to_the_citation(recorded):
    page = recorded(viewport={"width": 1280, "height": 900}).open(ARTICLE)
    cite = page.locator("a.igm-cite[id]").nth(3)
    key = cite.get_attribute("id").removeprefix("cite-")
    cite.click()
    item = page.locator(f"#ref-{key}")
    item.wait_for(state="visible")  # the folded list opened
    assert page.evaluate("location.hash") == f"#ref-{key}"
    background = item.evaluate("li => getComputedStyle(li).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    item.locator("a.igm-backlink").click()
    assert page.evaluate("location.hash") == f"#cite-{key}"
    box = cite.bounding_box()
    assert 0 <= box["y"] <= 900


def test_a_four_column_table_is_stacked_on_a_phone_with_its_safety_column_on_screen(recorded):
    page = recorded(**PHONE).open("/articles/treating-wm/")
    table = page.locator("table.igm-stack").first
    headings = table.locator("thead th").all_inner_texts()
    assert len(headings) >= 4
    cells = table.locator("tbody tr").first.locator("td")
    last = cells.nth(len(headings) - 1)
    last.scroll_into_view_if_needed()
    box = last.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    # Each card says which column a cell is.
    label = last.evaluate("td => getComputedStyle(td, '::before').content")
    assert headings[-1].strip() in label
    page.set_viewport_size({"width": 1280, "height": 900})  # a wide screen keeps the table
    assert table.evaluate("t => getComputedStyle(t.querySelector('thead')).position") != "absolute"
