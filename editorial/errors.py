"""The one error the editorial package raises for bad input: its message names the file and the field."""

from __future__ import annotations

__all__ = ["EditorialError"]


class EditorialError(ValueError):
    """A declaration, a ledger or a command is wrong; the message says where."""
