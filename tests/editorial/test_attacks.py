"""The attacks A1–A16 of the editorial review (§2.1), each refused or unable to count under signed statements.
Fictional people, real ssh-keygen keys, a temporary git repository; the gate is `editorial check --production`
(it exits 0: a line that does not count affects only its own page) and the page's state."""

from __future__ import annotations

import datetime as dt
import json
import shutil

from editorial import Repository
from editorial.ledger import Statement, note_digest
from editorial.signatures import REVIEW_NAMESPACE, SET_NAMESPACE, sign
from editorial.snapshot import dropped, snapshot

from .conftest import ADA, ALAN, ARTICLE, EDITH, MALLORY, key_of, public_of

LEDGER = "ledger/articles/cold-agglutinin.jsonl"


def review(repo, page=ARTICLE):
    return Repository(repo.root).review(page)


def gate(repo) -> str:
    code, out = repo.editorial("check", "--production")
    assert code == 0, out  # the site still builds
    return out


def forged_line(repo, *, key_owner=ADA, reviewer="ada", subject=None, date=None, act="approve", signed=True):
    subject = subject or review(repo).current_hash
    date = date or dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    statement = Statement(act, subject, reviewer, "clinical", date, note_digest(""))
    line = {"statement": statement.to_json(), "note": "", "blob": ""}
    if signed:
        line["signature"] = sign(statement.canonical, key_of(key_owner), REVIEW_NAMESPACE)
    repo.append(LEDGER, json.dumps(line) + "\n")
    return line


def under_review(repo):
    for command, who in (("submit", ALAN), ("start-review", ADA)):
        assert repo.editorial(command, ARTICLE, who=who)[0] == 0
    repo.commit("review", "ledger")


def test_a1_an_unsigned_approval_line_never_counts_and_a_revert_is_harmless(repo):
    under_review(repo)
    forged_line(repo, signed=False)
    repo.commit("approve", "ledger", who=ADA, sign=False)
    out = gate(repo)
    assert f"{LEDGER}:3: malformed line: unsigned" in out and review(repo).status != "approved"
    repo.git("revert", "--no-edit", "HEAD")  # A1-fix: the revert is an ordinary change
    gate(repo)


def test_a2_an_approval_signed_with_an_undeclared_key(repo):
    under_review(repo)
    forged_line(repo, key_owner=MALLORY)
    out = gate(repo)
    assert "the signature is not ada's over this statement" in out and review(repo).status != "approved"


def test_a3_a_key_slipped_into_the_reviewer_set_breaks_that_version_only(repo):
    under_review(repo)
    path = repo.root / "reviewers/3.json"
    data = json.loads(path.read_text())
    data["members"][1]["keys"].append(public_of(MALLORY))  # Mallory's key under Ada
    path.write_text(json.dumps(data))
    repo.commit("unsigned change", who=MALLORY, sign=False)
    forged_line(repo, key_owner=MALLORY)
    out = gate(repo)
    assert "reviewers/3.json: signed by 0 of the 2 needed" in out or "reviewers/3.json" in out
    assert review(repo).status != "approved"


def test_a4_a_self_declared_reviewer_is_not_in_force(repo):
    under_review(repo)
    body = json.loads((repo.root / "reviewers/3.json").read_text())
    body.pop("signatures")
    from editorial.reviewer_set import body_digest, canonical

    previous = body_digest(body)
    mallory = {
        "id": "mallory",
        "name": "Mallory Famous",
        "credentials": "MD PhD",
        "role": "clinical",
        "email": MALLORY[1],
        "affiliation": "",
        "keys": [public_of(MALLORY)],
        "from": "2026-01-01",
        "until": None,
    }
    new = {
        "version": 4,
        "date": "2026-01-01",
        "previous": previous,
        "threshold": 2,
        "members": [*body["members"], mallory],
    }
    new["signatures"] = [
        sign(canonical({k: v for k, v in new.items() if k != "signatures"}), key_of(MALLORY), SET_NAMESPACE)
    ]
    repo.write("reviewers/4.json", json.dumps(new))
    forged_line(repo, key_owner=MALLORY, reviewer="mallory")
    out = gate(repo)
    assert "reviewers/4.json: signed by 0 of the 2 needed" in out
    assert "'mallory' is not a reviewer of the reviewer set in force" in out and review(repo).status != "approved"


