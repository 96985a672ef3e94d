"""Every calculator page says what the calculator is for and what backs it (issue 24): intended use and users, the
population and where it must not be used (from its own references), the validation cases counted from the case
files, the version with its change log, and the project's regulatory reading. Generated, never hand-kept."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest

import calculators
from calculators.intended_use import _POSITION, INTENDED_USE, READ_AGAINST, READING_OWNER
from calculators.registry import CALCULATORS
from igm_site.calculator_about import AboutError, about_parts, validation
from tests.calculators.cases import CASES_DIR

IDS = sorted(CALCULATORS)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_every_calculator_and_only_they_declare_an_intended_use():
    assert sorted(INTENDED_USE) == IDS


@pytest.mark.parametrize("calc_id", IDS)
def test_every_calculator_declares_its_intended_use_and_cites_its_own_references(calc_id):
    calc, declared = CALCULATORS[calc_id], INTENDED_USE[calc_id]
    assert declared.users.strip() and declared.use.strip() and calc.population.strip()
    own = {ref.id for ref in calc.references}
    assert set(declared.population_sources) <= own, f"{calc_id}: cites references it does not declare"
    assert declared.population_sources or not own, f"{calc_id}: its population must name the references it rests on"
    assert declared.kind in _POSITION


@pytest.mark.parametrize("calc_id", IDS)
def test_the_change_log_starts_at_the_current_version_and_goes_back_in_order(calc_id):
    changes = INTENDED_USE[calc_id].changes
    assert changes[0].version == CALCULATORS[calc_id].version, f"{calc_id}: a version without a change-log line"
    versions = [_version(c.version) for c in changes]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
    dates = [dt.date.fromisoformat(c.date) for c in changes]
    assert dates == sorted(dates, reverse=True)
    assert all(c.what.strip() and c.why.strip() for c in changes)


def test_the_regulatory_reading_says_what_it_was_read_against_and_whose_it_is():
    assert "Rule 11" in READ_AGAINST and "MDCG 2019-11" in READ_AGAINST and "520(o)(1)(E)" in READ_AGAINST
    assert "project's own reading" in READING_OWNER
    for kind, position in _POSITION.items():
        assert re.search(r"not a medical device claim|makes no device claim", position), kind
        assert not re.search(r"\b(approved|cleared|certified|CE[- ]marked) (by|as)\b", position), kind


def test_the_validation_counts_come_from_the_case_file(tmp_path):
    cases = json.loads((CASES_DIR / "ipsswm.json").read_text(encoding="utf-8"))
    counted = validation("ipsswm")
    assert counted["cases"] == len(cases) == sum(n for _, n in counted["sources"])
    assert counted["published_result"] + counted["input_handling"] == len(cases)
    (tmp_path / "ipsswm.json").write_text(json.dumps(cases[:3]), encoding="utf-8")
    assert validation("ipsswm", tmp_path)["cases"] == 3


def test_a_missing_case_file_or_a_case_without_source_fails_rather_than_print_a_count(tmp_path):
    with pytest.raises(AboutError):
        about_parts("ipsswm", tmp_path)
    (tmp_path / "ipsswm.json").write_text(json.dumps([{"inputs": {}, "expect": {}, "source": " "}]), encoding="utf-8")
    with pytest.raises(AboutError, match="no source"):
        validation("ipsswm", tmp_path)


@pytest.mark.parametrize("calc_id", IDS)
def test_every_calculator_page_shows_intended_use_population_validation_and_change_log(built_site, calc_id):
    page = (built_site / "calculators" / calc_id / "index.html").read_text(encoding="utf-8")
    start = page.index(f'data-calculator-about="{calc_id}"')
    about = page[start : page.index("</section>", start)]
    desc, declared = calculators.describe(calc_id), INTENDED_USE[calc_id]
    cases = json.loads((CASES_DIR / f"{calc_id}.json").read_text(encoding="utf-8"))
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", about)).split())
    for text in (declared.use, declared.users, desc["population"], declared.regulatory_position):
        assert " ".join(text.split()) in shown, f"{calc_id}: {text[:60]}"
    assert f'data-validation-count="{len(cases)}"' in about
    assert f'data-calculator-version="{desc["version"]}"' in about
    assert about.count("<tr>") == 1 + len(declared.changes)  # the header row, then one per version
    for ref_id in declared.population_sources:
        assert f'href="#{calc_id}-ref-{ref_id}"' in about and f'id="{calc_id}-ref-{ref_id}"' in page
    assert f'id="{calc_id}-about"' in page  # its heading, in the table of contents
