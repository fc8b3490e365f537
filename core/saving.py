"""What the services share to write rows: lock the row a use case changes, and save a row
only when something changed, so that history records real changes only."""

import datetime
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import get_change_reason_from_object

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
        what = changed_since(row, last, int(expected))
        what = f" {what}" if what else ""
        raise Conflict(
            f"The {noun} was changed since you loaded it{by}{reason}:{what} you started from "
            f"version {expected}, it is now at version {row.version}. Reload it and make your "
            "change again.",
            current=row.version,
        )


# Kept by the application, not typed by an editor: not news to one whose change was refused.
_BOOKKEEPING = {"version", "updated_at", "created_at", "verified_at", "search_vector"}


def changed_since(row, last, version: int) -> str:
    """ "its quote and wording changed;": what differs between the row as an editor loaded it
    (its history row at `version`) and as it is now (its last history row); "" when that is
    not known (no history kept, or none at that version)."""
    if last is None:
        return ""
    loaded = row.history.filter(version=version).order_by("-history_date", "-history_id").first()
    if loaded is None or loaded.pk == last.pk:
        return ""
    names = [c.field for c in last.diff_against(loaded).changes if c.field not in _BOOKKEEPING]
    if not names:
        return ""
    fields = [str(row._meta.get_field(name).verbose_name) for name in names]
    listed = fields[0] if len(fields) == 1 else f"{', '.join(fields[:-1])} and {fields[-1]}"
    return f"its {listed} changed;"


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


@contextmanager
def history_held(obj):
    """Saves of `obj` and changes to its many-to-many fields inside write no history row of
    their own (simple-history's `skip_history_when_saving`): the use case writes the one row
    of the change after (a save of the row, or `record_history`)."""
    obj.skip_history_when_saving = True
    try:
        yield obj
    finally:
        del obj.skip_history_when_saving


def record_history(obj, *, created: bool) -> None:
    """The one history row of a row written under `history_held`, with its
    many-to-many fields as they now stand, and the change reason and user set on it.

    A save and a change to a many-to-many field that history keeps are one change, which
    simple-history would record in a row for the save and one more for each removal and
    addition (the first of them a state that never was); a new row's "+" would keep none of
    its many-to-many links, set after it is inserted."""
    _history(type(obj), [obj], now=timezone.now(), batch_size=1, history_type="+" if created else "~")


class Changes:
    """New rows, changes to existing rows and rows to delete, gathered during a use case and
    saved together at its end: one INSERT, one UPDATE and one DELETE per model and batch, and
    their history rows in one INSERT each (with those of the many-to-many fields history
    keeps), where saving or deleting each row took two to four queries.

    Rows are not save()d: whatever a model's save() derives, the caller derives before
    `change()` (Claim.derive_verdict). `auto_now` fields are set, as save() would set them.
    """

    def __init__(self):
        self._rows: dict[type, dict[int, tuple[object, set[str]]]] = {}
        self._new: dict[type, list] = {}
        self._deleted: dict[type, dict[int, object]] = {}

    def create(self, obj, *, reason: str) -> None:
        """A new row, inserted by `save()` with its history."""
        obj._change_reason = reason
        self._new.setdefault(type(obj), []).append(obj)

    def change(self, obj, values: dict, *, reason: str, also: tuple[str, ...] = ()) -> list[str]:
        """Set the fields of `values` that differ on the row (saved by `save()`); `also`
        names fields the caller derives from them. Returns the names that changed."""
        changed = changed_fields(obj, values)
        if not changed:
            return []
        for name in changed:
            setattr(obj, name, values[name])
        obj._change_reason = reason
        _row, names = self._rows.setdefault(type(obj), {}).setdefault(obj.pk, (obj, set()))
        names.update(changed, also)
        return changed

    def delete(self, obj, *, reason: str) -> None:
        """A row to delete, by `save()`, with a history row of its last state, as
        simple-history records a delete(). Only for rows no other row depends on: the
        DELETE is the database's, without the cascades Django emulates."""
        if any(rel.on_delete is not models.DO_NOTHING for rel in type(obj)._meta.related_objects):
            raise TypeError(f"{type(obj).__name__} rows have dependents: delete them with delete()")
        obj._change_reason = reason
        self._rows.get(type(obj), {}).pop(obj.pk, None)
        self._deleted.setdefault(type(obj), {})[obj.pk] = obj

    def __len__(self) -> int:
        return (
            sum(len(rows) for rows in self._rows.values())
            + sum(map(len, self._new.values()))
            + sum(map(len, self._deleted.values()))
        )

    def save(self, *, batch_size: int = 500) -> None:
        now = timezone.now()
        # Deleted first: a new row may take the place (a unique key) of one deleted.
        for model, deleted in self._deleted.items():
            objs = list(deleted.values())
            _history(model, objs, now=now, batch_size=batch_size, history_type="-")
            _delete(model, [obj.pk for obj in objs], batch_size=batch_size)
        for model, objs in self._new.items():
            _insert(model, objs, batch_size=batch_size)
            _history(model, objs, now=now, batch_size=batch_size, history_type="+")
        for model, rows in self._rows.items():
            objs = [obj for obj, _names in rows.values()]
            names = set().union(*(names for _obj, names in rows.values()))
            for field in model._meta.concrete_fields:
                if getattr(field, "auto_now", False):
                    names.add(field.name)
                    for obj in objs:
                        setattr(obj, field.attname, now)
            _update(model, objs, sorted(names), batch_size=batch_size)
            _history(model, objs, now=now, batch_size=batch_size, history_type="~")
        self._rows.clear()
        self._new.clear()
        self._deleted.clear()


