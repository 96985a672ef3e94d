"""Session fixtures shared by the site and browser tests: one offline build, one local server."""

from __future__ import annotations

import pytest

from igm_site.serve import serve_in_thread
from tests.support.build import mkdocs_build
from tests.support.chromium import browser  # noqa: F401  (one chromium for every test folder)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    done = mkdocs_build(site)
    assert done.returncode == 0, done.stderr
    return site


@pytest.fixture(scope="session")
def site_url(built_site):
    server = serve_in_thread(built_site)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
