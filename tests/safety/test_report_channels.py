"""Where a report may go, and security.txt (RFC 9116): only addresses the project configured or the forge gave."""

from __future__ import annotations

import datetime as dt

import pytest

from igm_site.report import report_contacts, security_txt

BUILT = dt.datetime(2026, 12, 6, 11, 0, tzinfo=dt.UTC)
FORGE_ENV = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "example-org/igm-guide"}


def _fields(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition(": ")
            out.setdefault(name, []).append(value)
    return out


def test_security_txt_has_the_rfc_9116_fields():
    text = security_txt(report_contacts("", "", FORGE_ENV), BUILT, "https://igm.example.org/")
    fields = _fields(text)
    assert fields["Contact"] == ["https://github.com/example-org/igm-guide/security/advisories/new"]
    (expires,) = fields["Expires"]
    assert dt.datetime.strptime(expires, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC) - BUILT < dt.timedelta(days=365)
    assert fields["Canonical"] == ["https://igm.example.org/.well-known/security.txt"]
    assert set(fields) <= {"Contact", "Expires", "Preferred-Languages", "Canonical", "Policy", "Acknowledgments"}
    role = _fields(security_txt(report_contacts("safety@igm.example.org", "", {}), BUILT))
    assert role["Contact"] == ["mailto:safety@igm.example.org"]


def test_without_a_known_contact_there_is_no_security_txt_and_the_report_names_no_one():
    contacts = report_contacts("", "", {})
    assert security_txt(contacts, BUILT) is None
    assert contacts == {"email": "", "forge": "", "issues": "", "advisories": ""}


def test_a_configured_forge_wins_over_the_ci_environment_and_bad_values_are_refused():
    assert report_contacts("", "https://codeberg.org/igm/guide/", FORGE_ENV)["issues"] == (
        "https://codeberg.org/igm/guide/issues/new"
    )
    for email, forge in (("not an address", ""), ("", "http://github.com/a/b"), ("", "https://github.com/a")):
        with pytest.raises(ValueError):
            report_contacts(email, forge, {})
