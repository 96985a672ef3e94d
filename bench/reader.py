"""`python -m bench.reader`: what a reader gets on screen and on paper (issue 21), in headless Chromium.

- the main article's height at 1280 px and at 390 px wide (targets: at most 15,000 and 24,000 px), for a
  clinician and for a patient or caregiver (patient mode must make it shorter, not longer);
- where its "In brief" sits on a 390×844 phone (target: on the first screen);
- the pages a calculator's page with a result prints on, A4, from Chromium's own PDF (target: one).

The functions take a Playwright browser and the site's address, so the browser tests assert the same figures
(tests/browser/test_reader_length.py). Sizes, not times: they do not depend on the machine's load.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from . import sites
from .browser import ARGS, CHROMIUM
from .server import CountingServer

ARTICLE = "/articles/free-heavy-igm/"
SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 3,
    },
}
LIMITS = {"desktop": 15000, "phone": 24000}
AUDIENCE_KEY = "igm-guide.audience"
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-z])")

GEOMETRY = """() => {
  const brief = document.querySelector("article > .admonition.abstract");
  const box = brief ? brief.getBoundingClientRect() : null;
  return {
    height: document.documentElement.scrollHeight,
    brief_top: box ? Math.round(box.top + scrollY) : null,
    brief_bottom: box ? Math.round(box.bottom + scrollY) : null,
    patient_lead_top: (() => {
      const lead = document.querySelector("[data-igm-lead]");
      return lead ? Math.round(lead.getBoundingClientRect().top + scrollY) : null;
    })(),
    folded: document.querySelectorAll("details[data-igm-fold]").length,
  };
}"""


def article_geometry(browser: Browser, base_url: str, screen: str, audience: str = "clinician", path: str = ARTICLE):
    """Height of the page and where "In brief" (or, for a patient, their first block) is, in CSS px."""
    context = browser.new_context(service_workers="block", **SCREENS[screen])
    try:
        page = context.new_page()
        page.add_init_script(f"localStorage.setItem({AUDIENCE_KEY!r}, {audience!r})")
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
        page.wait_for_selector("[data-audience-chooser]:not([hidden])")
        return page.evaluate(GEOMETRY)
    finally:
        context.close()


def pdf_pages(pdf: bytes) -> int:
    """The number of pages of a PDF Chromium wrote (its page objects, never compressed in object streams)."""
    return len(PDF_PAGE.findall(pdf))


def printed_result(browser: Browser, base_url: str, calc_id: str, entries: dict, fill) -> tuple[int, bytes]:
    """Pages of the A4 print of a calculator's own page once it shows the result for `entries`, and the PDF."""
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{base_url}/calculators/{calc_id}/")
        page.wait_for_selector(f'form[data-calculator="{calc_id}"][data-state="ready"]', timeout=60000)
        fill(page, calc_id, entries)
        page.wait_for_selector(f'[data-calculator-result="{calc_id}"]:not([hidden]) .igm-result__headline')
        pdf = page.pdf(format="A4", print_background=True)
        return pdf_pages(pdf), pdf
    finally:
        context.close()


def main() -> None:
    import calculators
    from tests.browser.reader import fill, valid_entries  # the entries the browser tests use

    parser = argparse.ArgumentParser(prog="python -m bench.reader")
    parser.add_argument("--site", type=Path, help="an already built site (default: build one now)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="igm-reader-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            sites.mkdocs_build(sites.ROOT / "mkdocs.yml", site)
        server = CountingServer(site)
        rows = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", *ARGS])
            for screen in SCREENS:
                for audience in ("clinician", "patient"):
                    g = article_geometry(browser, server.url, screen, audience)
                    rows.append((f"article_height_{screen}_{audience}_px", g["height"], f"<= {LIMITS[screen]}"))
                    if audience == "clinician":
                        rows.append((f"article_in_brief_top_{screen}_px", g["brief_top"], ""))
                        rows.append((f"article_in_brief_bottom_{screen}_px", g["brief_bottom"], ""))
                    else:
                        rows.append((f"article_patient_lead_top_{screen}_px", g["patient_lead_top"], ""))
            for calc_id in calculators.calculator_ids():
                pages, _ = printed_result(browser, server.url, calc_id, valid_entries(calc_id), fill)
                rows.append((f"print_pages_{calc_id}", pages, "== 1"))
            browser.close()
        server.httpd.shutdown()
        server.httpd.server_close()
    print(f"\n{'figure':44} {'value':>8}  target")
    for name, value, target in rows:
        print(f"{name:44} {value!s:>8}  {target}")


if __name__ == "__main__":
    main()
