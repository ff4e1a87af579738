"""Errors an operation reports to the user, in the user's language."""

from __future__ import annotations

from opsdesk.i18n import t


class OpError(Exception):
    """Base: the message is ready to show."""


class ValidationError(OpError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class ConflictError(OpError):
    def __init__(self) -> None:
        super().__init__(t("Someone else changed this record in the meantime. Reload it and try again."))


class NotFound(OpError):
    pass
