"""What the services share to write rows: lock the row a use case changes, and save a row
only when something changed, so that history records real changes only."""

from core.errors import NotFound


def locked(model, pk, noun: str):
    """The row, locked for the rest of the transaction; NotFound naming it when there is none."""
    row = model.objects.select_for_update(of=("self",)).filter(pk=pk).first()
    if row is None:
        raise NotFound(f"There is no {noun} with id {pk}.")
    return row


def changed_fields(obj, values: dict) -> list[str]:
    """The names in `values` whose value differs from the row's."""
    return [name for name, value in values.items() if getattr(obj, name) != value]


def save_changes(obj, values: dict, *, reason: str, user=None, validate: bool = False) -> list[str]:
    """Set the fields of `values` that differ and save the row with its history reason (and
    user); a new row is always saved. Returns the names that changed (empty: nothing saved).

    `validate` runs the model's full_clean() first, whose ValidationError names the fields.
    """
    changed = changed_fields(obj, values)
    if not changed and obj.pk is not None:
        return []
    for name in changed:
        setattr(obj, name, values[name])
    if validate:
        obj.full_clean()
    obj._change_reason = reason
    if user is not None:
        obj._history_user = user
    obj.save()
    return changed or list(values)
