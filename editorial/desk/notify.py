"""`editorial notify`: what needs each person, as an e-mail text and an Atom feed, for a forge job or cron to send.

No mail server runs here: this writes, for every declared reviewer and every author who has a page in the record
(or for one address), `<address>.eml` (an RFC 5322 message, ready for `sendmail -t` or a forge's mail action) and
`<address>.atom` (a feed a reader or a chat integration can poll). Nothing is written for someone nothing needs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.message
import email.utils
import hashlib
from pathlib import Path
from xml.sax.saxutils import escape

from .. import service
from ..repository import Repository

__all__ = ["Notice", "notices", "write_notices"]

SECTIONS = (
    ("awaiting_my_review", "Awaiting your review"),
    ("changes_requested", "Changes requested of you"),
    ("due_soon", f"Review due within {service.DUE_WITHIN_DAYS} days or overdue"),
)


@dataclasses.dataclass(frozen=True)
class Notice:
    name: str
    email: str
    items: tuple[tuple[str, service.InboxItem], ...]  # (section title, item)

    def subject(self) -> str:
        return f"IgM Guide: {len(self.items)} page{'s' * (len(self.items) != 1)} need{'s' * (len(self.items) == 1)} you"

    def mail(self, sender: str, today: dt.date) -> str:
        message = email.message.EmailMessage()
        message["To"] = email.utils.formataddr((self.name, self.email))
        message["From"] = sender
        message["Subject"] = self.subject()
        message["Date"] = email.utils.format_datetime(dt.datetime.combine(today, dt.time(7), dt.UTC))
        lines = [f"Dear {self.name},", "", f"As of {today}, these pages need you in the editors' desk:", ""]
        for title in dict.fromkeys(t for t, _ in self.items):
            lines.append(f"{title}:")
            for _, item in (pair for pair in self.items if pair[0] == title):
                lines.append(f"  - {item.page}" + (f" ({item.detail})" if item.detail else ""))
            lines.append("")
        lines += ["Open the desk on your clone with `editorial serve`, then press Pull.", ""]
        message.set_content("\n".join(lines), cte="8bit")  # readable as it stands, by a person or a cron log
        return message.as_string()

    def atom(self, today: dt.date) -> str:
        updated = f"{today.isoformat()}T00:00:00Z"
        feed_id = "urn:sha256:" + hashlib.sha256(f"igm-guide-notices:{self.email}".encode()).hexdigest()
        entries = []
        for title, item in self.items:
            key = hashlib.sha256(f"{self.email}:{title}:{item.page}:{item.ledger_status}".encode()).hexdigest()
            summary = f"{title}: {item.page}" + (f" ({item.detail})" if item.detail else "")
            entries.append(
                "  <entry>\n"
                f"    <id>urn:sha256:{key}</id>\n"
                f"    <title>{escape(title)}: {escape(item.page)}</title>\n"
                f"    <updated>{updated}</updated>\n"
                f"    <summary>{escape(summary)}</summary>\n"
                "  </entry>\n"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom">\n'
            f"  <id>{feed_id}</id>\n"
            f"  <title>IgM Guide: what needs {escape(self.name)}</title>\n"
            f"  <updated>{updated}</updated>\n"
            f"  <author><name>{escape(self.name)}</name></author>\n" + "".join(entries) + "</feed>\n"
        )


def _people(repo: Repository) -> dict[str, str]:
    """E-mail → name: every current reviewer, and everyone the ledgers record as creating or submitting a page."""
    people = {r.email.lower(): r.name for r in repo.declarations.reviewers.values() if not r.retired}
    for review in repo.reviews().values():
        if isinstance(review, Exception):  # a broken ledger names nobody; `editorial check` reports it
            continue
        for verdict in review.verdicts:
            line = verdict.line
            if line.kind in ("created", "submitted") and line.email and line.email not in people:
                people[line.email] = line.by.split(" <", 1)[0]
    return people


def notices(repo: Repository, only: str | None = None) -> list[Notice]:
    found = []
    for address, name in sorted(_people(repo).items()):
        if only and address != only.lower():
            continue
        box = service.inbox(repo, (name, address))
        items = tuple((title, item) for key, title in SECTIONS for item in getattr(box, key))
        if items:
            found.append(Notice(name, address, items))
    return found


def write_notices(repo: Repository, out: Path, sender: str, only: str | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for notice in notices(repo, only):
        for suffix, text in ((".eml", notice.mail(sender, repo.today)), (".atom", notice.atom(repo.today))):
            path = out / f"{notice.email}{suffix}"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
