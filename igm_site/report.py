"""Where a reader's report of a problem, or of a vulnerability, can go: no person is invented.

The addresses are the project's own, from configuration only: `report_email` (a role address) and `forge_url` (the
repository on the forge) in mkdocs.yml under `igm-guide`; in a GitHub Actions build the repository the workflow runs
for (GITHUB_SERVER_URL and GITHUB_REPOSITORY, set by the forge itself) stands in for `forge_url`. A build that knows
neither still offers "Report a problem" (an e-mail whose recipient the reader fills in, or a copy of the report), and
writes no `security.txt`: RFC 9116 requires a Contact, and an invented one would be worse than none.

Nothing here sends anything: the page composes a `mailto:` link or a forge "new issue" link that the reader may
follow (`assets/report-problem.js`).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path

__all__ = ["SECURITY_TXT", "report_contacts", "security_txt", "source_date"]

SECURITY_TXT = ".well-known/security.txt"
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$")
_FORGE = re.compile(r"^https://[A-Za-z0-9.-]+(?::\d+)?/[\w.-]+/[\w.-]+$")


def report_contacts(email: str, forge_url: str, env: Mapping[str, str]) -> dict[str, str]:
    """The addresses the page and security.txt may use: `email`, `forge`, `issues` (new issue) and `advisories`
    (a private security advisory), each empty when unknown. Raises ValueError on a malformed configured value."""
    email, forge = email.strip(), forge_url.strip().rstrip("/")
    if email and not _EMAIL.match(email):
        raise ValueError(f"igm-guide report_email: {email!r} is not an e-mail address")
    if not forge and env.get("GITHUB_SERVER_URL") and env.get("GITHUB_REPOSITORY"):
        forge = f"{env['GITHUB_SERVER_URL'].rstrip('/')}/{env['GITHUB_REPOSITORY']}"
    if forge and not _FORGE.match(forge):
        raise ValueError(f"igm-guide forge_url: {forge!r} is not https://host/owner/repository")
    return {
        "email": email,
        "forge": forge,
        "issues": f"{forge}/issues/new" if forge else "",
        "advisories": f"{forge}/security/advisories/new" if forge else "",
    }


def source_date(root: Path, env: Mapping[str, str]) -> dt.datetime:
    """The build's date, reproducibly: SOURCE_DATE_EPOCH, else the last commit's, else now."""
    stamp = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not stamp.isdigit():
        done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True)
        stamp = done.stdout.strip()
    if stamp.isdigit():
        return dt.datetime.fromtimestamp(int(stamp), dt.UTC)
    return dt.datetime.now(dt.UTC)


def security_txt(contacts: Mapping[str, str], built: dt.datetime, site_url: str = "") -> str | None:
    """RFC 9116 security.txt: Contact (the forge's private advisories, then the role address) and Expires, less
    than a year after the build as the RFC recommends; Canonical where the site's address is known."""
    contact = [contacts["advisories"]] if contacts.get("advisories") else []
    contact += [f"mailto:{contacts['email']}"] if contacts.get("email") else []
    if not contact:
        return None
    expires = (built + dt.timedelta(days=364)).replace(microsecond=0)
    lines = [
        "# Security contact for IgM Guide (RFC 9116). Please report a vulnerability privately; do not include",
        "# patient data. Errors in clinical content: use 'Report a problem' at the foot of any page.",
        *(f"Contact: {c}" for c in contact),
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: en",
    ]
    if site_url:
        lines.append(f"Canonical: {site_url.rstrip('/')}/{SECURITY_TXT}")
    return "\n".join(lines) + "\n"
