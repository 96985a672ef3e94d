"""The hazard log is traced to tests that exist (issue 24).

Existence is decided by pytest's own collection of the files the log names, run as a separate process, never by
searching the source: a test that is renamed, deleted, skipped at collection or parametrised away fails here. A
mitigation must name tests or be open under an issue; the open ones are listed in the run's summary (conftest.py).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from igm_site.hazard_log import HAZARDS_FILE, HazardLog, HazardLogError, load_hazard_log

ROOT = Path(__file__).resolve().parents[2]
REVIEWS = Path(os.environ.get("IGM_REVIEWS_DIR", "/work/shared"))


def collected(files: list[str]) -> set[str]:
    """The node ids pytest collects from `files`, as `pytest --collect-only -q` prints them."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 0, f"collection failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return {line.strip() for line in done.stdout.splitlines() if "::" in line}


def not_collected(log: HazardLog, ids: set[str]) -> list[str]:
    """Tests the log names that pytest did not collect: a node id, a function (all its parameters) or a file."""
    functions = {node.split("[", 1)[0] for node in ids}
    files = {node.split("::", 1)[0] for node in ids}
    return sorted(test for test in log.tests() if test not in ids and test not in functions and test not in files)


def test_every_test_the_hazard_log_names_is_collected_by_pytest():
    log = load_hazard_log()
    files = sorted({test.split("::", 1)[0] for test in log.tests()})
    missing_files = [f for f in files if not (ROOT / f).is_file()]
    assert missing_files == [], f"the hazard log names test files that do not exist: {missing_files}"
    assert not_collected(log, collected(files)) == []


def test_every_hazard_is_traced_and_every_mitigation_has_a_test_or_an_open_issue():
    log = load_hazard_log()  # refuses a mitigation with neither tests nor `open: N` (see the next test)
    untraced = [h.id for h in log.hazards if not any(m.tests for m in h.mitigations)]
    assert untraced == [], f"hazards with no mitigation traced to a test: {untraced}"
    for hazard in log.hazards:
        for mitigation in hazard.mitigations:
            assert bool(mitigation.tests) != (mitigation.open is not None), (hazard.id, mitigation.what)


def _log(tmp_path: Path, mitigation: str) -> Path:
    path = tmp_path / "hazards.yml"
    path.write_text(
        "severity: {Major: serious}\nlikelihood: {Low: possible}\nhazards:\n"
        "  - {id: HZ-01, title: t, cause: c, effect: e, severity: Major, likelihood: Low, findings: [],\n"
        f"     mitigations: [{mitigation}]}}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "mitigation",
    [
        "{what: w}",  # neither tests nor an issue
        "{what: w, tests: []}",
        "{what: w, open: soon}",
        "{what: w, open: true}",
        "{what: w, open: 0}",
        "{what: w, tests: [tests/x.py::test_a], open: 18}",  # a fake trace beside an open issue
        "{what: w, tests: [test_a]}",  # not a node id under tests/
        "{what: w, tests: [tests/x.py::test_a], evidence: later}",
    ],
)
def test_a_mitigation_without_a_test_or_an_issue_is_refused(tmp_path, mitigation):
    with pytest.raises(HazardLogError):
        load_hazard_log(_log(tmp_path, mitigation))


def test_the_check_names_a_test_that_does_not_exist(tmp_path):
    real = "tests/safety/test_hazard_log.py::test_the_check_names_a_test_that_does_not_exist"
    ghost = "tests/safety/test_hazard_log.py::test_no_such_test"
    renamed_parameter = "tests/safety/test_hazard_log.py::test_a_mitigation_without_a_test_or_an_issue_is_refused[x]"
    log = load_hazard_log(_log(tmp_path, f"{{what: w, tests: ['{real}', '{ghost}', '{renamed_parameter}']}}"))
    assert not_collected(log, collected(["tests/safety/test_hazard_log.py"])) == sorted([ghost, renamed_parameter])


def test_an_open_mitigation_is_accepted_and_listed(tmp_path):
    log = load_hazard_log(_log(tmp_path, "{what: w, open: 18}"))
    assert [(hazard, m.open) for hazard, m in log.open_mitigations()] == [("HZ-01", 18)]
    assert log.tests() == set()


def _named_in(review: str, finding: str) -> bool:
    """A letter-and-number id (F3, H1, A15) as a word; a number or section (9, 1.10) as a heading or a table row;
    anything else (a section title) as written."""
    if re.fullmatch(r"[A-Z]+\d+[a-z]?(-prime)?", finding):
        return re.search(rf"(?<![\w-]){re.escape(finding)}(?![\w])", review) is not None
    if re.fullmatch(r"\d+(\.\d+)*", finding):
        pattern = rf"^(#+\s+{re.escape(finding)}[.\s]|\|\s*{re.escape(finding)}\s*\|)"
        return re.search(pattern, review, re.MULTILINE) is not None
    return finding in review


@pytest.mark.skipif(not (REVIEWS / "reviews").is_dir(), reason=f"the project's reviews are not at {REVIEWS}")
def test_every_finding_is_named_in_the_review_it_cites():
    unknown = []
    for hazard in load_hazard_log().hazards:
        for finding in hazard.findings:
            path = REVIEWS / finding.review
            if not path.is_file() or not _named_in(path.read_text(encoding="utf-8"), finding.id):
                unknown.append(f"{hazard.id}: {finding.review} {finding.id}")
    assert unknown == []


def test_the_finding_matcher_tells_ids_apart():
    review = "### F3 (Medium)\n| 9 | WRONG |\n### 1.10 WRONG-MINOR\nF13 and H1\n"
    assert _named_in(review, "F3") and _named_in(review, "9") and _named_in(review, "1.10")
    assert not _named_in(review, "F1") and not _named_in(review, "1.1") and not _named_in(review, "H2")
    assert not _named_in(review, "10")


def test_the_page_shows_every_hazard_its_mitigations_and_its_tests(built_site):
    html = (built_site / "about" / "hazard-log" / "index.html").read_text(encoding="utf-8")
    log = load_hazard_log()
    for hazard in log.hazards:
        assert f'id="{hazard.id.lower()}"' in html, hazard.id
    for test in log.tests():
        assert f"<code>{test}</code>" in html, test
    for _, mitigation in log.open_mitigations():
        assert f"open: being built under issue {mitigation.open}" in html
    assert "--8&lt;--" not in html and "--8<--" not in html


def test_the_page_binds_the_log_into_its_approval():
    from editorial.content import page_content

    parts = dict(page_content(ROOT, "docs/about/hazard-log.md").parts)
    bound = [digest for name, digest in parts.items() if name.split()[-1] == "safety/hazards.yml"]
    assert bound and bound[0].startswith("sha256:"), parts
    assert HAZARDS_FILE == ROOT / "safety" / "hazards.yml"


def test_a_case_the_log_names_is_named_by_its_id_not_its_position():
    """A position moves when a case is inserted before it, and the trace would silently point at another case."""
    from tests.calculators.cases import every_case

    positional = [t for t in load_hazard_log().tests() if re.search(r"\[[a-z_]+-\d+\]$", t) and "cases" in t]
    assert positional == [], f'name these cases with an "id" in their case file: {positional}'
    ids = [(calculator, case["id"]) for calculator, _, case in every_case() if "id" in case]
    assert len(ids) == len(set(ids)), "a case id is used twice in one case file"
