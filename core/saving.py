"""What the services share to write rows: lock the row a use case changes, and save a row
only when something changed, so that history records real changes only."""

from core.errors import Conflict, NotFound


def locked(model, pk, noun: str):
    """The row, locked for the rest of the transaction; NotFound naming it when there is none."""
    row = model.objects.select_for_update(of=("self",)).filter(pk=pk).first()
    if row is None:
        raise NotFound(f"There is no {noun} with id {pk}.")
    return row


def check_version(row, expected, noun: str) -> None:
    """Refuse a change made from an older version of the row (optimistic locking): `expected`
    is the version the editor loaded (None: not said, no check). Called with the row locked,
    so that two saves from the same version get one success and one Conflict."""
    if expected is None:
        return
    if int(expected) != row.version:
        last = row.history.first() if hasattr(row, "history") else None
        by = ""
        if last is not None and last.history_user is not None:
            by = f" by {last.history_user.get_username()} at {last.history_date:%Y-%m-%d %H:%M}"
        reason = f" ({last.history_change_reason})" if last is not None and last.history_change_reason else ""
        raise Conflict(
            f"The {noun} was changed since you loaded it{by}{reason}: you started from version "
            f"{expected}, it is now at version {row.version}. Reload it and make your change again.",
            current=row.version,
        )


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
