"""What the editor services share: checking the rows they point at, naming problems."""

from django.core.exceptions import ValidationError


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
    """Who made the change and why, for the history row the save writes; an editor's change
    moves the row's version on (`core.saving.check_version`)."""
    obj._history_user = user
    obj._change_reason = reason
    if hasattr(obj, "version"):
        obj.version = (obj.version or 0) + 1
