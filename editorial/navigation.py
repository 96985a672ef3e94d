"""The nav of mkdocs.yml: add a new page to a section, follow a renamed page, and list what the nav links to."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import EditorialError

__all__ = ["add_to_nav", "nav_pages", "rename_in_nav"]


def nav_pages(nav: Any) -> Iterator[str]:
    """Every page path (relative to docs/) the nav links to."""
    if isinstance(nav, list):
        for item in nav:
            yield from nav_pages(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_pages(value)
    elif isinstance(nav, str) and not re.match(r"^[a-z]+://", nav):
        yield nav


def add_to_nav(config: Path, section: str, title: str, page: str) -> None:
    """Append `title: page` to the top-level nav section `section` (created at the end when missing)."""
    if not config.is_file():
        raise EditorialError(f"{config.name}: not found; cannot add {page} to the nav.")
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(r"^nav:\s*$", line)), None)
    entry = f"{json.dumps(title, ensure_ascii=False)}: {page}"
    if start is None:
        lines += ["\nnav:\n", f"  - {section}:\n", f"      - {entry}\n"]
        config.write_text("".join(lines), encoding="utf-8")
        return
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "-")) or not lines[end].strip()):
        end += 1
    heading = re.compile(rf"^(\s*)-\s+[\"']?{re.escape(section)}[\"']?:\s*$")
    for index in range(start + 1, end):
        match = heading.match(lines[index].rstrip("\n"))
        if match:
            indent = len(match.group(1))
            last = index + 1
            while last < end and (not lines[last].strip() or len(lines[last]) - len(lines[last].lstrip()) > indent):
                last += 1
            while last > index + 1 and not lines[last - 1].strip():
                last -= 1
            lines.insert(last, f"{' ' * (indent + 4)}- {entry}\n")
            break
    else:
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        lines[end:end] = [f"  - {section}:\n", f"      - {entry}\n"]
    config.write_text("".join(lines), encoding="utf-8")


def rename_in_nav(config: Path, old: str, new: str) -> bool:
    if not config.is_file():
        return False
    text = config.read_text(encoding="utf-8")
    changed = re.sub(rf"(:\s*|-\s+){re.escape(old)}\s*$", lambda m: m.group(1) + new, text, flags=re.MULTILINE)
    if changed != text:
        config.write_text(changed, encoding="utf-8")
    return changed != text