def _insert(model, objs, *, batch_size: int) -> None:
    """New rows, inserted in one statement per batch on PostgreSQL, their ids set from what
    it returns; elsewhere, or for rows that have an id already, with Django's bulk_create,
    whose preparation of every value of every row cost more than the INSERT (30,000 flags)."""
    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if f is not pk]
    # Columns the database fills itself (generated, or with a default of its own) are
    # bulk_create's to leave out.
    own = any(f.generated or f.has_db_default() for f in fields)
    if connection.vendor != "postgresql" or own or any(obj.pk is not None for obj in objs):
        model.objects.bulk_create(objs, batch_size=batch_size)
        return
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    for obj in objs:
        for field in stamped:
            field.pre_save(obj, add=True)  # sets the time, as save() would
    quote = connection.ops.quote_name
    prepare = [(f.attname, _prepare(f)) for f in fields]
    types = [_db_type(f) for f in fields]
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            batch = objs[start : start + batch_size]
            rows = [[to_db(getattr(obj, attname)) for attname, to_db in prepare] for obj in batch]
            source, params = _rows_source(types, rows)
            # PostgreSQL returns the rows in the order the SELECT gave them (bulk_create
            # relies on it too).
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({columns}) SELECT * FROM {source} "
                f"RETURNING {quote(pk.column)}",
                params,
            )
            for obj, (new_id,) in zip(batch, cursor.fetchall(), strict=True):
                obj.pk = new_id
                obj._state.adding, obj._state.db = False, connection.alias


def _delete(model, pks: list, *, batch_size: int) -> None:
    """The rows, deleted in one statement per batch, without Django's signals: their history
    rows are written already."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for start in range(0, len(pks), batch_size):
            batch = pks[start : start + batch_size]
            cursor.execute(
                f"DELETE FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(batch))})",
                batch,
            )


def _update(model, objs, names: list[str], *, batch_size: int) -> None:
    """The rows' `names` fields, written in one UPDATE per batch on PostgreSQL and one
    prepared statement on SQLite. Django's bulk_update builds a CASE per field and row, which
    cost more than the queries it saved (8 s for 4,000 rows)."""
    fields = [model._meta.get_field(name) for name in names]
    pk = model._meta.pk
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), [quote(f.column) for f in fields]
    prepare = [(f.attname, _prepare(f)) for f in fields]
    rows = [[to_db(getattr(obj, attname)) for attname, to_db in prepare] + [obj.pk] for obj in objs]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            sets = ", ".join(f"{column} = %s" for column in columns)
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE {quote(pk.column)} = %s", rows)
            return
        sets = ", ".join(f"{column} = v.{column}" for column in columns)
        aliases = ", ".join([*columns, quote("pk_")])
        types = [_db_type(f) for f in fields] + [pk.rel_db_type(connection)]
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            source, params = _rows_source(types, batch)
            cursor.execute(
                f"UPDATE {table} SET {sets} FROM {source} AS v({aliases}) "
                f"WHERE {table}.{quote(pk.column)} = v.{quote('pk_')}",
                params,
            )


# Values Django's get_db_prep_save() returns unchanged, by the field they are given to:
# calling it for every column of every row took half the time of building a batch's rows.
# Text is text on every database; PostgreSQL's driver also takes integers (ids among them)
# and aware datetimes as they are.
_UNCHANGED = [(models.CharField, str), (models.TextField, str)]
_UNCHANGED_ON_POSTGRESQL = [
    (models.IntegerField, int),
    (models.AutoField, int),  # BigAutoField too: Django counts it as one
    (models.DateTimeField, datetime.datetime),
]
_PREPARING = ("get_db_prep_save", "get_db_prep_value", "get_prep_value")


def _plain(field, base) -> bool:
    """Whether the field prepares its value as `base` does (no subclass changing it)."""
    return all(getattr(type(field), step) is getattr(base, step) for step in _PREPARING)


def _kept_type(field):
    """The type of value the field sends as it is, or None."""
    if isinstance(field, models.ForeignKey) and _plain(field, models.ForeignKey):
        field = field.target_field  # a key is prepared as the id it points at
    pairs = _UNCHANGED + (_UNCHANGED_ON_POSTGRESQL if connection.vendor == "postgresql" else [])
    for base, kept in pairs:
        if isinstance(field, base) and _plain(field, base):
            return kept
    return None


def _prepare(field):
    """The function that turns the field's value into what the database is sent."""

    def prepare(value):
        return field.get_db_prep_save(value, connection)

    kept = _kept_type(field)
    if kept is datetime.datetime:
        # Only an aware one: Django makes a naive one aware, with a warning.
        return lambda value: value if type(value) is kept and value.tzinfo else prepare(value)
    if kept is not None:
        return lambda value: value if type(value) is kept else prepare(value)
    return prepare


