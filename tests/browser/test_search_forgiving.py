"""Search forgives the way clinicians type: without accents, with a common misspelling, with Greek letters
spelled out; over articles and calculators, offline (Material's lunr on the site's own index)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def search(page, query: str) -> tuple[int, set[str]]:
    """How many pages Material reports for a query, and the pages it lists first, as a reader sees them."""
    page.wait_for_load_state("networkidle")  # the search worker has its index
    page.keyboard.press("/")
    page.keyboard.type(query)
    meta = ".md-search-result__meta"
    page.wait_for_function(
        f"() => /\\d+ matching|No matching/i.test(document.querySelector('{meta}')?.textContent || '')"
    )
    page.wait_for_timeout(200)  # the list follows its count
    text = page.inner_text(meta)
    count = 0 if text.lower().startswith("no matching") else int(text.split()[0])
    paths = page.eval_on_selector_all(".md-search-result__item > a", "links => links.map((a) => a.pathname)")
    return count, set(paths)


@pytest.mark.parametrize(
    ("typed", "written"),
    [("waldenstrom", "Waldenström"), ("hyperviscocity", "hyperviscosity"), ("beta2", "β2")],
)
def test_a_query_as_typed_finds_what_the_spelling_on_the_page_finds(recorded, typed, written):
    session = recorded()
    page = session.open("/")
    wanted_count, wanted = search(page, written)
    page = session.open("/")
    found_count, found = search(page, typed)
    assert wanted_count >= 2, (written, wanted)
    # Everything the page's own spelling finds, and perhaps a page that itself lacks the accent.
    assert found_count >= wanted_count, (found_count, wanted_count)
    assert len(found & wanted) >= min(len(wanted), 5), (found, wanted)
    assert any(path.startswith("/calculators/") for path in found)
    assert session.foreign_requests() == []


def test_results_show_the_pages_as_written(recorded):
    page = recorded().open("/")
    search(page, "waldenstrom")
    listed = page.inner_text(".md-search-result__list")
    assert "Waldenström" in listed


def test_ipss_finds_the_revised_score_and_the_mayo_staging_too(recorded):
    page = recorded().open("/")
    _, found = search(page, "IPSS")
    assert {"/calculators/ipsswm/", "/calculators/ripsswm/", "/calculators/mss_wm/"} <= found, found


def test_the_editors_notes_are_not_a_readers_search_result(recorded, built_site):
    page = recorded().open("/")
    _, found = search(page, "what is free heavy IgM")
    assert "/articles/free-heavy-igm/" in found
    assert not any("review-notes" in path for path in found), found
    # Still a page of the site, linked from its article.
    assert (built_site / "articles" / "free-heavy-igm-review-notes" / "index.html").is_file()
