"""The forge files: CODEOWNERS generated from editorial.yml and kept up to date, workflows that pass actionlint."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from editorial.codeowners import CODEOWNERS, codeowners, main
from tests.support.build import ROOT

ACTIONLINT = Path(sys.executable).with_name("actionlint")


def test_codeowners_is_up_to_date_with_editorial_yml():
    assert main(["--check", "--root", str(ROOT)]) == 0, "run `make codeowners`"


def test_codeowners_asks_the_declared_reviewers(repo):
    text = codeowners(repo.root)
    assert "/docs/ ada@example.org\n" in text
    assert "/calculators/ ada@example.org tom@example.org\n" in text
    assert "/ledger/ ada@example.org tom@example.org\n" in text
    assert "mallory" not in text
    assert main(["--check", "--root", str(repo.root)]) == 1  # not written yet
    assert main(["--root", str(repo.root)]) == 0
    assert (repo.root / CODEOWNERS).read_text() == text
    assert main(["--check", "--root", str(repo.root)]) == 0


def test_workflows_pass_actionlint_and_a_broken_one_would_not(tmp_path):
    done = subprocess.run([str(ACTIONLINT)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    workflows = tmp_path / ".github" / "workflows"
    shutil.copytree(ROOT / ".github" / "workflows", workflows)
    ci = workflows / "ci.yml"
    ci.write_text(ci.read_text().replace("needs: [test,", "needs: [tests,"))  # a job that does not exist
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    done = subprocess.run([str(ACTIONLINT)], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1 and '"tests"' in done.stdout
