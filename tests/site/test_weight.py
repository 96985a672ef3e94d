"""`python -m igm_site.weight`: what each page downloads, and what a host may cache as immutable."""

from __future__ import annotations

import subprocess
import sys

from igm_site.weight import page_assets, site_weight


def test_article_pages_load_no_python_and_calculator_pages_load_it_all(built_site):
    # An article that only links to calculators (the free heavy IgM article embeds three since issue 10).
    article = page_assets(built_site, built_site / "articles" / "igm-workup" / "index.html")
    calculator = page_assets(built_site, built_site / "calculators" / "ipsswm" / "index.html")
    assert not [f for f in article if "pyodide" in f.as_posix() or f.suffix == ".zip"]
    names = {f.name for f in calculator}
    assert {"pyodide.asm.wasm", "pyodide.asm.mjs"} <= names
    assert any(n.startswith("calc-worker.") for n in names) and any(n.startswith("runtime.") for n in names)
    assert any(n.startswith("calculators.") and n.endswith(".zip") for n in names)
    assert all(f.is_file() for f in calculator)


def test_the_python_runtime_is_cacheable_as_immutable(built_site):
    weight = site_weight(built_site)
    calc = weight["pages"]["/calculators/ipsswm/"]
    assert calc["calculator"] and calc["gzip"] > 5_000_000
    assert calc["immutable_gzip"] / calc["gzip"] > 0.95
    assert weight["pages"]["/articles/igm-workup/"]["gzip"] < 500_000


def test_command_prints_the_figures(built_site):
    done = subprocess.run([sys.executable, "-m", "igm_site.weight", str(built_site)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "/calculators/ipsswm/" in done.stdout and "may be cached as immutable" in done.stdout
