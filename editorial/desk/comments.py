"""Review comments anchored to a line of the reviewed content, kept beside the ledger.

`docs/articles/x.md` has its comments in `comments/articles/x.jsonl` (beside `ledger/articles/x.jsonl`; not in
`ledger/`, whose every `.jsonl` is a page's ledger). A comment names the content hash it was made on, the line and
the text of that line, so it still reads right after the page has changed. Comments are conversation, not part of
the record that decides a page's status.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path, PurePosixPath

from ..errors import EditorialError

__all__ = ["COMMENTS_DIR", "Comment", "add_comment", "comments_path", "read_comments"]

COMMENTS_DIR = "comments"
MAX_LENGTH = 4000


@dataclasses.dataclass(frozen=True)
class Comment:
    page: str
    line: int
    quote: str
    content_hash: str
    by: str
    at: str
    text: str


def comments_path(page: str, docs_dir: str = "docs") -> str:
    rel = PurePosixPath(page).relative_to(docs_dir)
    return (PurePosixPath(COMMENTS_DIR) / rel).with_suffix(".jsonl").as_posix()


def read_comments(root: Path, page: str, docs_dir: str = "docs") -> list[Comment]:
    path = root / comments_path(page, docs_dir)
    if not path.is_file():
        return []
    comments = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            comments.append(Comment(**{f.name: data[f.name] for f in dataclasses.fields(Comment)}))
    return comments


def add_comment(
    root: Path, page: str, docs_dir: str, *, line: int, text: str, by: str, content_hash: str
) -> tuple[Comment, str]:
    """Append a comment on `line` (1-based) of the page as it is now; return it and the comments file's path."""
    text = text.strip()
    if not text:
        raise EditorialError(f"{page}: a comment needs some text.")
    if len(text) > MAX_LENGTH:
        raise EditorialError(f"{page}: a comment is at most {MAX_LENGTH} characters.")
    lines = (root / page).read_text(encoding="utf-8").splitlines()
    if not 1 <= line <= len(lines):
        raise EditorialError(f"{page}: line {line} does not exist (the page has {len(lines)} lines).")
    at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    comment = Comment(page, line, lines[line - 1], content_hash, by, at, text)
    rel = comments_path(page, docs_dir)
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(dataclasses.asdict(comment), ensure_ascii=False) + "\n")
    return comment, rel
