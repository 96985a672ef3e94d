"""A page's front matter, parsed by MkDocs' own parser, so the ledger tools and the site read the same bytes alike.

`mkdocs.utils.meta.get_data` is what MkDocs calls on every page (its pattern, its YAML loader, its MultiMarkdown
fallback). It silently drops front matter that is not valid YAML; here that is an error naming the page, because a
page whose metadata vanished would be published without it.

Keys that restate what the ledger says are refused on every page (`VESTIGIAL`): the ledger is the only record of a
page's review status and reviewers, and git the only record of when its text last changed.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path
from typing import Any

import yaml

from .errors import EditorialError


def _mkdocs_meta():
    """mkdocs/utils/meta.py, loaded alone: `import mkdocs.utils.meta` first runs mkdocs/utils/__init__.py, which
    imports most of MkDocs (a sixth of `editorial status`); meta.py itself needs only `re` and `yaml`."""
    origin = importlib.util.find_spec("mkdocs").origin  # finds the package without importing it
    spec = importlib.util.spec_from_file_location("editorial_mkdocs_meta", Path(origin).parent / "utils" / "meta.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mkdocs_meta = _mkdocs_meta()

__all__ = ["VESTIGIAL", "FrontMatter", "parse_front_matter", "read_front_matter"]

# key -> where the truth now lives (shown in the refusal)
VESTIGIAL = {
    "review_status": "the page's ledger (ledger/<page>.jsonl) decides the status; see `editorial status`",
    "reviewers": "approvals are recorded in the ledger by declared reviewers (editorial.yml)",
    "last_updated": "the site shows the date of the page's last commit",
}


@dataclasses.dataclass(frozen=True)
class FrontMatter:
    data: dict[str, Any]
    body: str
    body_line: int  # the 1-based line of the file where the body starts
    head_lines: tuple[str, ...] = ()  # the lines before the body: the front matter block

    def key_line(self, key: str) -> int:
        """The line of a top-level key in the file (1 when it cannot be found, e.g. a key written in flow style)."""
        for number, line in enumerate(self.head_lines, start=1):
            if line.startswith((f"{key}:", f"{key} :")):
                return number
        return 1


# A page's front matter is a few dozen lines; a limit and no aliases keep every walk over it linear and short (an
# alias bomb of ten lines would otherwise make 9**8 strings for the checks to visit: reliability review 2026-12, F4).
MAX_FRONT_MATTER = 64 * 1024


def _refused_yaml(block: str) -> str | None:
    if len(block) > MAX_FRONT_MATTER:
        return f"front matter is {len(block)} characters, more than the {MAX_FRONT_MATTER} allowed."
    if "&" not in block and "*" not in block:
        return None  # no anchor or alias can be written without one of them
    try:
        for event in yaml.parse(block, Loader=mkdocs_meta.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 2  # after the opening "---"
                return f"front matter line {line}: YAML anchors and aliases (&name, *name) are refused; write the value out."
    except yaml.YAMLError:
        return None  # reported below, with the loader's own message
    return None


def _parse(text: str) -> tuple[str, Any, str | None]:
    match = mkdocs_meta.YAML_RE.match(text)
    if match and (refused := _refused_yaml(match.group(1))):
        return text[match.end() :], {}, refused
    body, data = mkdocs_meta.get_data(text)
    error = None
    if match and not data:
        # MkDocs swallows the YAML error and leaves the block in the body; find out why it failed.
        try:
            loaded = yaml.load(match.group(1), mkdocs_meta.SafeLoader)
        except yaml.YAMLError as exc:
            error = f"front matter is not valid YAML: {exc}"
        else:
            if loaded is not None and not isinstance(loaded, dict):
                error = "front matter must be a mapping."
    return body, data, error


def parse_front_matter(text: str, page: str) -> FrontMatter:
    """Split `text` (a page's source) the way MkDocs does; raise EditorialError naming `page` if MkDocs would drop it."""
    body, data, error = _parse(text)
    if error:
        raise EditorialError(f"{page}: {error}")
    head = text[: len(text) - len(body)] if text.endswith(body) else ""
    return FrontMatter(
        data=data,
        body=body,
        body_line=head.count("\n") + 1,
        head_lines=tuple(head.splitlines()),
    )


def read_front_matter(path: Path, page: str) -> FrontMatter:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise EditorialError(f"{page}: not valid UTF-8 ({exc.reason} at byte {exc.start}).") from None
    return parse_front_matter(text, page)
