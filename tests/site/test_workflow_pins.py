"""CI's supply chain (reliability review 2026-12, F13): every action pinned by a full commit SHA, every job with a
time limit, the dependency audit run, the deploy going to a host that applies `_headers` and checking them (F7), and
`make lock` installing uv by hash. Before: actions by tag, no timeouts, no audit, GitHub Pages, `pip install uv`."""

from __future__ import annotations

import re

import yaml

from tests.support.build import ROOT

WORKFLOW = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def _steps():
    for name, job in WORKFLOW["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def test_every_action_is_pinned_by_commit():
    uses = [(job, step["uses"]) for job, step in _steps() if "uses" in step]
    assert uses
    for job, ref in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), (job, ref)


def test_every_job_has_a_time_limit():
    for name, job in WORKFLOW["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int) and job["timeout-minutes"] <= 60, name


def test_the_audit_runs_and_fails_on_a_finding():
    assert any("make audit" in step.get("run", "") for _, step in _steps())
    audit = MAKEFILE.split("\naudit:", 1)[1].split("\n\n", 1)[0]
    assert "pip-audit --strict" in audit and "-r requirements.lock" in audit and "-r requirements-uv.txt" in audit
    assert "npm audit --audit-level=low" in audit


def test_the_deploy_goes_where_headers_apply_and_checks_them():
    publish = WORKFLOW["jobs"]["publish"]
    text = yaml.safe_dump(publish)
    assert "pages deploy site" in text and "upload-pages-artifact" not in text and "deploy-pages" not in text
    checks = [s["run"] for s in publish["steps"] if "igm_site.header_check" in s.get("run", "")]
    assert checks and all("--site site" in c for c in checks)
    assert publish.get("permissions") is None  # the workflow's contents: read, no pages or id-token


def test_make_lock_installs_uv_by_hash():
    lock = MAKEFILE.split("\nlock:", 1)[1].split("\n\n", 1)[0]
    assert "--require-hashes" in lock and "requirements-uv.txt" in lock
    pins = (ROOT / "requirements-uv.txt").read_text()
    assert re.search(r"^uv==[\d.]+ \\$", pins, re.M) and pins.count("--hash=sha256:") >= 10


def test_every_container_is_pinned_by_digest_and_can_be_repinned():
    images = [job["container"] for job in WORKFLOW["jobs"].values() if "container" in job]
    assert images
    for image in images:
        assert re.fullmatch(r"debian:trixie@sha256:[0-9a-f]{64}", image), image
    repin = (ROOT / ".ci/pin-container").read_text(encoding="utf-8")
    assert "image=debian tag=trixie" in repin and "ci.yml" in repin
