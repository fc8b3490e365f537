"""What the editor services share: locking a row, validating it, naming problems."""

from django.core.exceptions import ValidationError

from core.errors import NotFound


def locked(model, pk, noun: str):
    """The row, locked for the rest of the transaction; NotFound when there is none."""
    row = model.objects.select_for_update(of=("self",)).filter(pk=pk).first()
    if row is None:
        raise NotFound(f"There is no {noun} with id {pk}.")
    return row


def existing(model, pk, noun: str, *, field: str):
    """A row another one points at; a ValidationError on `field` when there is none."""
    if pk is None:
        return None
    row = model.objects.filter(pk=pk).first()
    if row is None:
        raise ValidationError({field: f"There is no {noun} with id {pk}."})
    return row


def unknown_fields(changes: dict, allowed) -> None:
    """A service is called with fields it does not change: a programming error, said early."""
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise TypeError(f"Cannot change {', '.join(unknown)} here.")


def stamp(obj, *, user, reason: str) -> None:
    """Who made the change and why, for the history row the save writes."""
    obj._history_user = user
    obj._change_reason = reason
