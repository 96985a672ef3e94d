"""The editorial workflow of IgM Guide: reviewers, signed review statements, review states, the checks.

Public API (see `repository` for the page state, `service` for the acts)::

    Repository(root, strict=False, today=None)    # a repository under editorial control
    Repository.review(page) -> PageReview         # a page's state from its subject digest and valid statements
    check_repository(repo, production) -> [Violation]
    check_site(repo, site_dir) -> [str]           # the built site against the record
    page_content(root, page) -> Content           # what a statement names: .approval_hash (the subject digest)

Names are imported when first used (PEP 562), so `editorial status` does not load the HTML checks.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "check_site": "built_site", "stamp": "built_site", "Violation": "check", "check_repository": "check",
    "Content": "content", "page_content": "content", "Declarations": "declarations", "Reviewer": "declarations",
    "load_declarations": "declarations", "EditorialError": "errors", "PageReview": "repository", "Repository": "repository",
    "Verdict": "repository", "find_root": "repository",
}  # fmt: skip
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'editorial' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
