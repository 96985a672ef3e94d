"""The sites the benchmark measures: the real one, a naive Pyodide page beside it, plain-Material
twins without our plugin, and a generated site of many articles with calculators embedded."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

import calculators

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["toc", "admonition", "tables", "attr_list", "md_in_html", "pymdownx.details", "pymdownx.superfences"]
NAIVE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>IPSSWM (naive Pyodide baseline)</title>
<script type="module" src="naive.js"></script></head>
<body><h1>IPSSWM, naive baseline</h1>
<form data-calculator="ipsswm">
{fields}
<button type="submit">Calculate</button></form>
<section data-calculator-result="ipsswm"></section></body></html>
"""
# The textbook way: import Pyodide, and at submit call loadPyodide() on the main thread with the stock
# core (stock stdlib of .py sources, stock lockfile), then run the same calculators package.
NAIVE_JS = """import {{ loadPyodide }} from "../assets/pyodide/{version}/pyodide.mjs";
const form = document.querySelector("form");
const region = document.querySelector("[data-calculator-result]");
let runJson = null;
form.addEventListener("submit", async (event) => {{
  event.preventDefault();
  delete region.dataset.category;
  if (!runJson) {{
    const pyodide = await loadPyodide();
    const bundle = await (await fetch("../assets/igm/{bundle}")).arrayBuffer();
    pyodide.unpackArchive(bundle, "zip", {{ extractDir: "/home/pyodide/igm" }});
    pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/igm')");
    runJson = pyodide.pyimport("calculators").run_json;
  }}
  const inputs = Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v)]));
  const result = JSON.parse(runJson("ipsswm", JSON.stringify(inputs)));
  if (!performance.getEntriesByName("igm:first-result").length) performance.mark("igm:first-result");
  region.textContent = `${{result.score}} ${{result.category}}`;
  region.dataset.score = String(result.score);
  region.dataset.category = result.category;
}});
"""


def env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(config: Path, site_dir: Path) -> float:
    """Seconds of one `mkdocs build` (a whole process, as an editor runs it)."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "--config-file", str(config), "--site-dir", str(site_dir)],
        check=True,
        env=env(),
        cwd=config.parent,
        capture_output=True,
    )
    return time.perf_counter() - start


@contextlib.contextmanager
def real_site(built: Path | None) -> Iterator[Path]:
    """`built` (a site already built), or the real site built now into a directory that goes with the context."""
    if built is not None:
        yield built
        return
    with tempfile.TemporaryDirectory(prefix="igm-bench-site-") as work:
        mkdocs_build(ROOT / "mkdocs.yml", Path(work) / "site")
        yield Path(work) / "site"


def add_naive_page(site: Path) -> str:
    bundle = next((site / "assets" / "igm").glob("calculators.*.zip")).name
    version = next((site / "assets" / "pyodide").iterdir()).name
    fields = "\n".join(
        f'<label>{i["label"]} <input name="{i["id"]}"></label>' for i in calculators.describe("ipsswm")["inputs"]
    )
    naive = site / "naive"
    naive.mkdir(exist_ok=True)
    (naive / "index.html").write_text(NAIVE_HTML.format(fields=fields))
    (naive / "naive.js").write_text(NAIVE_JS.format(version=version, bundle=bundle))
    return "/naive/"


FLOOR_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>IgM Guide runtime alone (bench floor)</title>
<meta name="igm-calculator-start" content="now">
<script type="module" async src="../assets/igm/{start}"></script></head>
<body><p>The calculators' runtime starting on a page with nothing else.</p></body></html>
"""


def add_floor_page(site: Path) -> str:
    """Our calculators' first module, and nothing else: no theme, no form, no other script, no service worker (it
    registers none). Its start is the least any page of ours could take on this machine (issue 23's floor)."""
    start = next((site / "assets" / "igm").glob("calc-start.*.js")).name
    floor = site / "floor"
    floor.mkdir(exist_ok=True)
    (floor / "index.html").write_text(FLOOR_HTML.format(start=start))
    return "/floor/"


def plain_config(source: Path, target: Path, docs_dir: Path) -> Path:
    """The same pages with plain Material: no igm-guide plugin, no template overrides."""
    config = yaml.safe_load(source.read_text())
    config["plugins"] = [p for p in config.get("plugins", []) if p != "igm-guide" and "igm-guide" not in p]
    config["theme"].pop("custom_dir", None)
    config["docs_dir"] = str(docs_dir)
    config["strict"] = False
    target.write_text(yaml.safe_dump(config))
    return target


ARTICLE = """---
title: Generated article {n}
authors: [Benchmark]
references:
  - id: morel2009
    citation: "Morel P, et al. Blood 2009;113(18):4163-4170."
    pmid: "19196866"
  - id: kyle2003
    citation: "Kyle RA, et al. Semin Oncol 2003;30(2):116-120."
    pmid: "12720119"
---

## Background

Waldenström macroglobulinemia is a lymphoplasmacytic lymphoma with a monoclonal IgM [@morel2009].
Asymptomatic patients are observed; treatment follows symptoms [@kyle2003].

{filler}

## Calculator

/// calculator | {calc}
///
"""


def generated_site(root: Path, pages: int, with_plugin: bool) -> Path:
    """`pages` articles, each citing references and embedding a calculator; returns its mkdocs.yml."""
    docs = root / "docs"
    if not docs.exists():
        (docs / "articles").mkdir(parents=True)
        (docs / "index.md").write_text("# Generated\n")
        ids = calculators.calculator_ids()
        filler = "\n\n".join(
            "Monitoring of serum IgM, blood counts and symptoms continues every few months in watchful waiting."
            for _ in range(12)
        )
        for n in range(pages):
            text = ARTICLE.format(n=n, filler=filler, calc=ids[n % len(ids)])
            (docs / "articles" / f"a{n:04d}.md").write_text(text)
    config = {
        "site_name": "Generated",
        "docs_dir": str(docs),
        "theme": {"name": "material", "font": False},
        "plugins": ["search"],
        "markdown_extensions": EXTENSIONS,
    }
    if with_plugin:
        config["theme"]["custom_dir"] = str(ROOT / "overrides")
        config["plugins"].append({"igm-guide": {"pyodide_dir": str(ROOT / "node_modules" / "pyodide")}})
    (root / "editorial.yml").write_text("reviewers: []\n")  # the plugin requires the declarations, even empty
    path = root / ("mkdocs-igm.yml" if with_plugin else "mkdocs-plain.yml")
    path.write_text(yaml.safe_dump(config))
    return path