def test_a4b_one_maintainer_alone_cannot_add_a_reviewer(repo):
    """Edith adds "Bob" with a second key of her own: the set has three people, so one signature is not enough."""
    under_review(repo)
    code, out = repo.editorial(
        "reviewer",
        "add",
        "--id",
        "bob",
        "--name",
        "Robert Sock",
        "--credentials",
        "MD",
        "--role",
        "clinical",
        "--email",
        "bob@example.org",
        "--key",
        public_of(EDITH),
        who=EDITH,
    )
    assert code == 0 and "needs 2 signature(s)" in out, out
    assert "bob" not in Repository(repo.root).declarations.reviewers


def test_a5_a_rewritten_subject_breaks_the_signature(repo):
    repo.approve_article()
    (repo.root / ARTICLE).write_text((repo.root / ARTICLE).read_text().replace("fictional", "3750 mg/m²"))
    lines = (repo.root / LEDGER).read_text().splitlines()
    data = json.loads(lines[-1])
    data["statement"]["subject"] = review(repo).current_hash
    (repo.root / LEDGER).write_text("\n".join([*lines[:-1], json.dumps(data)]) + "\n")
    out = gate(repo)
    assert "the signature is not ada's over this statement" in out and review(repo).status != "approved"


def test_a6_a6b_a8_dropping_a_withdrawal_is_refused_by_the_rollback_check(repo, tmp_path):
    """A6 (line deleted), A6b (force-push), A8/A8+repair (merge -s ours, then a repair): the record loses the
    withdrawal; the build given the published reviews.json refuses it."""
    repo.approve_article()
    assert repo.editorial("withdraw", ARTICLE, "--note", "dose wrong", who=ADA)[0] == 0
    repo.commit("withdraw", "ledger", who=ADA)
    published = tmp_path / "reviews.json"
    published.write_text(json.dumps(snapshot(Repository(repo.root, strict=True))))
    repo.git("reset", "-q", "--hard", "HEAD~1")  # the withdrawal commit is gone
    assert review(repo).status == "approved"  # locally, the record now says approved...
    problems = dropped(json.loads(published.read_text()), snapshot(Repository(repo.root, strict=True)))
    assert any("valid withdraw by ada" in p for p in problems)
    code, out = repo.editorial("build", "--previous", str(published), "--site-dir", str(tmp_path / "site"))
    assert code == 1 and "rollback refused" in out  # ...and production refuses to publish it
    code, out = repo.editorial("repair", ARTICLE)
    assert code == 0 and "no longer needed" in out


def test_a7_a_copied_approval_names_other_bytes(repo):
    repo.approve_article()
    approval = (repo.root / LEDGER).read_text().splitlines()[-1]
    repo.write("docs/articles/other.md", "---\ntitle: Other\n---\n\nIVIG 20 g/kg.\n")
    repo.write("ledger/articles/other.jsonl", approval + "\n")
    repo.commit("copy")
    gate(repo)
    assert review(repo, "docs/articles/other.md").status != "approved"


def test_a7b_approvals_brought_to_a_branch_counts_only_for_the_bytes_it_names(repo):
    repo.git("checkout", "-q", "-b", "other")
    repo.write(ARTICLE, (repo.root / ARTICLE).read_text() + "\nOther text.\n")
    repo.commit("other text")
    repo.git("checkout", "-q", "main")
    repo.approve_article()
    repo.git("checkout", "-q", "other")
    repo.git("checkout", "main", "--", "ledger")  # every signed approval line of main, brought over
    repo.commit("bring the approvals over")
    gate(repo)
    assert review(repo).status != "approved"


