"""`editorial notify`: per person, an e-mail text and an Atom feed of what needs them; nothing for someone nothing
needs."""

from __future__ import annotations

import email
import subprocess
import sys
import xml.etree.ElementTree as ET

from .conftest import editorial_step, under_review


def test_notify_writes_what_needs_each_person(site_repo, people, tmp_path):
    page = under_review(site_repo, people)
    out = tmp_path / "notices"
    done = subprocess.run(
        [sys.executable, "-m", "editorial", "--root", str(site_repo), "notify", "--out", str(out)],
        capture_output=True,
        text=True,
        env=people["ann"].env(),
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["rita@example.org.atom", "rita@example.org.eml"]
    message = email.message_from_string((out / "rita@example.org.eml").read_text())
    assert message["To"] == "Rita Reviewer <rita@example.org>" and "1 page needs you" in message["Subject"]
    assert f"Awaiting your review:\n  - {page}" in message.get_payload()
    feed = ET.fromstring((out / "rita@example.org.atom").read_text())
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
    assert titles == [f"Awaiting your review: {page}"]
    # Rita asks for changes: now Ann (who submitted it) is told, with Rita's note; Rita is not.
    editorial_step(site_repo, people["rita"], "request-changes", page, "--note", "Cite the primary source.")
    for path in out.iterdir():
        path.unlink()
    subprocess.run(
        [sys.executable, "-m", "editorial", "--root", str(site_repo), "notify", "--out", str(out)],
        check=True,
        capture_output=True,
        env=people["ann"].env(),
    )
    assert sorted(p.name for p in out.iterdir()) == ["ann@example.org.atom", "ann@example.org.eml"]
    assert "Cite the primary source." in (out / "ann@example.org.eml").read_text()
