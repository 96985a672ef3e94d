"""`python -m igm_site.header_check URL [--site site]`: does the live site send the headers `site/_headers` asks for?

A policy written in `_headers` protects nobody on a host that ignores the file (reliability review 2026-12, F7: on
GitHub Pages the site could be framed and its workers ran without a policy). CI runs this after each deploy, against
the address the deploy printed; it runs as well against `python -m igm_site.serve` (the tests do).

For a page, a stylesheet, the service worker, a content-hashed module and a Pyodide file it fetches the headers and
compares each security header `_headers` gives that path (Content-Security-Policy, nosniff, Referrer-Policy) and the
immutable Cache-Control, by value. Exit 0 when all match, 1 otherwise, naming the path and the header.
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from pathlib import Path

from .csp import HEADERS_FILE, IMMUTABLE, HeaderRules

__all__ = ["check_headers", "main", "sample_paths"]

CHECKED = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")


def sample_paths(site: Path) -> list[str]:
    """One path of each kind the site serves, as found in the built site."""
    paths = ["/", "/sw.js"]
    for pattern in (
        "assets/igm/calc-worker.*.js",
        "assets/pyodide/*/pyodide.asm.wasm",
        "assets/stylesheets/main.*.css",
    ):
        found = sorted(site.glob(pattern))
        if found:
            paths.append("/" + found[0].relative_to(site).as_posix())
    pages = sorted(p for p in site.glob("calculators/*/index.html"))
    if pages:
        paths.append("/" + pages[0].parent.relative_to(site).as_posix() + "/")
    return paths


def _fetch(url: str) -> dict[str, str]:
    request = urllib.request.Request(url, method="GET", headers={"User-Agent": "igm-header-check"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return {name.lower(): value for name, value in response.headers.items()}
    except urllib.error.HTTPError as exc:
        return {"status": str(exc.code), **{name.lower(): value for name, value in exc.headers.items()}}


def check_headers(base_url: str, site: Path) -> list[str]:
    """Every header the live site at `base_url` sends differently from `site/_headers`."""
    rules = HeaderRules.read(site)
    if not rules.rules:
        return [f"{site / HEADERS_FILE}: missing or empty; build the site first (make build)."]
    problems = []
    for path in sample_paths(site):
        wanted = rules.for_path(path)
        got = _fetch(base_url.rstrip("/") + path)
        if "status" in got:
            problems.append(f"{path}: HTTP {got['status']}")
            continue
        names = [n for n in CHECKED if n in wanted] + (
            ["Cache-Control"] if wanted.get("Cache-Control") == IMMUTABLE else []
        )
        for name in names:
            if got.get(name.lower(), "").strip() != wanted[name]:
                problems.append(f"{path}: {name} is {got.get(name.lower())!r}; _headers asks for {wanted[name]!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m igm_site.header_check", description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the deployed site, e.g. https://igm-guide.pages.dev")
    parser.add_argument("--site", default="site", help="the built site whose _headers to compare with (default: site)")
    args = parser.parse_args(argv)
    problems = check_headers(args.url, Path(args.site))
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"header check of {args.url}: {len(problems)} error(s).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
