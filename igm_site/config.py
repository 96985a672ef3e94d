"""Options of the igm-guide plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

PUBLISHABLE = ("submitted", "under_review", "approved")
DEFAULT_DISCLAIMER = (
    "This information is intended for healthcare professionals. Any medical decision-making should rely on "
    "clinical judgment and independently verified information. The content provided here does not replace "
    "professional discretion and should be considered supplementary to established clinical guidelines. "
    "Healthcare providers should verify all information against primary literature and current practice "
    "standards before applying it in patient care. IgM Guide assumes no liability for clinical decisions "
    "based on this content. Patients and caregivers: discuss anything you read here with your own doctor."
)


class IgmGuideConfig(Config):
    # No `enabled` switch: the templates, the review status and the approval gate all depend on this plugin.
    disclaimer = c.Type(str, default=DEFAULT_DISCLAIMER)
    # Where the pinned npm package put the Pyodide core; relative paths are from mkdocs.yml.
    pyodide_dir = c.Type(str, default="node_modules/pyodide")
    # Which review states are published (with the caution when not approved); drafts never are.
    publish = c.ListOfItems(c.Choice(PUBLISHABLE), default=list(PUBLISHABLE))
    # A page changed since its approval: readers see the last approved version ("a revision is under review"), or
    # the current text as Under Review with the caution. Read by the editorial package from mkdocs.yml too.
    stale = c.Choice(("last-approved", "under-review"), default="last-approved")
    # Where a reader's report of a problem may go (igm_site/report.py): a role address, and the repository on the forge
    # ("https://host/owner/repo"; in a GitHub Actions build the workflow's own repository is used when this is empty).
    report_email = c.Type(str, default="")
    forge_url = c.Type(str, default="")
