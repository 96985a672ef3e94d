"""The free-heavy-IgM article: fully cited, every calculator link live, under review, written for both audiences.

The checks run on the real strict build (the session's `built_site`), so they see what a reader sees: the
numbered citations the plugin produced, the reference list it appended, the links MkDocs resolved. Each check is a
plain function returning its problems, and each is also run on a small broken page to prove it can fail.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import posixpath
import re
from pathlib import Path

import yaml

from igm_site.citations import CITATION
from tests.support.build import ROOT

ARTICLE_MD = ROOT / "docs" / "articles" / "free-heavy-igm.md"
ARTICLE_HTML = Path("articles") / "free-heavy-igm" / "index.html"
NOTES_MD = ROOT / "docs" / "articles" / "free-heavy-igm-review-notes.md"
VERIFICATION = {"V", "V2", "R"}
# The calculators the article's sections point to (issue 7): classification, treat or watch, hyperviscosity,
# progression risk, prognosis, response, units.
ARTICLE_CALCULATORS = {
    "igm_classifier",
    "treatment_indication",
    "plasmapheresis_check",
    "mayo_mgus",
    "igm_mgus_2factor",
    "awm_factors",
    "swm_progression",
    "ipsswm",
    "ripsswm",
    "mss_wm",
    "iwwm_response",
    "unit_converter",
}
CITE_TARGET = re.compile(r'<a href="#(ref-[\w.-]+)" class="igm-cite"')
REFERENCE_ITEM = re.compile(r'<li id="(ref-[\w.-]+)">(.*?)</li>', re.DOTALL)
PUBMED_OR_DOI = re.compile(r'href="https://(?:pubmed\.ncbi\.nlm\.nih\.gov/\d+/|doi\.org/10\.\d{4,9}/[^"]+)"')
LOCAL_LINK = re.compile(r'<a [^>]*href="(?![a-z][a-z0-9+.-]*:|#|/)([^"]+)"')


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.DOTALL)
    assert match, f"{path}: no front matter"
    return yaml.safe_load(match.group(1))


def body(path: Path) -> str:
    return re.sub(r"^---\n.*?\n---\n", "", path.read_text(encoding="utf-8"), count=1, flags=re.DOTALL)


def article_content(html: str) -> str:
    """The page's own content (Material's <article>), without the navigation that lists every page."""
    start = html.index('<article class="md-content__inner')
    return html[start : html.index("</article>", start)]


def citation_problems(html: str) -> list[str]:
    """Dangling citations, uncited references and references with neither a PubMed nor a DOI link."""
    cited = set(CITE_TARGET.findall(html))
    items = dict(REFERENCE_ITEM.findall(html))
    problems = [f"citation #{ref} has no reference" for ref in sorted(cited - items.keys())]
    problems += [f"reference #{ref} is never cited" for ref in sorted(items.keys() - cited)]
    problems += [
        f"reference #{ref} has no PubMed or DOI link" for ref, item in items.items() if not PUBMED_OR_DOI.search(item)
    ]
    return problems


def source_citation_problems(markdown: str, references: list[dict]) -> list[str]:
    """The same lint on the Markdown source: every `[@key]` listed, every listed key cited, honest verification."""
    cited = {key.strip().lstrip("@") for group in CITATION.findall(markdown) for key in group.split(";")}
    listed = [str(ref.get("id")) for ref in references]
    problems = [f"[@{key}] is not in front matter 'references'" for key in sorted(cited - set(listed))]
    problems += [f"reference {key} is never cited" for key in listed if key not in cited]
    for ref in references:
        if ref.get("verification") not in VERIFICATION:
            problems.append(f"reference {ref.get('id')}: verification must be one of V, V2, R")
        if not (ref.get("pmid") or ref.get("doi")):
            problems.append(f"reference {ref.get('id')}: needs a PMID or a DOI")
        if ref.get("pmid") and not re.fullmatch(r"\d{1,9}", str(ref["pmid"])):
            problems.append(f"reference {ref.get('id')}: PMID {ref['pmid']!r} is not a number")
        if ref.get("doi") and not re.fullmatch(r"10\.\d{4,9}/\S+", str(ref["doi"])):
            problems.append(f"reference {ref.get('id')}: DOI {ref['doi']!r} does not start with 10.")
    return problems


def broken_local_links(html: str, page: Path, site: Path) -> list[str]:
    """Relative links in the content that do not lead to a built file (a directory URL means its index.html)."""
    problems = []
    for href in LOCAL_LINK.findall(html):
        target = posixpath.normpath(posixpath.join(page.parent.as_posix(), href.split("#", 1)[0]))
        path = site / target
        if href.split("#", 1)[0].endswith("/") or path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            problems.append(href)
    return problems


def calculator_links(html: str) -> list[str]:
    return [href for href in LOCAL_LINK.findall(html) if "calculators/" in href]


# --- the article itself -------------------------------------------------------------------------------------


def test_article_builds_strict_and_is_in_the_nav(built_site):
    html = (built_site / ARTICLE_HTML).read_text()
    assert "<h1>" in html
    assert "what is the management approach for a patient with free heavy IgM (immunoglobulin M) present?" in html
    assert "articles/free-heavy-igm.md" in (ROOT / "mkdocs.yml").read_text()


def test_citation_lint_has_no_dangling_citations_and_no_uncited_references(built_site):
    html = article_content((built_site / ARTICLE_HTML).read_text())
    assert citation_problems(html) == []
    assert len(REFERENCE_ITEM.findall(html)) == len(front_matter(ARTICLE_MD)["references"]) >= 20


def test_source_citations_match_the_front_matter_references():
    assert source_citation_problems(body(ARTICLE_MD), front_matter(ARTICLE_MD)["references"]) == []


def test_unchecked_identifiers_are_shown_as_unchecked(built_site):
    html = article_content((built_site / ARTICLE_HTML).read_text())
    items = dict(REFERENCE_ITEM.findall(html))
    for ref in front_matter(ARTICLE_MD)["references"]:
        shown_unchecked = "not yet checked" in items[f"ref-{ref['id']}"]
        assert shown_unchecked == (ref["verification"] != "V"), ref["id"]


def test_no_reference_is_the_source_sites_own_overview():
    for ref in front_matter(ARTICLE_MD)["references"]:
        assert "Dr.Oracle" not in ref["citation"] and "Medical Advisory Board" not in ref["citation"], ref["id"]


def test_every_calculator_link_resolves_to_a_built_page(built_site):
    html = article_content((built_site / ARTICLE_HTML).read_text())
    linked = {href.rstrip("/").rsplit("/", 1)[-1] for href in calculator_links(html)}
    assert linked >= ARTICLE_CALCULATORS, sorted(ARTICLE_CALCULATORS - linked)
    assert broken_local_links(html, ARTICLE_HTML, built_site) == []


def test_article_says_under_review_and_never_shows_approved_as_current(built_site):
    html = (built_site / ARTICLE_HTML).read_text()
    assert 'data-review-status="under_review"' in html
    assert re.findall(r'<li data-state="current" aria-current="step">([^<]+)</li>', html) == ["Under Review"]
    assert re.findall(r'<li data-state="todo">([^<]+)</li>', html) == ["Approved"]
    content = article_content(html)
    assert not re.search(r"\b(has been|was|is) approved\b", content, re.IGNORECASE)


def test_front_matter_keeps_the_review_record_honest():
    meta = front_matter(ARTICLE_MD)
    # The ledger and git say the status, the reviewers and the date; the page does not restate them.
    assert not {"review_status", "reviewers", "last_updated"} & set(meta)
    assert meta["authors"] == ["IgM Guide editorial team"]
    changelog = meta["changelog"]
    assert len(changelog) >= 5
    for entry in changelog:
        assert isinstance(entry["date"], dt.date) and len(str(entry["change"])) > 20, entry


def test_the_source_structure_and_the_new_sections_are_there(built_site):
    content = article_content((built_site / ARTICLE_HTML).read_text())
    headings = [
        html_lib.unescape(re.sub(r"<[^>]+>|&para;|¶", "", h)).strip()
        for h in re.findall(r"<h2[^>]*>(.*?)</h2>", content, re.DOTALL)
    ]
    expected = [
        'Before anything else: what does "free heavy IgM" mean?',
        "From the Guidelines",
        "From the FDA Drug Label",
        "From the Research",
        "Have a follow-up question?",
        "References",
        "Professional medical disclaimer",
    ]
    assert headings == expected
    for topic in (
        "Mu heavy chain disease in brief",
        "When to treat",
        "When to watch, and how often",
        "Hyperviscosity, plasmapheresis and the rituximab IgM flare",
        "Response assessment",
    ):
        assert f">{topic}<" in content or f">{topic}<a" in content, topic
    assert "is a κ or λ light chain bound to the IgM?" in content


def test_corrected_thresholds_are_stated_with_their_strictness():
    text = body(ARTICLE_MD)
    assert "haemoglobin **≤ 10 g/dL**" in text and "platelets **< 100 × 10⁹/L**" in text
    assert "IgM was **> 60 g/L**" in text
    assert "age > 65 y; Hb ≤ 11.5 g/dL; platelets ≤ 100 × 10⁹/L; β2M > 3 mg/L; monoclonal protein > 7.0 g/dL" in text
    assert "β2M ≥ 4 mg/L; LDH ≥ 250 IU/L; albumin < 3.5 g/dL" in text


def test_the_sources_unsupported_claims_appear_only_in_the_reviewers_notes():
    clinical, notes = body(ARTICLE_MD), body(NOTES_MD)
    assert "## Changes from the source article" not in clinical
    assert "free-heavy-igm-review-notes.md" in clinical
    for claim in ("highest quality evidence", "is associated with WM", "can lead to renal dysfunction"):
        assert claim not in clinical, claim
        assert claim in notes, claim


def test_statements_without_a_real_source_are_marked_citation_needed(built_site):
    content = article_content((built_site / ARTICLE_HTML).read_text())
    assert content.count('<sup class="igm-citation-needed">citation needed</sup>') >= 5


def test_patient_blocks_explain_terms_questions_and_watch_and_wait(built_site):
    content = article_content((built_site / ARTICLE_HTML).read_text())
    blocks = re.findall(r'<details class="igm-audience" data-audience="patient">(.*?)</details>', content, re.DOTALL)
    assert len(blocks) >= 5
    patient_text = " ".join(blocks)
    for phrase in ("What the words mean", "Questions you could ask your doctor", 'What "watch and wait" means'):
        assert phrase in patient_text, phrase
    assert "For patients and caregivers" in blocks[0]


# --- the checks can fail ------------------------------------------------------------------------------------


BROKEN_PAGE = """
<p>One<sup>[<a href="#ref-a" class="igm-cite">1</a>]</sup> two<sup>[<a href="#ref-zz" class="igm-cite">2</a>]</sup>
<a href="../../calculators/ipsswm/">IPSSWM</a> <a href="../../calculators/nowhere/">missing</a></p>
<ol class="igm-references"><li id="ref-a">A. <a href="https://pubmed.ncbi.nlm.nih.gov/1/">1</a></li>
<li id="ref-b">B, never cited, no identifier.</li></ol>
"""


def test_citation_lint_catches_dangling_uncited_and_unlinked_references():
    assert citation_problems(BROKEN_PAGE) == [
        "citation #ref-zz has no reference",
        "reference #ref-b is never cited",
        "reference #ref-b has no PubMed or DOI link",
    ]


def test_source_lint_catches_unknown_keys_and_dishonest_references():
    refs = [
        {"id": "a", "citation": "A", "pmid": "12"},
        {"id": "b", "citation": "B", "doi": "doi:10.1/x", "verification": "V"},
        {"id": "c", "citation": "C", "verification": "R"},
    ]
    problems = source_citation_problems("Claim [@a; @zz]. Other [@b].", refs)
    assert "[@zz] is not in front matter 'references'" in problems
    assert "reference c is never cited" in problems
    assert "reference a: verification must be one of V, V2, R" in problems
    assert "reference b: DOI 'doi:10.1/x' does not start with 10." in problems
    assert "reference c: needs a PMID or a DOI" in problems


def test_link_check_catches_a_calculator_page_that_was_not_built(built_site):
    assert broken_local_links(BROKEN_PAGE, ARTICLE_HTML, built_site) == ["../../calculators/nowhere/"]
    assert calculator_links(BROKEN_PAGE) == ["../../calculators/ipsswm/", "../../calculators/nowhere/"]
