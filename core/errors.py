"""Errors the services raise, which every entry point turns into a clear answer.

Services raise Django's `ValidationError` for input that cannot be accepted (naming the
field) and `NotFound` for a row that does not exist (or was deleted meanwhile). The API's
exception handler (`core.api.exception_handler`) answers them with a 400 naming the field
and a 404; the admin and the commands show their messages.
"""


class NotFound(LookupError):
    """A service was asked about a row that does not exist; the message names it."""


class Conflict(Exception):
    """An editor's change names a version of the row older than the one stored: another
    editor changed it since. Nothing is saved; `current` is the stored version."""

    def __init__(self, message: str, *, current: int):
        super().__init__(message)
        self.current = current
