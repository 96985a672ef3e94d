"""The built-site check: a page may claim approval only if the ledger, verified the production way, supports it.

It reads the built HTML and nothing of MkDocs, so a build that skipped the igm-guide plugin (and its stamp) or
forged a stamp is caught. It reads each page with an HTML5 parser, as a browser does, and also checks what a reader sees (`reader_view`): the status box with the ledger's label,
the caution and `noindex` on every page that is not approved, and the disclaimer, each present and not hidden. Run it as `editorial check-site site/`.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from .errors import EditorialError
from .published import shown_all
from .reader_view import ReaderView
from .repository import Repository

__all__ = ["LABELS", "STAMP", "check_site", "parse_stamp", "stamp"]

STAMP = "igm-approval"
LABELS = {"submitted": "Submitted", "under_review": "Under Review", "approved": "Approved"}  # what readers see


def stamp(state: str, content_hash: str, page: str) -> str:
    """The content of `<meta name="igm-approval">` the plugin writes into each reviewed page."""
    return f"state={state}; hash={content_hash}; page={page}"


def parse_stamp(text: str) -> dict[str, str]:
    return dict(part.strip().partition("=")[::2] for part in text.split(";") if "=" in part)


class _Claims(ReaderView):
    """The page's claims of a review status, and (as a ReaderView) what a reader sees of them: one parse."""

    def __init__(self, html: str) -> None:
        super().__init__(html)
        self.stamps = [parse_stamp(m.attributes.get("content") or "") for m in self.tree.css(f'meta[name="{STAMP}"]')]
        self.review_status = [
            n.attributes.get("data-review-status") or "" for n in self.tree.css("[data-review-status]")
        ]
        self.json_ld = [n.text(deep=True) for n in self.tree.css('script[type="application/ld+json"]')]

    def claims_approval(self) -> bool:
        if any(s.get("state") == "approved" for s in self.stamps) or "approved" in self.review_status:
            return True
        for block in self.json_ld:
            try:
                data = json.loads(block)
            except json.JSONDecodeError:
                continue
            items = data if isinstance(data, list) else [data]
            if any(isinstance(i, dict) and ("reviewedBy" in i or "lastReviewed" in i) for i in items):
                return True
        return False


def _built_pages(page: str, docs_dir: str) -> list[str]:
    rel = PurePosixPath(page).relative_to(docs_dir).with_suffix("")
    if rel.name in ("index", "README"):
        return [(rel.parent / "index.html").as_posix().removeprefix("./")]
    return [(rel / "index.html").as_posix(), rel.with_suffix(".html").as_posix()]


def check_site(repo: Repository, site: Path) -> list[str]:
    """Every way the built `site` disagrees with the ledger, as messages naming the page."""
    if not site.is_dir():
        raise EditorialError(f"{site}: no built site here.")
    publish = tuple(repo.plugin_config.get("publish") or LABELS)
    problems: list[str] = []
    expected: dict[str, tuple[str, str | None, str]] = {}
    views = shown_all(repo)  # a page may be built from its last approved version (the `stale` policy)
    for page, review in repo.reviews().items():
        if isinstance(review, EditorialError):
            raise review
        view = views[page]
        for built in _built_pages(page, repo.docs_dir):
            expected[built] = (page, view.status, view.content_hash)
    for html in sorted(site.rglob("*.html")):
        built = html.relative_to(site).as_posix()
        source = html.read_bytes()
        expectation = expected.get(built, (None, None, ""))
        problems += _page_problems(built, source, expectation, publish)
    return problems


def _page_problems(built: str, source: bytes, expected: tuple[str | None, str | None, str], publish) -> list[str]:
    problems: list[str] = []
    page, status, current = expected
    if page is not None and (status == "draft" or status not in publish):
        return [f"{page}: built as {built} although its status {status} is not published by the policy."]
    claims = _Claims(source.decode("utf-8", errors="replace"))
    if page is None:
        if claims.claims_approval() or claims.stamps:
            named = claims.stamps[0].get("page", "?") if claims.stamps else "?"
            problems.append(f"{built}: claims a review status (page {named}) without a matching ledger entry.")
        return problems
    if not claims.stamps:
        problems.append(
            f'{page}: {built} carries no <meta name="{STAMP}"> stamp; was it built without the igm-guide plugin?'
        )
    for found in claims.stamps:
        if found.get("page") != page or found.get("state") != status or found.get("hash") != current:
            problems.append(
                f"{page}: {built} is stamped {found.get('state')} {found.get('hash')}, but the ledger and the "
                f"content give {status} {current}."
            )
    if claims.claims_approval() and status != "approved":
        problems.append(f"{page}: {built} claims approval without a matching ledger entry (ledger: {status}).")
    problems += [f"{page}: {built} {problem}" for problem in reader_problems(claims, status)]
    return problems


def reader_problems(page: str | ReaderView, status: str) -> list[str]:
    """What a reader of a page (its HTML, or as already read) with this ledger status should see and does not."""
    view = ReaderView(page) if isinstance(page, str) else page
    problems = []
    boxes = view.all("igm-review")
    visible_boxes = view.visible("igm-review")
    if len(boxes) != 1 or len(visible_boxes) != 1:
        problems.append(
            f"shows {len(visible_boxes)} visible review status box(es) of {len(boxes)}; a reader must see exactly one."
        )
    elif visible_boxes[0].attrs.get("data-review-status") != status:
        problems.append(
            f"shows review status {visible_boxes[0].attrs.get('data-review-status')!r}; the ledger gives {status}."
        )
    labels = " ".join(" ".join(m.text.split()) for m in view.visible("igm-review__title"))
    others = [label for state, label in LABELS.items() if state != status and label in labels]
    if LABELS.get(status, status) not in labels or others:
        problems.append(f"shows the status label {labels!r}; the ledger gives {LABELS.get(status, status)!r}.")
    if status != "approved":
        if not any("pending human review" in m.text for m in view.visible("igm-caution")):
            problems.append("has no visible caution ('pending human review') although it is not approved.")
        if not view.noindex:
            problems.append('has no <meta name="robots" content="noindex"> although it is not approved.')
    if not any(len(m.text.split()) > 5 for m in view.visible("igm-disclaimer")):
        problems.append("has no visible professional medical disclaimer.")
    return problems
