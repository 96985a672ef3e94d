"""The editors' desk (`editorial serve`): write, preview, review and approve in the browser, on the editor's own
clone, through the same editorial functions as the command line. See app.py for the routes and security.py for
what keeps other pages and hosts out."""

from __future__ import annotations

__all__ = ["run"]


def run(*args, **kwargs):
    from .serve import run as serve

    return serve(*args, **kwargs)
