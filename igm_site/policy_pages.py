"""The text of the site's "Editorial policy" and "Medical advisory board" pages, as Markdown, from the editorial
declarations (`igm_site.review` adds them to the build).

The board page lists exactly who is declared in the reviewer set, so the site cannot name a reviewer the repository
does not.
"""

from __future__ import annotations

from collections.abc import Sequence

from editorial.built_site import LABELS
from editorial.declarations import Declarations, Reviewer

__all__ = ["advisory_board_markdown", "editorial_policy_markdown"]


def _row(reviewer: Reviewer) -> str:
    return f"| {reviewer.name} | {reviewer.credentials} | {reviewer.affiliation or '-'} |"


def advisory_board_markdown(declarations: Declarations) -> str:
    lines = ["# Medical advisory board", ""]
    if not declarations.reviewers:
        lines += [
            "**No reviewers have been declared yet.** Until a clinical reviewer is declared in the repository and "
            "approves a page, every page of IgM Guide shows as *Under Review* with a caution, and none is approved.",
            "",
        ]
    for role, heading, duty in (
        ("clinical", "Clinical reviewers", "They check the medical content of every page against its sources."),
        ("technical", "Technical reviewers", "They check that a calculator computes what its page and sources say."),
    ):
        people = sorted((r for r in declarations.reviewers.values() if r.role == role), key=lambda r: r.name)
        lines += [f"## {heading}", "", duty, ""]
        if people:
            lines += ["| Name | Credentials | Affiliation |", "| --- | --- | --- |", *map(_row, people), ""]
        else:
            lines += ["None declared yet.", ""]
    lines += [
        "Reviewers are declared in the repository's signed reviewer set (`reviewers/`); each change to this list is "
        "signed by members of the board before it. See the [editorial policy](editorial-policy.md) for what a review is.",
        "",
    ]
    return "\n".join(lines)


def editorial_policy_markdown(declarations: Declarations, publish: Sequence[str], stale: str = "last-approved") -> str:
    months = declarations.review_interval_months
    shown = ", ".join(LABELS[s] for s in publish if s in LABELS)
    signed = (
        "Each review act (an approval, a withdrawal, a request for changes) is a statement signed with the reviewer's "
        "own SSH key, over a fingerprint of exactly what readers get from the page; the list of reviewers is itself a "
        "chain of versions, each signed by enough members of the one before, so no single person adds a reviewer."
    )
    stale_text = (
        'You read the version the reviewers approved, marked "a revision of this page is under review", until the '
        "revision is approved."
        if stale == "last-approved"
        else "It is shown as Under Review, with a caution and the date of the review of its earlier version."
    )
    return f"""# Editorial policy

IgM Guide is written for healthcare professionals, with plain-language sections for patients. Every article and
calculator page goes through review before readers may rely on it, and shows where it stands.

## Review status

1. **Draft**: being written. Drafts are never published.
2. **Submitted**: the author considers it complete and has asked for review.
3. **Under Review**: a reviewer is checking it, or has asked the author for changes.
4. **Approved**: declared reviewers have approved exactly the text you are reading.

Pages that are not approved carry a caution and ask search engines not to index them. This site publishes pages
that are: {shown}.

## What an approval means

- Only a reviewer declared on the [medical advisory board](advisory-board.md) may approve, and nobody approves their
  own change.
- Every page needs a **clinical** approval. A calculator's own page also needs a **technical** approval: that the
  calculator computes what the page and its sources say.
- An approval records who approved, when, and a fingerprint (SHA-256) of exactly what was approved: the page and
  everything it embeds, including a calculator's declarations and code. If any of it changes afterwards, the page
  is shown as **Under Review** again ("changed since approval") until it is reviewed anew.

## Review dates

Each page shows when it was last reviewed and when its next review is due: every {months["article"]} months for an
article and every {months["calculator"]} months for a page with a calculator, unless the page sets a shorter interval.
A page whose review is overdue is flagged and cannot be published as approved by a production build.

## The record

Every step of every review is a line in a ledger kept in the site's source repository, one file per page. {signed}
Anyone can check a statement without trusting the repository's history. The published site is checked against the
statements after it is built, so no page can claim an approval nobody signed, and each build publishes the statements
it used (`reviews.json`) so that a later build cannot quietly drop an approval or a withdrawal.

## While a revision is reviewed

A page changed after its approval is not published as approved. {stale_text}

## Corrections

If you find an error, tell us: a corrected page goes back through review, and shows as Under Review until then.
"""
