"""Every hostile page of the 2026-12 reviews, built into a copy of this site, and every built page looked at in
Chromium: the disclaimer and the review status box must be visible and unobscured (`checkVisibility`, and
`elementFromPoint` at their centre finds them) at 1280×900 and 390×844.

Each vector is appended to one of the site's own reviewed pages, articles and calculator pages alike (on a calculator
page the full review box follows the content, so an unclosed element would enclose it too). The editorial gate and
the plugin's own source check refuse every one of them (first test); the build here skips both (the plugin's
`_refuse_unsafe_source` is replaced by a no-op), so what is checked is that the sanitiser and the template hold alone. Before the allow-list sanitiser X8, F2 (canvas, video, select, the search
overlay class) hid the disclaimer or covered the page, D11/F6c captured the status link, F9's forms reached the HTML,
A15's files were served and A16's stylesheet hid every caution.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from editorial import Repository, check_repository
from igm_site.serve import serve_in_thread
from tests.support.build import ROOT, offline_env

pytestmark = pytest.mark.browser

VIEWPORTS = ({"width": 1280, "height": 900}, {"width": 390, "height": 844})
# (name, Markdown appended to a reviewed page)
VECTORS = [
    (
        "X8 md-consent__inner",
        '<div class="md-consent__inner md-typeset" markdown="1">\n\n# Approved\n\n!!! success "Article review status: '
        'Approved"\n    Reviewed by: Rahul Rao, MD FRCPath. Start rituximab 3750 mg/m² at once.\n\n'
        + "Filler line.\n\n" * 40
        + "</div>\n",
    ),
    ("F2 unclosed canvas", "<canvas>\n\nThe rest of the page.\n"),
    ("F2 unclosed video", "<video>\n\nThe rest of the page.\n"),
    ("F2 inline select", "Choose <select> one.\n\nThe rest of the page.\n"),
    ("F2 md-search__overlay", '<div class="md-search__overlay">\n\nThe rest of the page.\n'),
    (
        "D11/F6c heading {#review-status}",
        "## Review status: Approved by the medical advisory board {#review-status}\n\n"
        "Approved 2026-11-01 by Prof. A. Example, MD, clinical reviewer.\n",
    ),
    ("F9 attr_list onclick", 'Click this paragraph.\n{: onclick="alert(1)" }\n'),
    ("F9 attr_list onmouseover", '[x](https://example.org){: onmouseover="alert(1)" }\n'),
    ("F9 img/src/onerror", "<img/src/onerror=alert(1)>\n"),
    ("F9 jav&#x09;ascript:", '<a href="jav&#x09;ascript:alert(1)">x</a>\n'),
    ("F9 j&Tab;avascript:", '<a href="j&Tab;avascript:alert(1)">x</a>\n'),
    ("F9 javas&NewLine;cript:", '<a href="javas&NewLine;cript:alert(1)">x</a>\n'),
    ("F9 Markdown link jav&#x09;ascript:", "[x](jav&#x09;ascript:alert(1))\n"),
    ("F9 attr_list href", '[x](https://example.org){: href="jav&#x09;ascript:alert(1)" }\n'),
    ("F9 attr_list style", 'Covering paragraph.\n{: style="position:fixed;inset:0;background:#fff;z-index:9" }\n'),
    ("F9 remote img", '<img src="https://evil.example/pixel.png" alt="">\n'),
    ("F9 ping", '<a href="https://example.org" ping="https://evil.example/track">x</a>\n'),
    ("F9 fencedframe", '<fencedframe src="https://evil.example/"></fencedframe>\n'),
    # Allowed, but left open: the sanitised fragment closes it before the template goes on.
    ("F2 unclosed details", "<details>\n<summary>More</summary>\n\nThe rest of the page.\n"),
]
A15_FILES = {
    "docs/articles/cad-dosing.html": "<h1>Article review status: Approved</h1><script src='fix.js'></script>\n",
    "docs/articles/fix.js": "document.title = 'PWNED';\n",
    "docs/articles/evil.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>document.title="PWNED"</script></svg>\n',
}
A16_CSS = ".igm-caution, .igm-disclaimer, .igm-review { display: none !important; }\n"

_CHECK = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return "missing";
  el.scrollIntoView({block: "center"});
  if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true, contentVisibilityAuto: true})) {
    return "not visible";
  }
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return "of no size";
  const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, window.innerHeight);
  const hit = document.elementFromPoint(r.left + r.width / 2, (top + bottom) / 2);
  if (!hit || !el.contains(hit)) {
    return "covered by " + (hit ? hit.tagName.toLowerCase() + "." + [...hit.classList].join(".") : "nothing");
  }
  return "ok";
}"""


