"""Helpers for the reader tests: the pages of the built site, valid entries for each calculator, axe-core."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import calculators

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CASES = ROOT / "tests" / "cases"
READY_MS = 30000
# Collects every CSP violation the document sees, from the first script on.
CSP_LISTENER = """
window.__igmViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__igmViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
"""


def page_paths(site: Path) -> list[str]:
    """URL paths of every HTML page of the built site (404.html included)."""
    paths = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        paths.append("/" + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel))
    return paths


def page_file(site: Path, path: str) -> Path:
    return site / path.lstrip("/") / "index.html" if path.endswith("/") else site / path.lstrip("/")


def calculator_pages(site: Path) -> dict[str, str]:
    """Calculator id → URL path of its own page, else of the first page that embeds its form (an article's
    embedded form starts Python only on first use: tests/browser/test_embedded_calculators.py)."""
    found: dict[str, str] = {}
    for path in sorted(page_paths(site), key=lambda p: not p.startswith("/calculators/")):
        html = page_file(site, path).read_text(encoding="utf-8")
        for calc_id in calculators.calculator_ids():
            own = path == f"/calculators/{calc_id}/"
            if f'data-calculator="{calc_id}"' in html and (own or calc_id not in found):
                found[calc_id] = path
    return found


def _generated(desc: dict[str, Any]) -> dict[str, Any]:
    """Entries well inside each input's accepted range, in its first unit: distinctive, so a leak is findable."""
    entries: dict[str, Any] = {}
    for spec in desc["inputs"]:
        if spec["kind"] == "choice":
            entries[spec["id"]] = spec["choices"][0]["value"]
            continue
        unit = spec["units"][0]
        low, high = Decimal(unit["minimum"]), Decimal(unit["maximum"])
        value = low + (high - low) * Decimal("0.3137")
        text = str(int(value)) if spec["integer"] else str(value.quantize(Decimal("0.01")))
        entries[spec["id"]] = {"value": text, "unit": unit["label"]} if len(spec["units"]) > 1 else text
    return entries


def valid_entries(calc_id: str) -> dict[str, Any]:
    """Entries the calculator accepts: generated from its declared ranges, else its first clean test case."""
    candidates = [_generated(calculators.describe(calc_id))]
    cases = CASES / f"{calc_id}.json"
    if cases.is_file():
        candidates += [case["inputs"] for case in json.loads(cases.read_text(encoding="utf-8"))]
    for entries in candidates:
        if "errors" not in calculators.run(calc_id, entries):
            return entries
    raise AssertionError(f"{calc_id}: no valid entries found from its declaration or tests/cases/{calc_id}.json")


def form(calc_id: str) -> str:
    return f'form[data-calculator="{calc_id}"]'


def result(calc_id: str) -> str:
    return f'[data-calculator-result="{calc_id}"]'


def fill(page, calc_id: str, entries: dict[str, Any]) -> None:
    for name, value in entries.items():
        if isinstance(value, dict):
            page.select_option(f"{form(calc_id)} [name={name}__unit]", value["unit"])
            value = value["value"]
        radios = page.locator(f"{form(calc_id)} input[type=radio][name={name}]")
        if radios.count():  # a choice is a row of segmented radio buttons
            page.check(f"{form(calc_id)} input[type=radio][name={name}][value='{value}']")
            continue
        field = page.locator(f"{form(calc_id)} [name={name}]")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(str(value))
        else:
            field.fill(str(value))


def use_form(page, calc_id: str) -> None:
    """Focus the form's first field, as a reader starting to use it: a form embedded in an article starts
    Python only then (a calculator's own page starts it at once). An embedded form is folded: it is opened
    first, as a reader would tap its summary."""
    page.eval_on_selector(form(calc_id), "f => { const d = f.closest('details'); if (d) d.open = true; }")
    page.locator(f"{form(calc_id)} input, {form(calc_id)} select").first.focus()


def start_from_bundle(page, bundle: bytes) -> None:
    """The page's Python starts from `bundle` in place of the built calculators: served at the bundle's address, and
    the memory snapshot, which holds the built calculators, withheld, so that the start is a fresh one."""
    page.route(
        "**/assets/igm/calculators.*.zip",
        lambda route: route.fulfill(status=200, body=bundle, headers={"Content-Type": "application/zip"}),
    )
    page.route("**/assets/igm/snapshot.*.bin", lambda route: route.abort())


def wait_ready(page, calc_id: str) -> None:
    use_form(page, calc_id)
    page.wait_for_selector(f'{form(calc_id)}[data-state="ready"]', timeout=READY_MS)


def calculate(page, calc_id: str, entries: dict[str, Any]) -> None:
    """Fill the form, submit it and wait for the result."""
    fill(page, calc_id, entries)
    page.click(f"{form(calc_id)} button[type=submit]")
    page.wait_for_selector(f"{result(calc_id)}:not([hidden])")
    assert page.is_hidden(f"{form(calc_id)} [data-calculator-errors]"), page.inner_text(f"{form(calc_id)}")


def entry_texts(entries: dict[str, Any]) -> list[str]:
    """The typed values, as a leak check would look for them."""
    values = [v["value"] if isinstance(v, dict) else v for v in entries.values()]
    return [str(v) for v in values if len(str(v)) >= 2]


def axe_serious(page, context: str | None = None) -> list[str]:
    """axe-core's critical and serious violations on the page as it is now (WCAG 2.0-2.2 A and AA)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (context) => {
          // Let transitions (Material fades the header title and the back-to-top button) end first.
          await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)));
          const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
          const results = await axe.run(context || document, { runOnly: { type: "tag", values: tags } });
          return results.violations.filter((v) => ["critical", "serious"].includes(v.impact))
            .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        }""",
        context,
    )
    return found
