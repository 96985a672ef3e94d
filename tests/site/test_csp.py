"""The Content-Security-Policy: computed from the built pages, in each page's <meta>, in `_headers`, and sent."""

from __future__ import annotations

import re
import urllib.request

import pytest

from igm_site.csp import (
    HeaderRules,
    UnknownInlineScript,
    add_policy_meta,
    headers_file,
    inline_script_hashes,
    policy,
)

# Two of Material's own inline scripts (partials/javascripts/base.html with base_url "..", and content.html).
SCOPE = (
    '__md_scope=new URL("..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
)
TABS = (
    "var target=document.getElementById(location.hash.slice(1));"
    'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'
)
PAGE = f"""<!doctype html><html><head><meta charset="utf-8"><title>t</title>
<script>{SCOPE}</script><script id="__config" type="application/json">{{"x": 1}}</script>
<script type="application/ld+json">{{"@type": "MedicalWebPage"}}</script><script src="b.js"></script>
<script type="module" src="c.js"></script></head><body><script>{TABS}</script></body></html>"""
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def test_hashes_cover_the_themes_inline_scripts_only():
    # `printf '%s' BODY | openssl dgst -sha256 -binary | base64` of SCOPE and TABS.
    assert inline_script_hashes(PAGE) == [
        "'sha256-/K9p2JtEqCycL2fSbEonMakkteWpAHv57x2wndLqMNo='",
        "'sha256-/8wPdzX9q0NNJXyA5lzsLojXFpkeaXVxhbfkUOQaWy8='",
    ]


@pytest.mark.parametrize(
    "script",
    [
        "alert('BODY-SCRIPT')",
        'import "./c.js"',
        SCOPE + ";alert(1)",  # a theme script with code added
        SCOPE.replace('"..",location', '"",alert(1),location'),  # code in the URL placeholder
        "alert('TITLE-HEAD')" + TABS,
    ],
)
def test_an_inline_script_the_build_did_not_emit_is_refused_not_hashed(script):
    page = PAGE.replace("</body>", f"<p>x</p><script>{script}</script></body>")
    with pytest.raises(UnknownInlineScript, match="inline <script> the build does not emit"):
        inline_script_hashes(page)
    with pytest.raises(UnknownInlineScript):
        add_policy_meta(page)


def test_script_text_in_an_attribute_does_not_pair_tags_wrongly():
    """Reliability review #12: a regex paired `<script&gt;` in an href with a later `</script>`."""
    page = PAGE.replace("<body>", '<body><a href="https://doi.org/x<script&gt;alert(1)</script&gt;">d</a>')
    assert len(inline_script_hashes(page)) == 2


def test_script_text_inside_a_textarea_is_text_as_a_browser_reads_it():
    """Issue 20: built pages are read by an HTML5 parser. A browser runs no `<script>` inside a `<textarea>` (its
    content is text); Python's html.parser called it a script, so the two disagreed about what the page runs."""
    page = PAGE.replace("<body>", "<body><textarea><script>alert(1)</script></textarea>")
    assert len(inline_script_hashes(page)) == 2


def test_policy_has_no_unsafe_inline_or_eval():
    text = policy(["'sha256-x'"], header=True)
    assert "'unsafe-inline'" not in text and "'unsafe-eval'" not in text
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-x';" in text
    assert "worker-src 'self'" in text and "frame-ancestors 'none'" in text
    assert "frame-ancestors" not in policy(["'sha256-x'"])


def test_meta_policy_comes_right_after_the_charset():
    page, hashes = add_policy_meta(PAGE)
    head = page.split("<head>", 1)[1]
    assert head.startswith('<meta charset="utf-8"><meta http-equiv="Content-Security-Policy"')
    assert all(h in META.search(page)[1] for h in hashes)


def test_headers_rules_match_like_static_hosts(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "bundle.0123abcd.min.js").write_text("")
    rules = HeaderRules.parse(headers_file(["'sha256-x'"], tmp_path))
    page = rules.for_path("/articles/a/")
    assert page["Content-Security-Policy"].startswith("default-src 'self'")
    assert "Cache-Control" not in page
    assert rules.for_path("/assets/pyodide/314.0.7/pyodide.asm.wasm")["Cache-Control"].endswith("immutable")
    assert rules.for_path("/assets/bundle.0123abcd.min.js")["Cache-Control"].endswith("immutable")


def test_every_built_page_allows_exactly_its_inline_scripts(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 4
    for path in pages:
        html = path.read_text(encoding="utf-8")
        head = html[html.index("<head>") :]
        assert head.index('http-equiv="Content-Security-Policy"') < head.index("<script")
        meta = META.search(html)[1].replace("&#x27;", "'")
        assert "'unsafe-inline'" not in meta and "'unsafe-eval'" not in meta
        listed = set(re.findall(r"'sha256-[^']+'", meta))
        assert listed == set(inline_script_hashes(html)), path
        assert ' style="' not in html, f"{path}: an inline style attribute needs 'unsafe-inline' or a hash"


def test_headers_file_allows_the_scripts_of_every_page(built_site):
    rules = HeaderRules.read(built_site)
    header = rules.for_path("/")["Content-Security-Policy"]
    for path in built_site.rglob("*.html"):
        for source in inline_script_hashes(path.read_text(encoding="utf-8")):
            assert source in header, path


def test_local_server_sends_the_policy(site_url, built_site):
    expected = HeaderRules.read(built_site).for_path("/")["Content-Security-Policy"]
    worker = next((built_site / "assets" / "igm").glob("calc-worker.*.js")).name
    for path in ("/", f"/assets/igm/{worker}"):
        with urllib.request.urlopen(site_url + path) as response:
            assert response.headers["Content-Security-Policy"] == expected
    with urllib.request.urlopen(site_url + "/assets/igm/igm.css") as response:
        assert response.headers["Cache-Control"] == "no-cache"
    with urllib.request.urlopen(site_url + f"/assets/igm/{worker}") as response:
        assert "immutable" in response.headers["Cache-Control"]


def test_every_page_asks_for_no_referrer_even_without_headers(built_site):
    for path in built_site.rglob("*.html"):
        assert '<meta name="referrer" content="no-referrer">' in path.read_text(encoding="utf-8"), path
