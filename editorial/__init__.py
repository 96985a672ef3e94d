"""The editorial workflow of IgM Guide: reviewers, signed review statements, review states, the checks.

Public API (see `repository` for the page state, `service` for the acts)::

    Repository(root, strict=False, today=None)    # a repository under editorial control
    Repository.review(page) -> PageReview         # a page's state from its subject digest and valid statements
    check_repository(repo, production) -> [Violation]
    check_site(repo, site_dir) -> [str]           # the built site against the record
    page_content(root, page) -> Content           # what a statement names: .approval_hash (the subject digest)
"""

from __future__ import annotations

from .built_site import check_site, stamp
from .check import Violation, check_repository
from .content import Content, page_content
from .declarations import Declarations, Reviewer, load_declarations
from .errors import EditorialError
from .policy import advisory_board_markdown, editorial_policy_markdown
from .repository import PageReview, Repository, Verdict, find_root

__all__ = ["Content", "Declarations", "EditorialError", "PageReview", "Repository", "Reviewer"]
__all__ += ["Verdict", "Violation", "advisory_board_markdown", "check_repository", "check_site"]
__all__ += ["editorial_policy_markdown", "find_root", "load_declarations", "page_content", "stamp"]
