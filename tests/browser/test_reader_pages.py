"""The reader's pages: audience choice, offline search, print, and the follow-up questions that lead on."""

from __future__ import annotations

import pytest

from tests.browser.reader import calculate, form, page_file, page_paths, result, wait_ready

pytestmark = pytest.mark.browser

ARTICLE = "/articles/free-heavy-igm/"
CHOOSER = "[data-audience-chooser]"


def visible_audiences(page) -> dict[str, list[bool]]:
    """For each audience: whether each of its blocks shows its text (a closed <details> shows only its summary)."""
    return page.eval_on_selector_all(
        ".igm-audience[data-audience]",
        """blocks => blocks.reduce((seen, b) => {
          const shown = b.checkVisibility() && (b.tagName !== "DETAILS" || b.open);
          (seen[b.dataset.audience] ||= []).push(shown);
          return seen;
        }, {clinician: [], patient: []})""",
    )


def audience_pages(built_site) -> list[str]:
    return [p for p in page_paths(built_site) if "data-audience-chooser" in page_file(built_site, p).read_text()]


def test_without_javascript_clinician_text_shows_and_patient_text_is_reachable(recorded, built_site):
    session = recorded(java_script_enabled=False)
    pages = audience_pages(built_site)
    assert "/" in pages and ARTICLE in pages
    for path in pages:
        page = session.open(path)
        assert page.is_hidden(CHOOSER)
        seen = visible_audiences(page)
        assert all(seen["clinician"]) and not any(seen["patient"]), path
        summary = page.locator("details.igm-audience[data-audience=patient] > summary").first
        summary.click()
        assert page.locator("details.igm-audience[data-audience=patient]").first.evaluate("d => d.open")


def test_the_choice_switches_the_text_and_is_remembered(recorded):
    session = recorded()
    page = session.open(ARTICLE)
    chooser = page.locator(CHOOSER)
    assert chooser.is_visible() and "Which best describes you?" in chooser.inner_text()
    assert page.is_checked("input[name=igm-audience][value=clinician]")
    assert all(visible_audiences(page)["clinician"]) and not any(visible_audiences(page)["patient"])

    page.check("input[name=igm-audience][value=patient]")
    seen = visible_audiences(page)
    assert all(seen["patient"]) and not any(seen["clinician"])

    page = session.open("/")  # remembered on this device, on every page
    assert page.is_checked("input[name=igm-audience][value=patient]")
    assert all(visible_audiences(page)["patient"]) and not any(visible_audiences(page)["clinician"])

    # "Other professional" is offered only where a page has text of its own for them (none has yet).
    assert page.locator("input[name=igm-audience][value=professional]").count() == 0
    page.check("input[name=igm-audience][value=clinician]")
    seen = visible_audiences(page)
    assert all(seen["clinician"]) and not any(seen["patient"])
    assert page.evaluate("JSON.stringify({...localStorage})") == '{"igm-guide.audience":"clinician"}'
    assert session.errors == []


def search(page, query: str) -> list[str]:
    page.keyboard.press("/")  # Material's shortcut to the search box
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item")
    return page.eval_on_selector_all(".md-search-result__item > a", "links => links.map((a) => a.pathname)")


def test_search_works_offline_over_articles_and_calculators(recorded):
    session = recorded()
    page = session.open("/")
    assert ARTICLE in search(page, "plasmapheresis")
    page = session.open("/")
    assert "/calculators/ipsswm/" in search(page, "IPSSWM")
    assert session.foreign_requests() == []
    assert any(url.endswith("search_index.json") for url in session.requests)


def print_visible(page, selector: str) -> bool:
    return page.locator(selector).first.evaluate("el => el.checkVisibility()")


def test_article_prints_with_status_disclaimer_references_and_urls(recorded):
    page = recorded().open(ARTICLE)
    page.emulate_media(media="print")
    for selector in (".igm-review", ".igm-disclaimer", "ol.igm-references li", "h1"):
        assert print_visible(page, selector), selector
    for selector in (".md-header", ".md-sidebar--primary", CHOOSER, ".md-footer"):
        assert not print_visible(page, selector), selector
    after = page.eval_on_selector(
        "ol.igm-references a[href^='https://pubmed']", "a => [a.href, getComputedStyle(a, '::after').content]"
    )
    assert after[0] in after[1]
    # On paper the text for the other audiences is there too.
    patient = page.locator("details.igm-audience[data-audience=patient] > :not(summary)").first
    assert patient.evaluate("el => el.checkVisibility()")


def test_calculator_prints_its_entries_and_result(recorded):
    page = recorded().open("/calculators/ipsswm/")
    wait_ready(page, "ipsswm")
    calculate(
        page, "ipsswm", {"age_years": "70", "hemoglobin": "10", "platelets": "150", "beta2m": "3", "m_protein": "2"}
    )
    page.emulate_media(media="print")
    assert print_visible(page, result("ipsswm"))
    assert "Intermediate risk" in page.inner_text(result("ipsswm"))
    # The entries print as the result's "Inputs used" (one A4 page, result first: test_reader_length.py), not as
    # the form they were typed into.
    assert "Age: 70 years" in page.inner_text(f"{result('ipsswm')} .igm-result__inputs")
    assert print_visible(page, f"{result('ipsswm')} .igm-result__inputs")
    assert not print_visible(page, f"{form('ipsswm')} [name=age_years]")
    assert not print_visible(page, f"{form('ipsswm')} button[type=submit]")


def test_follow_up_questions_lead_into_the_site(recorded, site_url):
    session = recorded()
    page = session.open(ARTICLE)
    heading = page.locator("#have-a-follow-up-question")
    if not heading.count():
        pytest.skip("the article has no follow-up section yet")
    links = page.eval_on_selector(
        "#have-a-follow-up-question",
        """h => { const out = []; for (let n = h.nextElementSibling; n && n.tagName !== "H2"; n = n.nextElementSibling)
                   out.push(...[...n.querySelectorAll("a[href]")].map((a) => a.href)); return out; }""",
    )
    inside = [link for link in links if link.startswith(site_url) and "/calculators/" in link]
    assert len(inside) >= 3, links
    for link in sorted({link.split("#")[0] for link in inside}):
        response = page.goto(link)
        assert response.status == 200, link
