"""Page weight of the built site, and how much of it a host or CDN may cache as immutable.

`python -m igm_site.weight site/` prints, for each page, what a first visit downloads (the HTML, the
stylesheets and scripts it names, Material's search index and worker, and on calculator pages the Python
runtime the worker fetches), raw and gzipped, and the share a returning reader already has in cache.
"""

from __future__ import annotations

import argparse
import gzip
import posixpath
import re
import statistics
from functools import cache
from pathlib import Path

from .csp import IMMUTABLE, HeaderRules

__all__ = ["page_assets", "site_weight"]

_ASSET = re.compile(r"""<(?:link[^>]*\brel="(?:stylesheet|icon)"[^>]*\bhref|script[^>]*\bsrc)="([^"]+)\"""")
# What every page loads besides the assets it names: Material's search worker and index.
_SEARCH = ("assets/javascripts/workers/search.*.min.js", "search/search_index.json")
# What the page script imports wherever a form is (also on an article, before the reader uses its form).
_CALCULATOR_MODULES = ("assets/igm/calc-page.*.js", "assets/igm/calc-runtime.*.js", "assets/igm/calc-result.*.js")
# What the calculator worker fetches: runtime.js, the Pyodide core (less the lockfile, which is inlined),
# the precompiled standard library and the calculators bundle.
_CALCULATOR_RUNTIME = (
    "assets/igm/calc-worker.*.js",
    "assets/igm/runtime.*.js",
    "assets/pyodide/*/pyodide.mjs",
    "assets/pyodide/*/pyodide.asm.mjs",
    "assets/pyodide/*/pyodide.asm.wasm",
    "assets/igm/python_stdlib*.zip",
    "assets/igm/calculators.*.zip",
)


@cache
def _sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


def _url_path(site: Path, html: Path) -> str:
    rel = html.relative_to(site).as_posix()
    return "/" + rel.removesuffix("index.html")


def _has_calculator(page_html: str) -> bool:
    """Whether opening the page starts Python: a calculator page does at once; a page that only embeds a
    calculator (an article) waits for the reader's first use of its form, so reading it downloads no runtime."""
    return (
        re.search(r"assets/igm/calc-page\.[0-9a-f]+\.js", page_html) is not None
        and '<meta name="igm-calculator-start" content="now">' in page_html
    )


def page_assets(site: Path, html: Path) -> list[Path]:
    """The files a first visit to this page downloads, the page itself first."""
    files = [html]
    base = posixpath.dirname(html.relative_to(site).as_posix())
    text = html.read_text(encoding="utf-8")
    for href in _ASSET.findall(text):
        if "://" not in href:
            target = posixpath.normpath(posixpath.join("/" + base, href)).lstrip("/")
            files.append(site / target)
    has_form = re.search(r"assets/igm/calc-page\.[0-9a-f]+\.js", text) is not None
    patterns = [
        *_SEARCH,
        *(_CALCULATOR_MODULES if has_form else ()),
        *(_CALCULATOR_RUNTIME if _has_calculator(text) else ()),
    ]
    for pattern in patterns:
        files += sorted(site.glob(pattern))
    return list(dict.fromkeys(f for f in files if f.is_file()))


def site_weight(site: Path) -> dict:
    rules = HeaderRules.read(site)

    def immutable(path: Path) -> bool:
        return rules.for_path("/" + path.relative_to(site).as_posix()).get("Cache-Control") == IMMUTABLE

    pages = {}
    for html in sorted(site.rglob("*.html")):
        assets = page_assets(site, html)
        raw = sum(_sizes(f)[0] for f in assets)
        gz = sum(_sizes(f)[1] for f in assets)
        cached = sum(_sizes(f)[1] for f in assets if immutable(f))
        calculator = _has_calculator(html.read_text(encoding="utf-8"))
        pages[_url_path(site, html)] = {
            "calculator": calculator,
            "files": len(assets),
            "raw": raw,
            "gzip": gz,
            "immutable_gzip": cached,
        }
    every = [p for p in site.rglob("*") if p.is_file()]
    return {
        "pages": pages,
        "site_raw": sum(_sizes(p)[0] for p in every),
        "site_files": len(every),
        "immutable_raw": sum(_sizes(p)[0] for p in every if immutable(p)),
    }


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.2f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} kB"


def main() -> None:
    parser = argparse.ArgumentParser(description="Page weight and cacheable share of the built IgM Guide site.")
    parser.add_argument("site", nargs="?", default="site", type=Path)
    args = parser.parse_args()
    weight = site_weight(args.site)
    print("First visit: raw and gzipped bytes downloaded. Return: what is not cached as immutable (gzipped).")
    print(f"{'page':<40} {'files':>5} {'raw':>10} {'gzip':>10} {'return':>10} {'immutable':>9}")
    for path, p in weight["pages"].items():
        share = f"{100 * p['immutable_gzip'] / p['gzip']:.0f}%"
        again = _mb(p["gzip"] - p["immutable_gzip"])
        print(f"{path:<40} {p['files']:>5} {_mb(p['raw']):>10} {_mb(p['gzip']):>10} {again:>10} {share:>9}")
    for label, calculator in (
        ("Pages without a calculator", False),
        ("Calculator pages (Python runtime included)", True),
    ):
        chosen = [p for p in weight["pages"].values() if p["calculator"] is calculator]
        if chosen:
            first = statistics.median(p["gzip"] for p in chosen)
            again = statistics.median(p["gzip"] - p["immutable_gzip"] for p in chosen)
            print(f"{label}: median first visit {_mb(int(first))} gzipped, return visit {_mb(int(again))}.")
    print(
        f"Whole site: {weight['site_files']} files, {_mb(weight['site_raw'])}; "
        f"{_mb(weight['immutable_raw'])} ({100 * weight['immutable_raw'] / weight['site_raw']:.0f}%) "
        "may be cached as immutable (versioned or content-hashed paths, see _headers)."
    )


if __name__ == "__main__":
    main()
