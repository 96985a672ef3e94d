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


def figures(pw, base_url: str) -> dict:
    """Every figure of this module, by name (also rows of `make bench`)."""
    import calculators
    from tests.browser.reader import fill, valid_entries  # the entries the browser tests use

    rows: dict = {}
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", *ARGS])
    try:
        for screen in SCREENS:
            for audience in ("clinician", "patient"):
                g = article_geometry(browser, base_url, screen, audience)
                rows[f"article_height_{screen}_{audience}_px"] = g["height"]
                if audience == "clinician":
                    rows[f"article_in_brief_top_{screen}_px"] = g["brief_top"]
                    rows[f"article_in_brief_bottom_{screen}_px"] = g["brief_bottom"]
                else:
                    rows[f"article_patient_lead_top_{screen}_px"] = g["patient_lead_top"]
        pages = {
            c: printed_result(browser, base_url, c, valid_entries(c), fill)[0] for c in calculators.calculator_ids()
        }
        rows |= {f"print_pages_{c}": n for c, n in pages.items()}
        rows["print_pages_max"] = max(pages.values())
    finally:
        browser.close()
    return rows


TARGETS = {
    "article_height_desktop_clinician_px": ("<=", LIMITS["desktop"]),
    "article_height_phone_clinician_px": ("<=", LIMITS["phone"]),
    "article_in_brief_top_phone_px": ("<=", 844),
    "print_pages_max": ("==", 1),
}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.reader")
    parser.add_argument("--site", type=Path, help="an already built site (default: build one now)")
    args = parser.parse_args()
    with sites.real_site(args.site) as site:
        server = CountingServer(site)
        with sync_playwright() as pw:
            rows = figures(pw, server.url)
        server.httpd.shutdown()
        server.httpd.server_close()
    print(f"\n{'figure':44} {'value':>8}  target")
    for name, value in rows.items():
        op, limit = TARGETS.get(name, ("", ""))
        print(f"{name:44} {value!s:>8}  {op} {limit}")
    heights = {s: (rows[f"article_height_{s}_clinician_px"], rows[f"article_height_{s}_patient_px"]) for s in SCREENS}
    for screen, (clinician, patient) in heights.items():
        print(
            f"patient mode on {screen}: {patient - clinician:+d} px ({'shorter' if patient < clinician else 'NOT shorter'})"
        )


if __name__ == "__main__":
    main()
