"""Offline use through the site's service worker (issue 12): what a first visit caches, offline reloads of an
article and of a calculator that then computes, a new build replacing the old caches, and the manifest."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from igm_site.offline import SERVICE_WORKER, address, precache_paths, service_worker
from igm_site.serve import serve_in_thread
from tests.browser.reader import calculate, result, wait_ready

pytestmark = pytest.mark.browser
# The runtime's files as the built sw.js lists them (the build's own, whatever the sources are now).
RUNTIME_FILE = re.compile(r'^  \["(assets/(?:pyodide/[^"]+|igm/[^"]+\.zip))", "sha256-', re.MULTILINE)

ARTICLE = "/articles/free-heavy-igm/"
CALCULATOR = "/calculators/ipsswm/"
GOOD = {"age_years": "70", "hemoglobin": "10", "platelets": "150", "beta2m": "3", "m_protein": "2"}
CACHES = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    out[name] = (await (await caches.open(name)).keys()).map((request) => request.url);
  }
  return out;
}"""


class Visitor:
    """A browser profile with the service worker allowed, recording every request (the worker's too)."""

    def __init__(self, browser, base_url: str):
        self.base_url = base_url
        self.context = browser.new_context(service_workers="allow")
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, path: str):
        self.page.goto(self.base_url + path)
        return self.page

    def offline_note(self, which: str) -> str:
        """Waits for the footer to say the site is ready for offline use ("pages" or "all")."""
        note = f'[data-igm-offline="{which}"]'
        self.page.wait_for_selector(note, timeout=30000)
        return self.page.inner_text(note)

    def caches(self) -> dict[str, list[str]]:
        return self.page.evaluate(CACHES)


@pytest.fixture
def visitor(browser, site_url):
    made: list[Visitor] = []

    def make(base_url: str = site_url) -> Visitor:
        made.append(Visitor(browser, base_url))
        return made[-1]

    yield make
    for one in made:
        one.context.close()


def runtime_requests(urls: list[str]) -> list[str]:
    return [url for url in urls if "/assets/pyodide/" in url or url.endswith(".zip")]


def test_a_first_visit_precaches_the_pages_but_not_the_runtime(visitor, built_site):
    reader = visitor()
    page = reader.open(ARTICLE)
    assert "every page" in reader.offline_note("pages")
    cached = reader.caches()
    pages = next(urls for name, urls in cached.items() if name.startswith("igm-pages-"))
    assert len(pages) == len(precache_paths(built_site))
    assert reader.base_url + ARTICLE in pages and reader.base_url + CALCULATOR in pages
    assert any(url.endswith("search/search_index.json") for url in pages)
    assert runtime_requests(reader.requests) == []  # an article fetches 0 bytes of Pyodide, precache included
    assert all(urls == [] for name, urls in cached.items() if name.startswith("igm-runtime-"))
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    assert reader.errors == []


def test_offline_a_visited_article_reloads_and_a_calculator_computes(visitor):
    reader = visitor()
    reader.open(ARTICLE)
    reader.offline_note("pages")
    page = reader.open(CALCULATOR)
    wait_ready(page, "ipsswm")
    assert "every calculator" in reader.offline_note("all")

    reader.context.set_offline(True)
    page.reload()
    assert page.locator("h1").first.is_visible()
    page = reader.open(ARTICLE)
    assert "Under Review" in page.inner_text(".igm-review")
    page = reader.open("/calculators/mss_wm/")  # never opened online: the same runtime serves every calculator
    wait_ready(page, "mss_wm")
    page = reader.open(CALCULATOR)
    wait_ready(page, "ipsswm")
    calculate(page, "ipsswm", GOOD)
    assert page.get_attribute(result("ipsswm"), "data-category") == "intermediate"
    assert reader.errors == []


def test_the_cache_holds_only_this_builds_files_never_a_readers_input(visitor, built_site):
    reader = visitor()
    reader.open(CALCULATOR)
    wait_ready(reader.page, "ipsswm")
    reader.offline_note("all")
    calculate(reader.page, "ipsswm", {**GOOD, "m_protein": "6.789"})
    reader.open("/?q=waldenstrom+6.789")  # a search query in the address
    known = {f"{reader.base_url}/{address(rel).removeprefix('./')}" for rel in precache_paths(built_site)}
    for name, urls in reader.caches().items():
        for url in urls:
            assert "?" not in url and "6.789" not in url, (name, url)
            if name.startswith("igm-pages-"):
                assert url in known, url


@pytest.fixture
def two_builds(built_site, tmp_path):
    """The built site, and a next build of it (one page changed, its service worker made again), served from
    one address whose content a test switches from the first to the second."""
    first, second, live = tmp_path / "first", tmp_path / "second", tmp_path / "live"
    shutil.copytree(built_site, first)
    shutil.copytree(built_site, second)
    home = second / "index.html"
    home.write_text(home.read_text().replace("</h1>", " (next build)</h1>", 1))
    runtime = [path for path in RUNTIME_FILE.findall((built_site / SERVICE_WORKER).read_text())]
    assert len(runtime) == 5
    (second / SERVICE_WORKER).write_text(service_worker(second, runtime))
    live.symlink_to(first)
    server = serve_in_thread(live)

    def switch() -> None:
        live.unlink()
        live.symlink_to(second)

    yield f"http://127.0.0.1:{server.server_address[1]}", switch
    server.shutdown()
    server.server_close()


def test_a_new_build_replaces_the_precache_deletes_old_caches_and_keeps_the_runtime(visitor, two_builds):
    base_url, switch = two_builds
    reader = visitor(base_url)
    reader.open(CALCULATOR)
    wait_ready(reader.page, "ipsswm")
    reader.offline_note("all")
    before = reader.caches()
    assert len(before) == 2

    switch()
    downloads = len(runtime_requests(reader.requests))
    page = reader.open("/")
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    deadline = time.monotonic() + 30  # (wait_for_function would need 'unsafe-eval', which the policy forbids)
    while set(reader.caches()) & set(before):
        assert time.monotonic() < deadline, reader.caches()
        time.sleep(0.2)
    after = reader.caches()
    assert len(after) == 2 and not set(after) & set(before)
    runtime = next(urls for name, urls in after.items() if name.startswith("igm-runtime-"))
    assert len(runtime) == 5  # this build uses the same runtime files: kept, not fetched again
    assert len(runtime_requests(reader.requests)) == downloads

    reader.context.set_offline(True)
    page = reader.open("/")
    assert "(next build)" in page.inner_text("h1")
    page = reader.open(CALCULATOR)
    wait_ready(page, "ipsswm")
    calculate(page, "ipsswm", GOOD)


def test_the_manifest_and_its_icons_are_the_sites_own(visitor):
    reader = visitor()
    page = reader.open("/")
    href = page.get_attribute("link[rel=manifest]", "href")
    manifest = page.evaluate("(url) => fetch(url).then((r) => r.json())", href)
    assert manifest["name"] == "IgM Guide" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        size = int(icon["sizes"].split("x")[0])
        url = page.evaluate("([base, src]) => new URL(src, new URL(base, location.href)).href", [href, icon["src"]])
        assert url.startswith(reader.base_url)
        dims = page.evaluate(
            "(url) => fetch(url).then((r) => r.blob()).then(createImageBitmap).then((b) => [b.width, b.height])", url
        )
        assert dims == [size, size]


def test_the_policy_allows_the_worker_and_forbids_others(built_site):
    policy = (built_site / "_headers").read_text()
    assert "worker-src 'self'" in policy and "manifest-src 'self'" in policy
    assert Path(built_site / SERVICE_WORKER).is_file()
