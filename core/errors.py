"""Errors the services raise, which every entry point turns into a clear answer.

Services raise Django's `ValidationError` for input that cannot be accepted (naming the
field), `NotFound` for a row that does not exist (or was deleted meanwhile) and
`StateConflict` for a change the row as it stands does not take. The API's exception handler
(`core.api.exception_handler`) answers them with a 400 naming the field, a 404 and a 409; the
admin and the commands show their messages.
"""


class NotFound(LookupError):
    """A service was asked about a row that does not exist; the message names it."""


class Conflict(Exception):
    """An editor's change names a version of the row older than the one stored: another
    editor changed it since. Nothing is saved; `current` is the stored version."""

    def __init__(self, message: str, *, current: int):
        super().__init__(message)
        self.current = current


class StateConflict(Exception):
    """A change the row as it stands does not take (a flag dismissed already, for another
    reason): nothing is saved, and the message says what the row holds and what to do."""
