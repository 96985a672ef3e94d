"""The search index carries the other spellings of its words, in fields Material indexes but never shows."""

from __future__ import annotations

import json
import re

from igm_site.search_index import SEARCH_INDEX, alternate_spellings


def test_accents_greek_letters_and_common_misspellings_get_their_other_spellings():
    found = alternate_spellings("<p>Waldenström macroglobulinemia: hyperviscosity, haemoglobin, β2M, μ, κ.</p>")
    for typed in ("waldenstrom", "macroglobulinaemia", "hyperviscocity", "hemoglobin", "beta2m", "mu", "kappa"):
        assert typed in found, typed


def test_words_already_written_and_markup_are_left_out():
    assert alternate_spellings("<code>plasmapheresis</code> IgM rituximab") == []
    assert "waldenström" not in alternate_spellings("Waldenström")


def test_built_index_declares_the_fields_and_fills_them(built_site):
    index = json.loads((built_site / SEARCH_INDEX).read_text(encoding="utf-8"))
    fields = index["config"]["fields"]
    assert fields["alt_title"] == fields["title"] and fields["alt_text"] == fields["text"]
    docs = [d for d in index["docs"] if "Waldenström" in d["text"]]
    # Unless the section itself also writes it without the accent (a reference title, say).
    assert docs and all(re.search(r"\bwaldenstrom\b", f"{d['alt_text']} {d['text'].lower()}") for d in docs)
    # What a reader sees in a result (title and text) stays as written.
    assert all(d["alt_text"] not in d["text"] for d in docs)