def _db_type(field) -> str:
    """The column's type without its length (varchar, not varchar(50)): a cast to it never
    cuts a value."""
    return field.db_type(connection).split("(")[0]


def _rows_source(types: list[str], rows: list[list]) -> tuple[str, list]:
    """Rows of values as a FROM source, and its parameters. On PostgreSQL, one array per
    column, UNNEST()ed, as Django's bulk_create sends them. A VALUES list of 500 rows of typed
    placeholders took PostgreSQL longer to parse and plan than to run the UPDATE it fed.
    Elsewhere, a VALUES list."""
    if connection.vendor == "postgresql":
        source = "UNNEST(" + ", ".join(f"(%s)::{db_type}[]" for db_type in types) + ")"
        return source, [list(column) for column in zip(*rows, strict=True)]
    # Typed placeholders: a VALUES list has no column types of its own.
    row = "(" + ", ".join(f"CAST(%s AS {db_type})" for db_type in types) + ")"
    return f"(VALUES {', '.join([row] * len(rows))})", [value for values in rows for value in values]


def _history(model, objs, *, now, batch_size: int, history_type: str) -> None:
    """The history rows of saved rows (`history_type` "+" or "~"), or of rows about to be
    deleted ("-"), with their many-to-many fields as they stand: what django-simple-history's
    save() and delete() write row by row. Each batch is copied from the rows as they are in
    the database (INSERT … SELECT), with only each row's id, change reason and user sent:
    building a historical model instance per row, and Django preparing each of its values
    for an INSERT, cost more than writing the rows themselves."""
    history = getattr(model, "history", None)
    if history is None or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    historical = history.model
    quote = connection.ops.quote_name
    source_pk = quote(model._meta.pk.column)
    copied = [(quote(f.column), quote(model._meta.get_field(f.name).column)) for f in historical.tracked_fields]
    user_field = historical._meta.get_field("history_user")
    pk_type, user_type = model._meta.pk.rel_db_type(connection), user_field.target_field.rel_db_type(connection)
    date = historical._meta.get_field("history_date").get_db_prep_save(now, connection)
    columns = ", ".join(
        [target for target, _source in copied]
        + [quote(name) for name in ("history_date", "history_change_reason", "history_type")]
        + [quote(user_field.column)]
    )
    chosen = ", ".join(f"t.{source}" for _target, source in copied)
    m2m = [
        (field, HistoricalRecords.m2m_models[field], field.remote_field.through)
        for field in historical._history_m2m_fields
    ]
    for start in range(0, len(objs), batch_size):
        batch = objs[start : start + batch_size]
        rows = []
        for obj in batch:
            user = getattr(obj, "_history_user", None) or historical.get_default_history_user(obj)
            rows.append([obj.pk, get_change_reason_from_object(obj) or "", getattr(user, "pk", None)])
        source, params = _rows_source([pk_type, "text", user_type], rows)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH v(pk_, reason_, user_) AS (SELECT * FROM {source} AS r) "
                f"INSERT INTO {quote(historical._meta.db_table)} ({columns}) "
                f"SELECT {chosen}, %s, v.reason_, %s, v.user_ "
                f"FROM {quote(model._meta.db_table)} t JOIN v ON t.{source_pk} = v.pk_ "
                f"RETURNING {quote(historical._meta.pk.column)}, {quote(model._meta.pk.column)}",
                [*params, date, history_type],
            )
            records = cursor.fetchall()
            for field, m2m_history, through in m2m:
                _m2m_history(cursor, field, m2m_history, through, records, pk_type)


def _m2m_history(cursor, field, m2m_history, through, records, pk_type) -> None:
    """The links of a many-to-many field as they stand, copied beside each new history row
    (`records`: its history id and the row's id), as simple-history records them."""
    if not records:
        return
    quote = connection.ops.quote_name
    own = quote(through._meta.get_field(field.m2m_field_name()).column)  # "claim_id"
    history_id_type = m2m_history._meta.get_field("history").target_field.rel_db_type(connection)
    columns = [quote(f.column) for f in through._meta.concrete_fields]
    source, params = _rows_source([history_id_type, pk_type], [list(record) for record in records])
    target = ", ".join([*columns, quote(m2m_history._meta.get_field("history").column)])
    cursor.execute(
        f"WITH v(history_, pk_) AS (SELECT * FROM {source} AS r) "
        f"INSERT INTO {quote(m2m_history._meta.db_table)} ({target}) "
        f"SELECT {', '.join(f't.{column}' for column in columns)}, v.history_ "
        f"FROM {quote(through._meta.db_table)} t JOIN v ON t.{own} = v.pk_",
        params,
    )
