"""Privacy and the Content-Security-Policy, in a real browser: every page, and one use of every calculator."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from tests.browser.reader import CSP_LISTENER, calculate, calculator_pages, entry_texts, page_paths, valid_entries

pytestmark = pytest.mark.browser


def test_crawl_and_one_use_of_every_calculator_stay_on_the_site_and_within_the_policy(recorded, built_site):
    session = recorded()
    session.context.add_init_script(CSP_LISTENER)
    page = session.page
    csp_console = []
    page.on("console", lambda m: "Content Security Policy" in m.text and csp_console.append(m.text))
    headers = {}
    page.on("response", lambda r: r.request.resource_type == "document" and headers.update({r.url: r.headers}))
    calcs = calculator_pages(built_site)
    assert calcs, "no page of the built site embeds a calculator"
    used = {path: calc_id for calc_id, path in calcs.items()}
    for path in page_paths(built_site):
        page.goto(session.base_url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__igmViolations") == [], path
        if path not in used:
            continue
        calc_id = used[path]
        entries = valid_entries(calc_id)
        calculate(page, calc_id, entries)
        assert page.evaluate("window.__igmViolations") == [], f"{calc_id} on {path}"
        # After the calculation, the entries are nowhere but in the form.
        url = urlsplit(page.url)
        assert (url.query, url.fragment) == ("", ""), page.url
        assert session.context.cookies() == []
        stored = page.evaluate("JSON.stringify([{...localStorage}, {...sessionStorage}])")
        leaked = [text for text in entry_texts(entries) if text in stored]
        assert leaked == [], f"{calc_id}: {leaked} found in web storage {stored}"
        assert set(json.loads(stored)[1]) == set()
        assert set(json.loads(stored)[0]) <= {"igm-guide.audience", "igm-guide.units"}, stored
    assert session.foreign_requests() == []
    assert any(url.endswith("pyodide.asm.wasm") for url in session.requests)
    assert session.errors == []
    assert csp_console == []
    for url, sent in headers.items():
        policy = sent.get("content-security-policy", "")
        assert "script-src 'self' 'wasm-unsafe-eval'" in policy and "frame-ancestors 'none'" in policy, url


def test_the_audience_choice_is_the_only_thing_stored(recorded):
    session = recorded()
    page = session.open("/")
    page.check("input[name=igm-audience][value=patient]")
    stored = page.evaluate("JSON.stringify([{...localStorage}, {...sessionStorage}])")
    assert json.loads(stored) == [{"igm-guide.audience": "patient"}, {}]
    assert session.context.cookies() == []


def test_the_policy_is_enforced_and_a_violation_would_be_seen(recorded):
    """The control for the crawl: an injected inline script and an inline style are blocked and reported."""
    session = recorded()
    session.context.add_init_script(CSP_LISTENER)
    page = session.open("/articles/free-heavy-igm/")
    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = true";
      document.body.append(script);
      document.body.setAttribute("style", "color: red");
    }""")
    page.wait_for_function("() => window.__igmViolations.length >= 2")
    assert page.evaluate("window.__injected") is None
    directives = {v.split()[0] for v in page.evaluate("window.__igmViolations")}
    assert directives == {"script-src-elem", "style-src-attr"}
