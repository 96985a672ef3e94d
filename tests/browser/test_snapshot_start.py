"""A returning reader's Python starts from the memory snapshot (issue 23): a first visit fetches the snapshot once its
own bytes are there, restores it if it comes in time and otherwise starts as before; the next start, on any
calculator's page, restores the stored one and computes what CPython computes; a snapshot that is not the build's,
does not restore, or never comes, costs a start its time, never the start, and never gives it another build's Python.

The worker keeps the snapshot in the origin's private file system; each test has its own browser profile on disk,
as a reader's browser has."""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import shutil
import struct
import threading

import pytest

import calculators
from igm_site.serve import SiteHandler, make_server, serve_in_thread
from tests.browser.reader import calculate, result, valid_entries, wait_ready
from tests.support.chromium import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

IPSSWM = {"age_years": "70", "hemoglobin": "10", "platelets": "150", "beta2m": "3", "m_protein": "2"}
MSS = "/calculators/mss_wm/"
FROM_SNAPSHOT = "performance.getEntriesByName('igm:worker-snapshot').length > 0"
FETCHED = "performance.getEntriesByName('igm:worker-fetched').length > 0"  # this start fetched the snapshot whole
STORED = """async (name) => {
  try {
    const file = await (await (await navigator.storage.getDirectory()).getFileHandle(name)).getFile();
    return Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", await file.arrayBuffer())));
  } catch { return null; }
}"""
STORE = """async ([name, base64]) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const handle = await (await navigator.storage.getDirectory()).getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  await writable.write(bytes);
  await writable.close();
}"""
CHANGE_ONE_BIT = """async (name) => {
  const handle = await (await navigator.storage.getDirectory()).getFileHandle(name);
  const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
  bytes[bytes.length - 100] ^= 1;  // in the heap's last page: the file still expands, and Pyodide would restore it
  const writable = await handle.createWritable();
  await writable.write(bytes);
  await writable.close();
}"""


@pytest.fixture
def profile(browser, tmp_path):
    """A reader's browser with its profile on disk (service workers blocked: they play no part in the snapshot)."""
    made = []

    def make(**options):
        context = browser.browser_type.launch_persistent_context(
            tmp_path / f"profile-{len(made)}",
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            service_workers="block",
            **options,
        )
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


class _Logged(SiteHandler):
    def send_head(self):
        self.server.paths.append(self.path)
        return super().send_head()


@pytest.fixture
def logged_site(built_site):
    """The built site from a server that records each path it is asked for (what the browser's cache did not give)."""
    server = make_server(built_site, port=0)
    server.RequestHandlerClass = functools.partial(_Logged, directory=str(built_site))
    server.paths = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server.paths
    server.shutdown()
    server.server_close()


def _snapshot_name(site) -> str:
    return next((site / "assets" / "igm").glob("snapshot.*.bin")).name


def _snapshot_path(site) -> str:
    return f"assets/igm/{_snapshot_name(site)}"


def _category(calc_id: str, entries: dict) -> str:
    return calculators.run(calc_id, entries)["category"]


def _visit(context, url: str, calc_id: str, entries: dict):
    page = context.new_page()
    warnings: list[str] = []
    page.on("console", lambda message: message.type == "warning" and warnings.append(message.text))
    page.goto(url)
    wait_ready(page, calc_id)
    calculate(page, calc_id, entries)
    return page, page.get_attribute(result(calc_id), "data-category"), warnings


def _wait_stored(page, site, name: str) -> None:
    """Until the stored snapshot is the build's file, byte for byte."""
    built = list(hashlib.sha256((site / "assets" / "igm" / name).read_bytes()).digest())
    for _ in range(150):
        if page.evaluate(STORED, name) == built:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{name} was never stored as built")


def test_a_first_visit_fetches_the_snapshot_after_its_bytes_and_the_next_starts_restore_it(
    profile, built_site, logged_site
):
    site_url, served = logged_site
    context = profile()
    snapshot = f"/{_snapshot_path(built_site)}"

    page, category, _ = _visit(context, f"{site_url}/calculators/ipsswm/", "ipsswm", IPSSWM)
    assert category == _category("ipsswm", IPSSWM)
    # Restored or not (the bench counts how often it comes in time), a first start restores only what it fetched.
    assert page.evaluate(FETCHED) or not page.evaluate(FROM_SNAPSHOT)
    _wait_stored(page, built_site, _snapshot_name(built_site))
    # Asked for after everything the start itself needs (a slow line gives the snapshot no bandwidth before that).
    start = [i for i, path in enumerate(served) if re.search(r"pyodide\.asm\.wasm$|python_stdlib\..*zip$", path)]
    assert len(start) == 2 and served.index(snapshot) > max(start)
    page.close()

    page, again, _ = _visit(context, f"{site_url}/calculators/ipsswm/", "ipsswm", IPSSWM)
    assert page.evaluate(FROM_SNAPSHOT) and not page.evaluate(FETCHED) and again == category
    assert served.count(snapshot) == 1, "fetched once, then read from where it is stored"
    page.close()

    entries = valid_entries(
        "mss_wm"
    )  # another calculator's page restores the same snapshot, with every calculator in it
    page, category, _ = _visit(context, f"{site_url}{MSS}", "mss_wm", entries)
    assert page.evaluate(FROM_SNAPSHOT) and category == _category("mss_wm", entries)


