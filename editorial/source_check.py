"""What `editorial check` refuses in a page's own source, whether or not the page has a ledger.

Two things, each named with the file and line: what the allow-list sanitiser takes out of the rendered page (`raw_html`), and front matter keys that
restate the ledger (`front_matter.VESTIGIAL`), which would be a second, hand-typed truth about the review.
"""

from __future__ import annotations

from pathlib import Path

from .errors import EditorialError
from .front_matter import VESTIGIAL, parse_front_matter
from .raw_html import refuse_raw_html

__all__ = ["page_source_problems"]


def page_source_problems(root: Path, page: str, data: bytes | None = None) -> list[tuple[int | None, str]]:
    """(line, what and the fix), in line order, for the page's bytes `data` (default: as on disk); a page that cannot
    be read gives one problem with no line."""
    data = (root / page).read_bytes() if data is None else data
    try:
        source = data.decode("utf-8")
        front = parse_front_matter(source, page)
    except UnicodeDecodeError as exc:
        return [(None, f"not valid UTF-8 ({exc.reason} at byte {exc.start}).")]
    except EditorialError as exc:
        return [(None, str(exc).removeprefix(f"{page}: "))]
    problems = [
        (line, f"{what}: refused (the site's allow-list takes it out; see igm_site/sanitize.py).")
        for line, what in refuse_raw_html(root, source, front)
    ]
    for key, truth in VESTIGIAL.items():
        if key in front.data:
            line = front.key_line(key)
            problems.append((line, f"front matter field '{key}' is refused: {truth}. Delete the line."))
    return sorted(problems)
