"""Pages of the built site in Debian's chromium (the session's browser is in tests/conftest.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


class RecordedPage:
    """A fresh page in a fresh context, with every request and page error recorded."""

    def __init__(self, browser, base_url: str, **context_options):
        self.base_url = base_url
        # The site's service worker answers requests before `page.route` can see them: tests that route
        # requests run without it; the offline tests (test_offline.py) ask for it with service_workers="allow".
        context_options.setdefault("service_workers", "block")
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, path: str):
        self.page.goto(self.base_url + path)
        return self.page

    def foreign_requests(self) -> list[str]:
        own = urlsplit(self.base_url).netloc
        return [url for url in self.requests if urlsplit(url).netloc != own and not url.startswith("data:")]


@pytest.fixture
def recorded(browser, site_url):
    opened: list[RecordedPage] = []

    def make(**context_options) -> RecordedPage:
        page = RecordedPage(browser, site_url, **context_options)
        opened.append(page)
        return page

    yield make
    for page in opened:
        page.context.close()