def _unrestorable_copy(built_site, tmp_path):
    """The built site with a snapshot Pyodide refuses (its build id changed), and runtime.js naming that file's
    sha256, so it passes the integrity check and reaches the restore."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    path = site / _snapshot_path(site)
    data = bytearray(path.read_bytes())
    count = struct.unpack_from("<I", data, 8)[0]
    first_page = 12 + 4 * count  # the heap's page 0: Pyodide's header, its build id at bytes 16-47
    assert struct.unpack_from("<I", data, 12)[0] == 0
    data[first_page + 20] ^= 0xFF
    path.write_bytes(bytes(data))
    digest = "sha256-" + base64.b64encode(hashlib.sha256(bytes(data)).digest()).decode()
    runtime = next((site / "assets" / "igm").glob("runtime.*.js"))
    text = runtime.read_text()
    runtime.write_text(re.sub(r'SNAPSHOT_INTEGRITY = "[^"]+"', f'SNAPSHOT_INTEGRITY = "{digest}"', text))
    return site


def test_a_snapshot_that_does_not_restore_gives_a_fresh_start_and_the_same_result(profile, built_site, tmp_path):
    """Stored before the visit (as a first visit would have kept it), so the start surely tries it: refused by
    Pyodide, it is removed, and Python starts afresh with the right result."""
    site = _unrestorable_copy(built_site, tmp_path)
    name = _snapshot_name(site)
    server = serve_in_thread(site)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        context = profile()
        page = context.new_page()
        page.goto(f"{url}/about/")
        page.evaluate(STORE, [name, base64.b64encode((site / _snapshot_path(site)).read_bytes()).decode()])
        page.close()
        page, category, warnings = _visit(context, f"{url}/calculators/ipsswm/", "ipsswm", IPSSWM)
        assert category == _category("ipsswm", IPSSWM)
        assert not page.evaluate(FROM_SNAPSHOT)
        assert any("memory snapshot did not restore" in text for text in warnings), warnings
        for _ in range(50):
            if page.evaluate(STORED, name) is None:
                break
            page.wait_for_timeout(100)
        assert page.evaluate(STORED, name) is None, "a snapshot that does not restore is removed"
    finally:
        server.shutdown()
        server.server_close()


def test_a_stored_snapshot_changed_is_never_restored_and_is_replaced_by_the_builds(profile, built_site, site_url):
    """One bit changed in the stored file (a disk, another program): the read check refuses it before Pyodide sees it,
    the start is a fresh one with the right result, and the build's own file is stored again for the next start."""
    name = _snapshot_name(built_site)
    context = profile()
    page, _, _ = _visit(context, f"{site_url}/calculators/ipsswm/", "ipsswm", IPSSWM)
    _wait_stored(page, built_site, name)
    page.evaluate(CHANGE_ONE_BIT, name)
    page.close()
    page, category, _ = _visit(context, f"{site_url}/calculators/ipsswm/", "ipsswm", IPSSWM)
    # Not restored from what was stored: a fresh start, or a restore of the snapshot this start fetched anew.
    assert category == _category("ipsswm", IPSSWM)
    assert not page.evaluate(FROM_SNAPSHOT) or page.evaluate(FETCHED)
    _wait_stored(page, built_site, name)
    page.close()
    page, category, _ = _visit(context, f"{site_url}/calculators/ipsswm/", "ipsswm", IPSSWM)
    assert category == _category("ipsswm", IPSSWM) and page.evaluate(FROM_SNAPSHOT)


class _Stalled(SiteHandler):
    """Answers everything but the memory snapshot, for which it sends its headers and then nothing (a stalled line)."""

    def send_head(self):
        if "/snapshot." not in self.path:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", "12000000")
        self.end_headers()
        self.wfile.flush()
        self.server.release.wait(60)
        return None


def test_a_first_visit_whose_snapshot_never_comes_starts_afresh(profile, built_site):
    """The first start waits for the snapshot a bounded time only: with its bytes never coming, Python starts as it
    did before the snapshot, and computes; nothing is stored."""
    server = make_server(built_site, port=0)
    server.RequestHandlerClass = functools.partial(_Stalled, directory=str(built_site))
    server.release = threading.Event()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        context = profile()
        page, category, _ = _visit(context, f"{url}/calculators/ipsswm/", "ipsswm", IPSSWM)
        assert category == _category("ipsswm", IPSSWM)
        assert not page.evaluate(FROM_SNAPSHOT) and not page.evaluate(FETCHED)
        assert page.evaluate(STORED, _snapshot_name(built_site)) is None
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