def test_a9a_an_approval_dated_two_years_ahead_does_not_count(repo):
    under_review(repo)
    forged_line(repo, date=(dt.datetime.now(dt.UTC) + dt.timedelta(days=730)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    out = gate(repo)
    assert "in the future" in out and review(repo).status != "approved"


def test_a9c_a_future_dated_step_does_not_stop_a_real_approval(repo):
    under_review(repo)
    repo.append(
        LEDGER,
        json.dumps(
            {"step": "submitted", "subject": review(repo).current_hash, "by": "Alan", "date": "2099-01-01T00:00:00Z"}
        )
        + "\n",
    )
    assert repo.editorial("approve", ARTICLE, who=ADA)[0] == 0
    repo.approve_chrome()
    assert review(repo).status == "approved"


def test_a10_a_hand_written_renamed_line_cannot_rebind_an_approval(repo):
    repo.approve_article()
    old = review(repo).current_hash
    (repo.root / ARTICLE).write_text((repo.root / ARTICLE).read_text().replace("fictional", "3750 mg/m²"))
    renamed = {
        "seq": 9,
        "page": ARTICLE,
        "event": "renamed",
        "at": "2026-12-06T10:00:00Z",
        "by": "Alan",
        "content_hash": review(repo).current_hash,
        "from": ARTICLE,
        "from_hash": old,
        "prev": None,
    }
    repo.append(LEDGER, json.dumps(renamed) + "\n")
    repo.commit("dose", sign=False)
    out = gate(repo)
    assert "old ledger format" in out
    assert review(repo).status == "under_review" and review(repo).changed_since_approval


def test_a10b_a_ledger_copied_to_a_new_page(repo):
    repo.approve_article()
    shutil.copy(repo.root / LEDGER, repo.root / "ledger/articles/ivig.jsonl")
    repo.write("docs/articles/ivig.md", "---\ntitle: IVIG\n---\n\nIVIG 20 g/kg.\n")
    gate(repo)
    assert review(repo, "docs/articles/ivig.md").status != "approved"


def test_a11_a11b_git_mv_keeps_the_approval_of_the_same_bytes(repo):
    repo.approve_article()
    repo.git("mv", ARTICLE, "docs/articles/cad.md")
    repo.git("mv", LEDGER, "ledger/articles/cad.jsonl")
    repo.commit("mv by hand")
    gate(repo)
    assert review(repo, "docs/articles/cad.md").status == "approved"


def test_a12_a_one_byte_edit_is_under_review(repo):
    repo.approve_article()
    (repo.root / ARTICLE).write_text((repo.root / ARTICLE).read_text().replace("A fictional", "A  fictional"))
    gate(repo)
    assert review(repo).status == "under_review" and review(repo).changed_since_approval


def test_a13_raw_html_and_reference_style_images_are_bound(repo):
    repo.write("docs/articles/dose-table.png", "table v1")
    repo.write("docs/articles/dosing.png", "dosing v1")
    text = (
        repo.root / ARTICLE
    ).read_text() + '\n<img src="dose-table.png" alt="t">\n\n![Dosing][dosing]\n\n[dosing]: dosing.png\n'
    (repo.root / ARTICLE).write_text(text)
    repo.commit("images")
    repo.approve_article()
    for image in ("dose-table.png", "dosing.png"):
        repo.write(f"docs/articles/{image}", "swapped")
        assert review(repo).status != "approved", image
        repo.write(f"docs/articles/{image}", image.replace(".png", "").replace("dose-table", "table") + " v1")
    assert review(repo).status == "approved"


def test_a_calculator_page_is_bound_to_its_own_code_only(repo):
    """Adding an unrelated calculator leaves the calculator page's digest as it was; its own code changes it."""
    before = review(repo, "docs/calculators/demo.md").current_hash
    repo.write("calculators/another.py", 'ANOTHER = Calculator(id="another")\n')
    assert review(repo, "docs/calculators/demo.md").current_hash == before
    repo.write("calculators/demo.py", 'DEMO = Calculator(id="demo")  # changed\n')
    assert review(repo, "docs/calculators/demo.md").current_hash != before
