"""The editorial workflow of IgM Guide: reviewers, the ledger, review states, the checks. It knows nothing of HTML.

Public API::

    Repository(root, strict=False, today=None)    # a repository under editorial control
    Repository.review(page) -> PageReview         # a page's derived status, approval, dates, reviewers
    check_repository(repo, production) -> [Violation]
    check_site(repo, site_dir) -> [str]           # the built site against the ledger
    page_content(root, page) -> Content           # what an approval binds to; .approval_hash
"""

from __future__ import annotations

from .built_site import check_site, stamp
from .check import Violation, check_repository
from .content import Content, page_content
from .declarations import Declarations, Reviewer, load_declarations
from .errors import EditorialError
from .history_cache import enable as _enable_history_cache
from .policy import advisory_board_markdown, editorial_policy_markdown
from .repository import PageReview, Repository, find_root
from .workflow import DISPLAYED, STATES

_enable_history_cache()  # one read of git history per run instead of one per page (history_cache)

__all__ = [
    "DISPLAYED",
    "STATES",
    "Content",
    "Declarations",
    "EditorialError",
    "PageReview",
    "Repository",
    "Reviewer",
    "Violation",
    "advisory_board_markdown",
    "check_repository",
    "check_site",
    "editorial_policy_markdown",
    "find_root",
    "load_declarations",
    "page_content",
    "stamp",
]
