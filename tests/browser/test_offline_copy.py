"""An offline copy that says so (issue 23; reliability review 2026-12, F6a and F6b), in Chromium with the site's
service worker: a network that accepts connections and never answers gets the cached page within seconds, with the
notice; a build replaced while a reader is offline, with a page retracted in the new build, shows the old copy as
an old copy (with its date, and past 30 days "may be out of date"), its copied result carries that date, and back
online the retracted page is gone."""

from __future__ import annotations

import datetime
import shutil
import threading
import time
from functools import partial

import pytest

from igm_site.offline import SERVICE_WORKER, build_date, service_worker
from igm_site.serve import SiteHandler, make_server
from tests.browser.reader import calculate, wait_ready
from tests.browser.test_offline import RUNTIME_FILE

pytestmark = pytest.mark.browser

CALCULATOR = "/calculators/ipsswm/"
RETRACTED = "/articles/igm-workup/"
GOOD = {"age_years": "70", "hemoglobin": "10", "platelets": "150", "beta2m": "3", "m_protein": "2"}
NOTICE = "[data-igm-offline-copy]"


class StallingHandler(SiteHandler):
    """The site's handler, or, while the server stalls, a connection accepted and never answered (lie-fi)."""

    def handle_one_request(self):
        if self.server.stalled.is_set():
            self.server.released.wait(120)
            self.close_connection = True
            return
        super().handle_one_request()


@pytest.fixture
def server(built_site, tmp_path):
    """The built site served from `live`, a link a test may point at another build; `stalled` makes it lie-fi."""
    live = tmp_path / "live"
    live.symlink_to(built_site)
    httpd = make_server(live, port=0)
    httpd.RequestHandlerClass = partial(StallingHandler, directory=str(live))
    httpd.stalled, httpd.released = threading.Event(), threading.Event()
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    httpd.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.live = live
    yield httpd
    httpd.released.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def reader(browser, server):
    context = browser.new_context(service_workers="allow")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.base_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield context, page
    context.close()


def installed(page, which: str = "pages") -> None:
    page.wait_for_selector(f'[data-igm-offline="{which}"]', timeout=60000)


def test_online_a_page_says_nothing_of_an_offline_copy(server, reader):
    _, page = reader
    page.goto(server.base_url + "/")
    installed(page)
    page.goto(server.base_url + "/articles/free-heavy-igm/")
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    assert page.locator(NOTICE).count() == 0
    assert page.locator('meta[name="igm-offline-copy"]').count() == 0


def test_on_lie_fi_the_cached_page_appears_in_seconds_with_the_notice(server, reader):
    _, page = reader
    page.goto(server.base_url + "/")
    installed(page)
    server.stalled.set()
    started = time.monotonic()
    page.goto(server.base_url + "/articles/free-heavy-igm/", timeout=30000, wait_until="domcontentloaded")
    waited = time.monotonic() - started
    notice = page.locator(NOTICE)
    notice.wait_for(timeout=5000)
    text = notice.inner_text()
    assert f"Offline copy from {build_date().isoformat()}; review status as of then." in text
    assert "may be out of date" not in text and notice.get_attribute("data-igm-offline-copy") == "current"
    assert "Under Review" in page.inner_text(".igm-review")
    # Not the minute a browser waits for a silent server: the worker's 3 s race, plus this machine's slack.
    assert waited < 20, waited
    assert page.errors == []


@pytest.fixture
def next_build(built_site, tmp_path):
    """Build A, dated 40 days ago, and build B (today): the same site with one article retracted."""
    runtime = RUNTIME_FILE.findall((built_site / SERVICE_WORKER).read_text())
    assert len(runtime) == 5
    first, second = tmp_path / "a", tmp_path / "b"
    shutil.copytree(built_site, first)
    shutil.copytree(built_site, second)
    old = build_date() - datetime.timedelta(days=40)
    (first / SERVICE_WORKER).write_text(service_worker(first, runtime, built=old))
    shutil.rmtree(second / RETRACTED.strip("/"))
    (second / SERVICE_WORKER).write_text(service_worker(second, runtime))
    return first, second, old


def test_a_build_replaced_while_offline_shows_the_old_copy_as_old(server, reader, next_build):
    first, second, old = next_build
    context, page = reader
    server.live.unlink()
    server.live.symlink_to(first)
    page.goto(server.base_url + CALCULATOR)
    wait_ready(page, "ipsswm")
    installed(page, "all")
    page.goto(server.base_url + RETRACTED)
    assert page.locator(NOTICE).count() == 0

    context.set_offline(True)
    server.live.unlink()
    server.live.symlink_to(second)  # build B is deployed while this reader is offline

    page.goto(server.base_url + RETRACTED)
    notice = page.locator(NOTICE)
    notice.wait_for(timeout=10000)
    text = notice.inner_text()
    assert f"Offline copy from {old.isoformat()}; review status as of then." in text
    assert "40 days old and may be out of date" in text and notice.get_attribute("data-igm-offline-copy") == "old"
    assert "Under Review" in page.inner_text(".igm-review")  # the status as it stood in build A, said to be so

    page.goto(server.base_url + CALCULATOR)
    page.locator(NOTICE).wait_for(timeout=10000)
    wait_ready(page, "ipsswm")
    calculate(page, "ipsswm", GOOD)
    page.click("[data-copy-result]")
    page.wait_for_selector(".igm-result__copied:has-text('Copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert f"offline copy from {old.isoformat()}; review status as of then" in copied
    page.click("[data-copy-summary]")
    assert old.isoformat() in page.evaluate("navigator.clipboard.readText()")

    context.set_offline(False)
    response = page.goto(server.base_url + RETRACTED)
    assert response.status == 404  # back online: the new build, in which the page is retracted
    page.goto(server.base_url + "/")
    assert page.locator(NOTICE).count() == 0
    assert page.errors == []
