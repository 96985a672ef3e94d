"""Wide tables on a phone: a table of four or more columns becomes a stack of cards under 600 px (igm-reader.css),
each cell led by its column's heading, so no column (a regimen table's "Avoid or take care if") sits off-screen.

Python-Markdown writes its tables in one shape (`<table>`, `<thead>` with one row of `<th>`, `<tbody>`): each
`<td>` gets `data-label` from the heading above it, and the table the class `igm-stack`.
"""

from __future__ import annotations

import html
import re

__all__ = ["MIN_COLUMNS", "stack_wide_tables"]

MIN_COLUMNS = 4
TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
HEAD = re.compile(r"<thead>(.*?)</thead>", re.DOTALL)
HEADING = re.compile(r"<th[^>]*>(.*?)</th>", re.DOTALL)
ROW = re.compile(r"<tr>(.*?)</tr>", re.DOTALL)
CELL = re.compile(r"<td(?=[\s>])")
TAG = re.compile(r"<[^>]+>")


def _label(cell_html: str) -> str:
    return html.escape(html.unescape(TAG.sub("", cell_html)).strip(), quote=True)


def _stack(match: re.Match[str]) -> str:
    inner = match.group(1)
    head = HEAD.search(inner)
    labels = [_label(h) for h in HEADING.findall(head.group(1))] if head else []
    if len(labels) < MIN_COLUMNS:
        return match.group(0)
    body = inner[head.end() :]

    def row(row_match: re.Match[str]) -> str:
        cells = iter(labels)
        return "<tr>" + CELL.sub(lambda _: f'<td data-label="{next(cells, "")}"', row_match.group(1)) + "</tr>"

    return f'<table class="igm-stack">{inner[: head.end()]}{ROW.sub(row, body)}</table>'


def stack_wide_tables(page_html: str) -> str:
    return TABLE.sub(_stack, page_html)
