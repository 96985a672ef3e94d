"""The real site builds strictly with no network, and each reviewed page carries its status."""

from __future__ import annotations

import datetime as dt
import re
import socket
import subprocess
import sys
from html.parser import HTMLParser

import yaml

from tests.support.build import ROOT, offline_env


def test_build_process_really_has_no_network():
    probe = "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9))\nexcept OSError as e:\n    print(e)"
    out = subprocess.run([sys.executable, "-c", probe], env=offline_env(), capture_output=True, text=True).stdout
    assert "network access is disabled" in out
    assert socket.create_connection is not None


def test_strict_build_has_every_page(built_site):
    for page in ("index.html", "articles/free-heavy-igm/index.html", "calculators/ipsswm/index.html"):
        assert (built_site / page).is_file(), page


def test_pyodide_core_is_shipped_under_a_versioned_path(built_site):
    core = built_site / "assets" / "pyodide" / "314.0.7"
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        assert (core / name).stat().st_size > 0, name
    bundles = list((built_site / "assets" / "igm").glob("calculators.*.zip"))
    assert len(bundles) == 1
    runtime = next((built_site / "assets" / "igm").glob("runtime.*.js")).read_text()
    assert "../pyodide/314.0.7/" in runtime and bundles[0].name in runtime


class ResourceURLs(HTMLParser):
    """URLs the browser would fetch by itself: scripts, styles, images, frames, preloads, icons."""

    FETCHED_LINKS = frozenset({"stylesheet", "preload", "modulepreload", "icon", "manifest", "prefetch", "preconnect"})

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in {"script", "img", "iframe", "source", "audio", "video", "embed"} and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and set((a.get("rel") or "").split()) & self.FETCHED_LINKS:
            self.urls.append(a.get("href") or "")


def test_no_page_loads_anything_from_another_host(built_site):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) >= 3
    for html in pages:
        parser = ResourceURLs()
        parser.feed(html.read_text())
        assert parser.urls, html
        foreign = [u for u in parser.urls if re.match(r"^([a-z]+:)?//", u)]
        assert not foreign, f"{html}: loads {foreign}"


def test_article_shows_under_review_not_approved(built_site):
    html = (built_site / "articles/free-heavy-igm/index.html").read_text()
    assert 'data-review-status="under_review"' in html
    current = re.findall(r'<li data-state="current" aria-current="step">([^<]+)</li>', html)
    assert current == ["Under Review"]
    assert re.findall(r'<li data-state="todo">([^<]+)</li>', html) == ["Approved"]
    assert "pending human review" in html
    assert "Professional medical disclaimer" in html
    assert 'name="robots" content="noindex"' in html
    front = yaml.safe_load((ROOT / "docs/articles/free-heavy-igm.md").read_text().split("---")[1])
    page = "docs/articles/free-heavy-igm.md"
    log = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%as", "--", page], capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", page], capture_output=True, text=True
    )
    changed = dt.datetime.now(dt.UTC).date().isoformat() if dirty.stdout.strip() else log.stdout.strip()
    assert f'Last updated: <time datetime="{changed}">' in html
    assert f"<h1>{front['title']}</h1>" in html


def test_article_citations_link_to_references(built_site):
    html = (built_site / "articles/free-heavy-igm/index.html").read_text()
    targets = set(re.findall(r'<a href="#(ref-[\w.-]+)" class="igm-cite"', html))
    anchors = set(re.findall(r'<li id="(ref-[\w.-]+)"', html))
    assert targets and targets == anchors
    assert "https://pubmed.ncbi.nlm.nih.gov/19196866/" in (built_site / "calculators/ipsswm/index.html").read_text()


def test_article_without_calculator_loads_no_calculator_script(built_site):
    html = (built_site / "articles/igm-workup/index.html").read_text()
    assert "calc-page." not in html
    # An article that embeds calculators starts Python only when the reader first uses a form.
    embedding = (built_site / "articles/free-heavy-igm/index.html").read_text()
    assert '<meta name="igm-calculator-start" content="focus">' in embedding
    page = (built_site / "calculators/ipsswm/index.html").read_text()
    # The page's script is the tiny first module that starts the worker; the page script proper is preloaded.
    assert re.search(r'<script type="module" async src="[./]*assets/igm/calc-start\.[0-9a-f]{12}\.js"', page)
    assert re.search(r'<link rel="modulepreload" href="[./]*assets/igm/calc-page\.[0-9a-f]{12}\.js"', page)


def test_browser_modules_import_each_other_by_hashed_name(built_site):
    igm = built_site / "assets" / "igm"
    page, lifecycle, worker, runtime = (
        next(igm.glob(f"{name}.*.js")) for name in ("calc-page", "calc-runtime", "calc-worker", "runtime")
    )
    assert f'"./{lifecycle.name}"' in page.read_text()
    assert f'"./{worker.name}"' in lifecycle.read_text()
    assert f'"./{runtime.name}"' in worker.read_text()
    start = next(igm.glob("calc-start.*.js")).read_text()
    assert f'"./{lifecycle.name}"' in start and f'"./{page.name}"' in start
    assert not (igm / "calc-page.js").exists() and not (igm / "calc-worker.js").exists()


def test_calculator_form_follows_the_dom_contract(built_site):
    html = (built_site / "calculators/ipsswm/index.html").read_text()
    form = re.search(r"<form [^>]*data-calculator=\"ipsswm\"[^>]*>", html).group(0)
    assert 'data-state="loading"' in form
    for name in ("age_years", "hemoglobin", "platelets", "beta2m", "m_protein"):
        assert f'name="{name}"' in html
    assert re.search(r'<select[^>]*name="hemoglobin__unit"', html)
    options = re.search(r'name="hemoglobin__unit"[^>]*>(.*?)</select>', html).group(1)
    assert re.findall(r">([^<]+)</option>", options) == ["g/dL", "g/L", "mmol/L"]
    assert "data-calculator-result" in html
    assert "data-criteria-table" in html and "advanced age (&gt;65 years)" in html


def test_no_page_shows_raw_markdown_links_or_empty_reference_lists(built_site):
    for html in built_site.rglob("*.html"):
        text = html.read_text()
        body = re.sub(r"<script.*?</script>|<style.*?</style>", "", text, flags=re.S)
        visible = re.sub(r"<[^>]+>", "", body)
        assert not re.search(r"\]\((#|\.\./|https?:)", visible), f"{html}: unrendered Markdown link"
        assert '<ol class="igm-references"></ol>' not in text, f"{html}: empty reference list"
