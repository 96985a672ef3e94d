"""Search that forgives: accents, Greek letters and common misspellings, still offline in Material's lunr.

Material's search indexes `title` and `text` exactly as written, with no stemming (`pipeline: [stopWordFilter]`),
so "waldenstrom" never meets "Waldenström" and "hyperviscocity" finds nothing. After the search plugin wrote
`search/search_index.json`, every section gets two more fields, `alt_title` and `alt_text`: the other spellings
of its words (accents folded, Greek letters spelled out, the misspellings below). Material's search worker
indexes every field named in the index's `config.fields` and shows only title and text, so a reader finds the
page and sees it as written.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

__all__ = ["SEARCH_INDEX", "add_alternate_spellings", "alternate_spellings", "not_for_readers"]

SEARCH_INDEX = Path("search") / "search_index.json"
WORD = re.compile(r"[^\W_]+")
TAG = re.compile(r"<[^>]+>")
# Letters that do not decompose into a base letter and a mark.
LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})
# How clinicians type the Greek letters of this field: "beta2", "mu heavy chain", "kappa".
GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa", "λ": "lambda", "μ": "mu", "µ": "mu"}
# Misspellings common enough to forgive, as (pattern in a correctly spelt word, what readers type instead).
# British and American spellings are both on the site, so each finds the other.
MISSPELLINGS = (
    (re.compile(r"osity"), "ocity"),  # hyperviscosity: "hyperviscocity"
    (re.compile(r"ae"), "e"),  # haemoglobin, anaemia: "hemoglobin", "anemia"
    (re.compile(r"oe"), "e"),  # oedema: "edema"
    (re.compile(r"(?<!a)emia"), "aemia"),  # macroglobulinemia: "macroglobulinaemia"
    (re.compile(r"(?<=h)em(?=[oa])"), "aem"),  # hemoglobin, hematology: "haemoglobin", "haematology"
)

# Names readers type for a score that is written otherwise: "IPSS" finds IPSSWM by its prefix, and through
# these the revised score (rIPSSWM) and the Mayo staging that replaced it (MSS-WM) too.
ALSO_FOUND_AS = {
    "ripsswm": ("ipsswm", "ipss"),
    "mss": ("ipss", "ipsswm"),
}
# Pages written for the editors (the reviewers' notes on an article): reachable from the article, never a
# reader's search result.
EDITORS_PAGE = re.compile(r"-review-notes\.md$")


def not_for_readers(src_uri: str) -> bool:
    return bool(EDITORS_PAGE.search(src_uri))


def _fold(word: str) -> str:
    spelled = "".join(GREEK.get(ch, ch) for ch in word)
    decomposed = unicodedata.normalize("NFKD", spelled.translate(LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def alternate_spellings(text: str) -> list[str]:
    """Other spellings of the words of `text` (HTML tags ignored), each once, never a word already there."""
    words = {w.lower() for w in WORD.findall(TAG.sub(" ", text))}
    found: set[str] = set()
    for word in words:
        found.update(_forms(word))
    return sorted(found - words)


@functools.lru_cache(maxsize=65536)  # a site repeats its words from section to section
def _forms(word: str) -> frozenset[str]:
    folded = _fold(word)
    forms = {folded, *(WORD.findall(folded))}
    for form in list(forms):
        forms.update(pattern.sub(typed, form) for pattern, typed in MISSPELLINGS if pattern.search(form))
        forms.update(ALSO_FOUND_AS.get(form, ()))
    return frozenset(f for f in forms if f and f.isascii())


def add_alternate_spellings(site_dir: Path) -> None:
    """Rewrite the built site's search index with the alternate-spelling fields (no-op without an index)."""
    path = site_dir / SEARCH_INDEX
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    fields = index["config"].setdefault("fields", {})
    fields["alt_title"] = dict(fields.get("title", {"boost": 1000.0}))
    fields["alt_text"] = dict(fields.get("text", {"boost": 1.0}))
    for doc in index["docs"]:
        for name in ("title", "text"):
            if alternates := alternate_spellings(doc.get(name, "")):
                doc[f"alt_{name}"] = " ".join(alternates)
    path.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
