"""Pages and API lists at 10,000 claims and at 1,000,000, on PostgreSQL: each request's time
at both sizes and the ratio (the goal is at most 1.25), and the Python memory its answer
took at the larger size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_scale.py
    ... python bench/bench_scale.py --claims 1000000 --repeat 3 --keep

It never touches the database DATABASE_URL names: it creates two scratch databases next to it
(`<name>_bench_scale_<pid>_<claims>`), migrates them, and fills them in SQL on the server
(`INSERT … SELECT … FROM generate_series`, every column of every row written, the search
triggers running): the first with the small size (100 claims per article; a citation, a link
and half a flag per claim, half as many links again between neighbours; one study per ten
claims), the second with the same rows grown to the large size. Each request is then timed at
both sizes in turns (`measure`), so that a machine slower for a minute slows both alike. It
drops the databases at the end (--keep leaves them). Times are the median (and 95th
percentile) of at least --repeat runs at each size, or of as many as fill a second for a
quicker request; the last columns are the time one run spent in the database, at each size.
`--only flagged` times only the requests whose name holds one of the words given (the data
is filled all the same).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import admin_connection, configure, scratch_database_url  # noqa: E402

PER_ARTICLE = 100
CLAIMS_PER_STUDY = 10
SUBSTANCE_CODES = ("alcohol", "opioids", "cocaine", "cannabis")
MIN_SECONDS = 1.0  # a quick request is timed this long in all, at each size (see `measure`)
MAX_RUNS = 200
ROUNDS = 5  # turns each size takes at each request


def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | dict):
        return "'" + json.dumps(value).replace("'", "''") + "'::jsonb"
    return "'" + str(value).replace("'", "''") + "'"


def insert_select(model, lo: int, hi: int, columns: dict[str, str]) -> str:
    """INSERT of rows `lo`..`hi` of `model` (the series value is `i`): the SQL given in
    `columns` by field name, and for every other column a value its constraints accept
    (NULL where allowed, a valid choice, the field's default, empty text)."""
    from django.db import models

    names, values = [], []
    for field in model._meta.concrete_fields:
        names.append(f'"{field.column}"')
        if field.name in columns:
            values.append(columns[field.name])
        elif field.primary_key:
            values.append("i")
        elif field.null:
            values.append("NULL")
        elif field.choices:
            values.append(_literal("" if field.blank else field.flatchoices[0][0]))
        elif isinstance(field, models.DateTimeField):
            values.append("now()")
        elif isinstance(field, models.BooleanField):
            values.append(_literal(bool(field.get_default())))
        elif isinstance(field, models.JSONField):
            values.append(_literal(field.get_default()))
        elif isinstance(field, models.IntegerField | models.FloatField):
            values.append(_literal(field.get_default() or 0))
        else:
            values.append("''")
    return (
        f'INSERT INTO "{model._meta.db_table}" ({", ".join(names)}) '
        f"SELECT {', '.join(values)} FROM generate_series({lo}, {hi}) AS g(i)"
    )


def fill(cursor, *, claims_from: int, claims_to: int) -> None:
    """Rows for claims `claims_from`..`claims_to` (1-based), with their articles, citations,
    links, flags and studies; ids are the series values, so growing continues the numbers."""
    from claims import constants as c
    from claims.models import Citation, Claim, ClaimCitation, Flag, SourceArticle
    from studies.constants import DESIGN_CODES, FINDINGS
    from studies.models import Study

    def cycle(codes, expr):
        array = "ARRAY[" + ", ".join(_literal(code) for code in codes) + "]"
        return f"({array})[1 + ({expr}) % {len(codes)}]"

    a_lo, a_hi = (claims_from - 1) // PER_ARTICLE + 1, claims_to // PER_ARTICLE
    s_lo, s_hi = (claims_from - 1) // CLAIMS_PER_STUDY + 1, claims_to // CLAIMS_PER_STUDY
    article = f"(i - 1) / {PER_ARTICLE} + 1"
    statuses = [code for code, _ in c.CITATION_STATUSES if code != "unchecked"]
    steps = [
        ("studies", insert_select(Study, s_lo, s_hi, {
            "key": "'s' || i", "work_type": "'article-journal'",
            "title": "'Ketamine trial ' || i || ' in alcohol, opioid or cocaine use disorder'",
            "authors": """jsonb_build_array(jsonb_build_object('family', 'Author' || i, 'given', 'A'))""",
            "container_title": "'Journal of Addiction Tests'", "year": "1990 + i % 35",
            "source_kind": "'peer_reviewed_article'", "topic_source": "'importer'",
            "design_code": cycle([code for code, _ in DESIGN_CODES[:8]], "i"), "n": "10 + i % 500",
            "finding": cycle([code for code, _ in FINDINGS], "i / 7"),
        })),
        ("study substances", "INSERT INTO studies_study_substances (study_id, substance_id) "
         f"SELECT i, {cycle(SUBSTANCE_CODES, 'i')} FROM generate_series({s_lo}, {s_hi}) AS g(i)"),
        ("articles", insert_select(SourceArticle, a_lo, a_hi, {
            "key": "'a' || i", "title": "'Ketamine for addiction, part ' || i",
            "captured_text": "'Ketamine helps. '", "captured_at": "now()",
            "content_hash": "encode(sha256(convert_to('Ketamine helps. ', 'UTF8')), 'hex')",
        })),
        ("claims", insert_select(Claim, claims_from, claims_to, {
            "article": article, "key": "'c' || i",
            "quote": "'Ketamine reduced cravings and relapse in ' || i || ' patients.'",
            "start": "0", "end": "40",
            "verdict": cycle([code for code, _ in c.VERDICTS], "i"),
            "computed_verdict": cycle([code for code, _ in c.VERDICTS], "i"),
            "accuracy": cycle([code for code, _ in c.ACCURACY], "i / 3"),
            "rationale": "'Rationale ' || i",
        })),
        ("claim substances", "INSERT INTO claims_claim_substances (claim_id, substance_id) "
         f"SELECT i, {cycle(SUBSTANCE_CODES, 'i')} FROM generate_series({claims_from}, {claims_to}) AS g(i)"),
        ("citations", insert_select(Citation, claims_from, claims_to, {
            "article": article, "key": "'r' || i", "marker": "'[' || (i - 1) % 100 + 1 || ']'",
            "raw_text": "'Author' || i || ' A, et al. Ketamine trial ' || i || '. J Addict Tests. 2019;1:1-9.'",
            "position": f"(i - 1) % {PER_ARTICLE}",
            "status": cycle(statuses, "i"),
            # Matched to a study unless the status says none was found.
            "study": f"CASE WHEN {cycle(statuses, 'i')} IN ('not_found', 'anonymous') THEN NULL "
                     f"ELSE 1 + (i - 1) / {CLAIMS_PER_STUDY} END",
        })),
        ("links", insert_select(ClaimCitation, claims_from, claims_to, {
            "claim": "i", "citation": "i", "reliance": "'marker'",
        })),
        # Half as many again: each even claim also leans on its neighbour's citation.
        ("more links", insert_select(ClaimCitation, claims_from, claims_to, {
            "id": "i + 100000000", "claim": "i", "citation": "i - 1", "reliance": "'context'",
        }).replace(f"generate_series({claims_from}, {claims_to}) AS g(i)",
                   f"generate_series({claims_from}, {claims_to}) AS g(i) WHERE i % 2 = 0 AND i % {PER_ARTICLE} <> 1")),
        ("flags", insert_select(Flag, claims_from, claims_to, {
            "claim": "i", "code": cycle(["no_citation", "vague_attribution", "weak_design_only"], "i / 2"),
            "severity": "'warning'", "message": "'Flag on claim ' || i", "evidence_hash": "md5(i::text)",
            "rule": "'bench'", "rule_version": "1",
        }).replace(f"generate_series({claims_from}, {claims_to}) AS g(i)",
                   f"generate_series({claims_from}, {claims_to}) AS g(i) WHERE i % 2 = 0")),
    ]
    for name, sql in steps:
        started = time.perf_counter()
        cursor.execute(sql)
        print(f"  {name:<17} {cursor.rowcount:>9,} rows in {time.perf_counter() - started:6.1f} s", flush=True)
    for model in (SourceArticle, Claim, Citation, ClaimCitation, Flag, Study):
        table = model._meta.db_table
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    # Rows written by SQL send no signal: the evidence map is counted again, as
    # `manage.py index_library` does after a bulk insert.
    from studies.library.map_counts import rebuild_map_counts

    started = time.perf_counter()
    cells = rebuild_map_counts()
    print(f"  {'map counts':<17} {cells:>9,} cells in {time.perf_counter() - started:6.1f} s", flush=True)
    # As autovacuum leaves tables after a bulk insert: their statistics, and the visibility
    # map without which an index-only scan reads the table anyway.
    cursor.execute("VACUUM (ANALYZE)")


ORDERINGS = {
    "claims": ["article_id", "start", "-verdict", "claim_type", "created_at", "-updated_at"],
    "citations": ["article_id", "position", "-status", "created_at", "-updated_at"],
    "flags": ["-code", "severity", "created_at", "-updated_at"],
    "links": ["-claim_id"],
    "studies": ["-year", "year", "title", "-title", "-n", "n", "created_at", "-updated_at"],
}


def requests(studies: int) -> list[tuple[str, str]]:
    last = max(1, int(studies / 50 * 0.9))
    return [
        ("home", "/"),
        ("article list", "/articles/"),
        ("claims page 1", "/claims/"),
        ("claims search", "/claims/?q=ketamine"),
        ("claims search rare", "/claims/?q=zzyzx"),
        ("flagged citations", "/citations/flagged/"),
        ("evidence map", "/map/"),
        ("API claims filtered", "/api/claims/?verdict=supported&flag=no_citation"),
        ("API claims no match", "/api/claims/?search=zzyzx"),
        ("API studies deep page", f"/api/studies/?page={last}"),
        ("API studies export", "/api/studies/export.csv"),
        # Every ordering a big list allows, its first page (a cursor page reads from there).
        *(
            (f"API {name} order {field}", f"/api/{name}/?ordering={field}")
            for name, fields in ORDERINGS.items()
            for field in fields
        ),
    ]


def use(database: str) -> None:
    """Send the next requests to `database` (a fresh connection, and an empty cache: nothing
    the other size's requests left is served)."""
    from django.core.cache import cache
    from django.db import connections

    connections["default"].close()
    connections["default"].settings_dict["NAME"] = database
    cache.clear()


def _run(client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    # A streamed export is read piece by piece and let go, as a client reads it.
    for _piece in response.streaming_content if response.streaming else [response.content]:
        pass
    return time.perf_counter() - started


def measure(client, paths: dict[int, tuple[str, str]], repeat: int) -> dict[int, tuple]:
    """For one request at each size (size: (database, path)): (median seconds, 95th
    percentile seconds, peak MB of Python memory, seconds in the database), its body read
    to the end.

    The sizes take turns, ROUNDS times: a machine whose speed drifts over minutes (another
    process, the database writing out what the fill left) slows both sizes alike, not the
    one measured last. In each turn the first run, on a new connection, is not counted,
    unless the request takes a second or more; then the turn is that one run. A request of
    a few milliseconds is mostly Python, which a shared machine runs a third slower from
    one moment to the next: it is run until a second in all has been spent on it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times: dict[int, list[float]] = {size: [] for size in paths}
    for _round in range(ROUNDS):
        for size, (database, path) in paths.items():
            use(database)
            first = _run(client, path)
            if first >= 1.0:
                times[size].append(first)
                continue
            turn = []
            while len(turn) < -(-repeat // ROUNDS) or (
                sum(turn) < MIN_SECONDS / ROUNDS and len(turn) < MAX_RUNS // ROUNDS
            ):
                turn.append(_run(client, path))
            times[size].extend(turn)
    found = {}
    for size, (database, path) in paths.items():
        use(database)
        _run(client, path)
        tracemalloc.start()
        _run(client, path)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        # The database's share of one run: what grows with the tables, if anything does.
        with CaptureQueriesContext(connection) as queries:
            _run(client, path)
        spent = sum(float(q["time"]) for q in queries.captured_queries)
        runs = times[size]
        p95 = statistics.quantiles(runs, n=20, method="inclusive")[18] if len(runs) > 1 else runs[0]
        found[size] = (statistics.median(runs), p95, peak, spent)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--only", nargs="+", metavar="WORD", help="time only requests whose name holds one of these"
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("bench_scale.py needs PostgreSQL: set DATABASE_URL=postgres://…")
        return
    import environ

    config = environ.Env.db_url_config(url)
    # It times requests, hundreds of them from one address: the anonymous rate limit would
    # answer 429 before the last ordering is timed.
    os.environ["API_ANON_RATE"] = "1000000/hour"
    sizes = (args.small, args.claims)
    databases = {size: f"{config['NAME']}_bench_scale_{os.getpid()}_{size}" for size in sizes}
    admin = admin_connection(config)
    for database in databases.values():
        admin.cursor().execute(f'CREATE DATABASE "{database}"')
    try:
        configure(scratch_database_url(url, databases[args.small]))
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        # Started as a server process is (ketamine_evidence/wsgi.py): what it loaded at start
        # frozen, out of the garbage collector's full collections. Without it one full
        # collection in about fifty requests paused a search 60-70 ms, which is what the 95th
        # percentile of some thirty runs caught.
        import ketamine_evidence.wsgi  # noqa: F401

        settings.ALLOWED_HOSTS = ["*"]
        settings.SECURE_SSL_REDIRECT = False
        # The small database, then the large one grown from the same rows: the small data is
        # the first rows of the large.
        for size in sizes:
            use(databases[size])
            call_command("migrate", verbosity=0)
            done = 0
            for step in sorted({args.small, size}):
                print(f"Filling {databases[size]} to {step:,} claims:", flush=True)
                with connection.cursor() as cursor:
                    fill(cursor, claims_from=done + 1, claims_to=step)
                done = step
        client = Client()
        by_size = {size: dict(requests(size // CLAIMS_PER_STUDY)) for size in sizes}
        results = {}
        print(f"Timing each request at {args.small:,} and {args.claims:,} claims, in turns:", flush=True)
        for name in by_size[args.small]:
            if args.only and not any(word in name for word in args.only):
                continue
            results[name] = measure(
                client, {size: (databases[size], by_size[size][name]) for size in sizes}, args.repeat
            )
            small, large = results[name][args.small], results[name][args.claims]
            print(f"  {name:<34} {small[0] * 1000:9.1f} ms {large[0] * 1000:9.1f} ms  "
                  f"{large[0] / small[0]:6.2f}", flush=True)
        print(f"\n{'request (median)':<34} {args.small:>10,} {args.claims:>12,}   ratio"
              f"   p95 at {args.claims:,}   peak MB at {args.claims:,}   database ms, both sizes")
        for name, found in results.items():
            small, large = found[args.small], found[args.claims]
            print(f"{name:<34} {small[0] * 1000:8.1f} ms {large[0] * 1000:9.1f} ms  {large[0] / small[0]:6.2f}   "
                  f"{large[1] * 1000:9.1f} ms   {large[2]:7.1f}   {small[3] * 1000:7.1f} {large[3] * 1000:7.1f}")
    finally:
        from django.db import connections

        connections.close_all()
        for database in databases.values():
            if args.keep:
                print(f"kept {database}")
            else:
                admin.cursor().execute(f'DROP DATABASE IF EXISTS "{database}"')


if __name__ == "__main__":
    main()
