"""What `editorial check` refuses in a page's own source, whether or not the page has a ledger.

Two things, each named with the file and line: HTML the page may not carry (`raw_html`), and front matter keys that
restate the ledger (`front_matter.VESTIGIAL`), which would be a second, hand-typed truth about the review.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .errors import EditorialError
from .front_matter import VESTIGIAL, parse_front_matter
from .raw_html import refuse_raw_html

__all__ = ["page_source_problems"]


def page_source_problems(root: Path, page: str) -> list[tuple[int | None, str]]:
    """(line, what and the fix), in line order; a page that cannot be read gives one problem with no line."""
    return list(_problems(page, (root / page).read_bytes()))


@functools.lru_cache(maxsize=1024)  # `editorial check` and the plugin both ask in one build: same bytes, same answer
def _problems(page: str, data: bytes) -> tuple[tuple[int | None, str], ...]:
    try:
        source = data.decode("utf-8")
        front = parse_front_matter(source, page)
    except UnicodeDecodeError as exc:
        return ((None, f"not valid UTF-8 ({exc.reason} at byte {exc.start})."),)
    except EditorialError as exc:
        return ((None, str(exc).removeprefix(f"{page}: ")),)
    problems = [
        (finding.line, f"{finding.what}: refused (a page carries no executable, framing or concealing HTML).")
        for finding in refuse_raw_html(page, source, front)
    ]
    for key, truth in VESTIGIAL.items():
        if key in front.data:
            line = front.key_line(key)
            problems.append((line, f"front matter field '{key}' is refused: {truth}. Delete the line."))
    return tuple(sorted(problems))
