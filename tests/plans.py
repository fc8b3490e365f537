"""What PostgreSQL plans for a query, to show that an index serves it."""


def plan_of(sql: str, params) -> str:
    """The EXPLAIN of a query, with sequential scans and sorts made costly: a test's handful
    of rows is rightly read whole, and this shows which index would serve the query."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())