def _git(root: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "Vera Vector", "GIT_AUTHOR_EMAIL": "vera@example.org", "HOME": str(root)}
    env |= {"GIT_COMMITTER_NAME": "Vera Vector", "GIT_COMMITTER_EMAIL": "vera@example.org", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def vector_site(tmp_path_factory):
    """A copy of this site whose reviewed pages each carry one vector, plus A15's files and A16's stylesheet."""
    root = tmp_path_factory.mktemp("vectors") / "repo"
    for name in ("docs", "ledger", "overrides", "calculators", "editorial.yml", "mkdocs.yml"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(
            ROOT / name,
            root / name,
            **({"ignore": shutil.ignore_patterns("__pycache__")} if copy is shutil.copytree else {}),
        )
    config = yaml.safe_load((root / "mkdocs.yml").read_text())
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "igm-guide" in plugin:
            plugin["igm-guide"]["pyodide_dir"] = str(ROOT / "node_modules" / "pyodide")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "the site as it is")
    pages = sorted(p.relative_to(root).as_posix() for p in (root / "ledger").rglob("*.jsonl"))
    pages = [f"docs/{p.removeprefix('ledger/').removesuffix('.jsonl')}.md" for p in pages]
    placed = {}
    for index, (name, markdown) in enumerate(VECTORS):
        page = pages[index % len(pages)]
        with (root / page).open("a", encoding="utf-8") as handle:
            handle.write(f"\n\n{markdown}")
        placed[name] = page
    for path, text in A15_FILES.items():
        (root / path).write_text(text)
    (root / "docs/assets").mkdir()
    (root / "docs/assets/print.css").write_text(A16_CSS)
    config["extra_css"] = ["assets/print.css"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "hostile pages, files and stylesheet")
    site = root.parent / "site"
    unchecked = (
        "import sys, igm_site.plugin as p; p.IgmGuidePlugin._refuse_unsafe_source = lambda self, page: None; "
        "from mkdocs.__main__ import cli; sys.exit(cli())"
    )
    command = [sys.executable, "-c", unchecked, "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site)]
    done = subprocess.run(command, cwd=root, env=offline_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    server = serve_in_thread(site)
    yield root, site, placed, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_editorial_gate_refuses_every_vector(vector_site):
    root, _, placed, _ = vector_site
    errors = [str(v) for v in check_repository(Repository(root)) if v.error]
    for name, page in placed.items():
        if "details" not in name:
            assert any(e.startswith(f"error: {page}:") and "refused" in e for e in errors), (name, errors)
    for path in (*A15_FILES, "docs/assets/print.css"):
        assert any(e.startswith(f"error: {path}: not a Markdown page") for e in errors), (path, errors)


def test_a15_and_a16_files_are_not_published(vector_site):
    _, site, _, _ = vector_site
    for path in (*A15_FILES, "docs/assets/print.css"):
        assert not (site / path.removeprefix("docs/")).exists(), path


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v['width']}x{v['height']}")
def test_every_reviewed_page_shows_its_disclaimer_and_review_box_unobscured(browser, vector_site, viewport):
    _, site, placed, url = vector_site
    pages = sorted(p for p in site.rglob("index.html") if 'name="igm-approval"' in p.read_text(encoding="utf-8"))
    assert len(pages) >= len(set(placed.values()))
    context = browser.new_context(viewport=viewport, service_workers="block")
    # The Python runtime is not what is looked at here: a calculator page would start it at once.
    context.route("**/assets/pyodide/**", lambda route: route.abort())
    context.route("**/*.zip", lambda route: route.abort())
    dialogs: list[str] = []
    failures = []
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for built in pages:
            path = "/" + built.parent.relative_to(site).as_posix() + "/"
            page.goto(url + path.replace("//", "/"))
            for selector in (".igm-disclaimer", "section.igm-review"):
                verdict = page.evaluate(_CHECK, selector)
                if verdict != "ok":
                    failures.append(f"{path} {selector}: {verdict}")
            hits = page.evaluate("() => [...document.querySelectorAll('[id=\"review-status\"]')].map(e => e.tagName)")
            if hits != ["SECTION"]:
                failures.append(f"{path}: #review-status is {hits}")
    finally:
        context.close()
    assert failures == []
    assert dialogs == []
