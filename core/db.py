"""Database helpers shared by the apps' models.

`choice_constraint` turns a field's choices into a CheckConstraint, so that the database
itself refuses a code the application does not know (a raw UPDATE, a fixture, a bulk
insert: anything that bypasses full_clean). `claims.models` imports it too.
"""

from django.db import connection, models
from django.db.models import Q


def choice_codes(choices) -> list[str]:
    """The stored codes of a Django `choices` list, flattening optgroups."""
    codes = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            codes.extend(choice_codes(label))
        else:
            codes.append(value)
    return codes


def choice_constraint(*, field, choices, name, blank=False) -> models.CheckConstraint:
    """A CheckConstraint allowing only the codes of `choices` in `field`.

    With `blank=True` the empty string is allowed as well (a CharField that may be left
    empty). NULL is always let through by SQL CHECK semantics; use `null=False` on the field
    to forbid it.
    """
    codes = choice_codes(choices)
    if blank and "" not in codes:
        codes = [*codes, ""]
    shown = ", ".join(repr(code) for code in codes)
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": codes}),
        name=name,
        violation_error_message=f"{field} must be one of: {shown}.",
    )


def editor_version() -> models.PositiveIntegerField:
    """The version an editor's change names (optimistic locking, core.saving.check_version):
    the same field on every row editors change."""
    return models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=(
            "Counts the changes editors made; a change that names an older version (API "
            "If-Match, the admin's form) is refused instead of overwriting another editor's."
        ),
    )


# Below this many rows an exact COUNT is cheap; above it, PostgreSQL's own estimate (kept by
# ANALYZE and autovacuum) is close enough for "about 1,000,000 claims" and costs nothing.
EXACT_COUNT_LIMIT = 100_000


def estimated_counts(models_) -> list[tuple[int, bool]]:
    """(rows, exact) for each whole table, in one query: an exact COUNT on SQLite or for a
    small table, else the planner's estimate, which a home page can show without scanning
    a million rows. PostgreSQL runs a CASE's sub-select only when its branch is taken."""
    tables = [connection.ops.quote_name(m._meta.db_table) for m in models_]
    if connection.vendor == "postgresql":
        parts = [
            "SELECT CASE WHEN c.reltuples >= %s THEN c.reltuples::bigint "
            f"ELSE (SELECT COUNT(*) FROM {table}) END, c.reltuples >= %s "
            f"FROM pg_class c WHERE c.oid = '{table}'::regclass"
            for table in tables
        ]
        sql = " UNION ALL ".join(f"({part})" for part in parts)
        params = [EXACT_COUNT_LIMIT, EXACT_COUNT_LIMIT] * len(tables)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(int(count), not estimated) for count, estimated in cursor.fetchall()]
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [(int(count), True) for count in cursor.fetchone()]
