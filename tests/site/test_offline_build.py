"""What the build makes for offline use (sw.js, manifest, icons) and how the local server compresses."""

from __future__ import annotations

import base64
import datetime
import gzip
import hashlib
import json
import re
import struct
import urllib.request

from igm_site.offline import SERVICE_WORKER, address, icon_png, precache_paths, runtime_paths, service_worker
from igm_site.runtime import Runtime


def listed(sw_text: str, name: str) -> list[list[str]]:
    body = re.search(rf"const {name} = (\[.*?\n\]);", sw_text, re.DOTALL)[1]
    return json.loads(re.sub(r",\n\]$", "\n]", body))


def test_the_precache_has_every_page_and_asset_but_no_runtime(built_site):
    sw = (built_site / SERVICE_WORKER).read_text()
    precache = dict(listed(sw, "PRECACHE"))
    pages = {address(p.relative_to(built_site).as_posix()) for p in built_site.rglob("index.html")}
    assert pages <= set(precache)
    assert "search/search_index.json" in precache and "manifest.webmanifest" in precache
    assert any(re.match(r"assets/igm/calc-page\.[0-9a-f]+\.js$", url) for url in precache)
    assert not [url for url in precache if "pyodide" in url or url.endswith((".zip", ".map", ".gz"))]
    assert SERVICE_WORKER not in precache and "_headers" not in precache


def test_every_listed_file_carries_the_sha256_of_what_is_served(built_site):
    sw = (built_site / SERVICE_WORKER).read_text()
    by_address = {address(rel): rel for rel in precache_paths(built_site)}
    for url, integrity in listed(sw, "PRECACHE"):
        data = (built_site / by_address[url]).read_bytes()
        assert integrity == "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()
    runtime = listed(sw, "RUNTIME")
    assert [path for path, _ in runtime] == runtime_paths(Runtime.locate())
    assert all((built_site / path).is_file() for path, _ in runtime)


def test_the_build_id_follows_the_content_only(built_site, tmp_path):
    built = (built_site / SERVICE_WORKER).read_text()
    runtime = [path for path, _ in listed(built, "RUNTIME")]
    # The build's own date, not today's: a suite that runs across midnight (UTC) built the site the day before.
    day = datetime.date.fromisoformat(re.search(r'const BUILD_DATE = "([0-9-]+)"', built)[1])
    same = service_worker(built_site, runtime, built=day)
    assert same == built  # the same files: the same worker, no update
    copy = tmp_path / "site"
    for rel in precache_paths(built_site) + runtime:
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        (copy / rel).write_bytes((built_site / rel).read_bytes())
    (copy / "index.html").write_text((copy / "index.html").read_text() + "\n")
    changed = service_worker(copy, runtime)
    build = re.compile(r'const BUILD = "([0-9a-f]+)"')
    assert build.search(changed)[1] != build.search(same)[1]


def test_manifest_and_icons(built_site):
    manifest = json.loads((built_site / "manifest.webmanifest").read_text())
    assert manifest["start_url"] == "./" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        data = (built_site / icon["src"]).read_bytes()
        assert data == icon_png(int(icon["sizes"].split("x")[0]))
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert f"{width}x{height}" == icon["sizes"]
    html = (built_site / "calculators/ipsswm/index.html").read_text()
    assert '<link rel="manifest" href="../../manifest.webmanifest">' in html


def test_the_server_gzips_text_and_wasm_and_answers_304(site_url, built_site):
    wasm = next(built_site.glob("assets/pyodide/*/pyodide.asm.wasm"))
    url = f"{site_url}/{wasm.relative_to(built_site).as_posix()}"
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})) as response:
        body = response.read()
        assert response.headers["Content-Encoding"] == "gzip" and response.headers["Content-Type"] == "application/wasm"
        assert "immutable" in response.headers["Cache-Control"]
    assert gzip.decompress(body) == wasm.read_bytes() and len(body) < wasm.stat().st_size / 2
    with urllib.request.urlopen(f"{site_url}/calculators/ipsswm/") as response:  # no gzip asked: none sent
        assert response.headers["Content-Encoding"] is None
        modified = response.headers["Last-Modified"]
    request = urllib.request.Request(
        f"{site_url}/calculators/ipsswm/", headers={"Accept-Encoding": "gzip", "If-Modified-Since": modified}
    )
    try:
        urllib.request.urlopen(request)
        raise AssertionError("expected 304")
    except urllib.error.HTTPError as exc:
        assert exc.code == 304
    zipped = next(built_site.glob("assets/igm/calculators.*.zip"))
    request = urllib.request.Request(f"{site_url}/{zipped.relative_to(built_site).as_posix()}")
    request.add_header("Accept-Encoding", "gzip")
    with urllib.request.urlopen(request) as response:  # a zip is compressed already
        assert response.headers["Content-Encoding"] is None and response.read() == zipped.read_bytes()
