"""Database helpers shared by the apps' models.

`choice_constraint` turns a field's choices into a CheckConstraint, so that the database
itself refuses a code the application does not know (a raw UPDATE, a fixture, a bulk
insert: anything that bypasses full_clean). `claims.models` imports it too.
"""

import json

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


@models.ForeignKey.register_lookup
@models.IntegerField.register_lookup
class InList(models.Lookup):
    """`pk__in_list=ids`: `pk__in` for a list of ids sent as one parameter, an array on
    PostgreSQL and JSON on SQLite. Django's `__in` builds a placeholder and prepares a
    value for each id every time the query is compiled: with a search's 500 matching
    claims, compiling the claims page's two queries took 3 ms. Whole numbers only: ids, and
    the foreign keys that hold them."""

    lookup_name = "in_list"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [int(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*params, self.rhs]
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(self.rhs)]


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


# Below this many rows an exact COUNT is cheap (2 ms); above it, PostgreSQL's own estimate
# (kept by ANALYZE and autovacuum) is close enough for "about 100,000 studies" and costs
# nothing. (At 100,000 rows, counting took 11 ms of every home page.)
EXACT_COUNT_LIMIT = 20_000


def estimated_counts(models_) -> list[tuple[int, bool]]:
    """(rows, exact) for each whole table, in one query: an exact COUNT on SQLite or for a
    small table, else the planner's estimate, which a home page can show without scanning
    a million rows. PostgreSQL runs a CASE's sub-select only when its branch is taken.

    The exact count stops at EXACT_COUNT_LIMIT rows (statistics older than the table's
    growth); reaching it makes the count an estimate. Without that bound, the planner
    costed a COUNT of every big table it would never run, and compiled the query with JIT
    (10 ms of every home page at a million claims)."""
    tables = [connection.ops.quote_name(m._meta.db_table) for m in models_]
    if connection.vendor == "postgresql":
        parts = [
            "SELECT CASE WHEN c.reltuples >= %s THEN c.reltuples::bigint "
            f"ELSE (SELECT COUNT(*) FROM (SELECT 1 FROM {table} LIMIT %s) AS capped) END, c.reltuples >= %s "
            f"FROM pg_class c WHERE c.oid = '{table}'::regclass"
            for table in tables
        ]
        sql = " UNION ALL ".join(f"({part})" for part in parts)
        params = [EXACT_COUNT_LIMIT, EXACT_COUNT_LIMIT, EXACT_COUNT_LIMIT] * len(tables)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [
                (int(count), not estimated and count < EXACT_COUNT_LIMIT)
                for count, estimated in cursor.fetchall()
            ]
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [(int(count), True) for count in cursor.fetchone()]


def estimated_counts_by_value(
    model, *, field: str, values: list[str]
) -> dict[str, tuple[int, bool]]:
    """(rows, exact) of `model` with each of `values` in `field`, as estimated_counts does
    for whole tables: exact on SQLite or for a small table, in one query; for a big one on
    PostgreSQL, the share of each common value in ANALYZE's sample times the table's
    estimated rows, and a value too rare to be in that sample counted on `field`'s index (a
    second query). Counting stops at EXACT_COUNT_LIMIT rows in all (only stale statistics
    get there), and is then not exact."""
    if connection.vendor != "postgresql":
        rows = (
            model.objects.filter(**{f"{field}__in": values})
            .order_by()
            .values_list(field)
            .annotate(n=models.Count("pk"))
        )
        counted = dict(rows)
        return {value: (counted.get(value, 0), True) for value in values}
    table = connection.ops.quote_name(model._meta.db_table)
    column = model._meta.get_field(field).column
    # Every count stops at the limit, even in the branch a big table never runs: the planner
    # prices a query by all its branches, and one pricing a whole big table's COUNT would be
    # compiled (JIT) at a cost above the whole answer's.
    counting = (
        f"SELECT value, COUNT(*) AS n FROM (SELECT {connection.ops.quote_name(column)} AS value "
        f"FROM {table} WHERE {connection.ops.quote_name(column)} = ANY(%s) LIMIT %s) AS found "
        "GROUP BY value"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.reltuples, s.most_common_vals::text::text[], s.most_common_freqs, "
            "CASE WHEN c.reltuples < %s THEN (SELECT coalesce(json_object_agg(value, n), '{}') "
            f"FROM ({counting}) AS counted) END "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname "
            "AND s.attname = %s AND NOT s.inherited "
            "WHERE c.oid = %s::regclass",
            [EXACT_COUNT_LIMIT, list(values), EXACT_COUNT_LIMIT, column, table],
        )
        rows, common, shares, counted = cursor.fetchone()
        estimated = {}
        if counted is None:  # a big table
            sampled = dict(zip(common or [], shares or [], strict=True))
            estimated = {v: round(rows * sampled[v]) for v in values if v in sampled}
            rare = [value for value in values if value not in estimated]
            counted = {}
            if rare:
                # The values as constants, so the planner weighs each by its statistics.
                cursor.execute(counting, [rare, EXACT_COUNT_LIMIT])
                counted = dict(cursor.fetchall())
    capped = sum(counted.values()) >= EXACT_COUNT_LIMIT
    return {
        value: (estimated[value], False)
        if value in estimated
        else (counted.get(value, 0), not capped)
        for value in values
    }
