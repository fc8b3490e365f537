"""`verify --all` on one core with PostgreSQL: citations verified per second.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_verify.py
    ... python bench/bench_verify.py --copies 20 --runs 3

It never touches the database DATABASE_URL names: it creates a scratch database next to it,
migrates it, loads the seed corpus (its articles, their real reference lists and claims, and
the curated library), and adds `--copies` copies of each seed article (the same text,
reference list and claims under another address, nothing checked yet), so that the run has
hundreds of real citations to check. It then times `--runs` whole runs of
claims.verification.bulk.verify_all in this process: every citation checked against the
library and every claim reassessed, history recorded. The first run writes what the copies
lack; later runs find most rows unchanged. The database is dropped at the end.

`--generated N` times the same runs on bench_scale's generated rows instead: N claims in
articles of 100, a citation and one and a half links per claim, a study per ten claims (the
shape of the million-claim corpus the throughput goal was set on), with their match keys
written. Their statuses and verdicts were set by SQL, not by a check: the first run works
them all out.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import admin_connection, configure, scratch_database_url  # noqa: E402


def copy_articles(copies: int) -> None:
    """Each seed article again, `copies` times: its text, its reference list (unchecked, with
    the editors' matches) and its claims, each leaning on the same references with the
    editors' judgements, under another key and address."""
    import hashlib

    from claims.models import Citation, Claim, ClaimCitation, SourceArticle

    seeds = list(SourceArticle.objects.order_by("pk").prefetch_related("citations", "claims__links", "claims__substances"))
    for n in range(1, copies + 1):
        for seed in seeds:
            text = f"{seed.captured_text}\n(copy {n})"
            article = SourceArticle.objects.create(
                key=f"{seed.key}-copy-{n}", title=f"{seed.title} (copy {n})", url=f"https://example.org/copy-{n}/{seed.key}",
                captured_text=text, captured_at=seed.captured_at,
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
            )  # fmt: skip
            citations = {
                c.pk: Citation.objects.create(
                    article=article, key=c.key, marker=c.marker, raw_text=c.raw_text, position=c.position,
                    location=c.location, editor_study_id=c.editor_study_id, editor_note=c.editor_note,
                )  # fmt: skip
                for c in seed.citations.all()
            }
            for claim in seed.claims.all():
                copy = Claim.objects.create(
                    article=article, key=claim.key, quote=claim.quote, start=claim.start, end=claim.end,
                    claim_type=claim.claim_type, wording=claim.wording, scope=claim.scope,
                )  # fmt: skip
                copy.substances.set(claim.substances.all())
                ClaimCitation.objects.bulk_create(
                    ClaimCitation(
                        claim=copy, citation=citations[link.citation_id], reliance=link.reliance,
                        stance=link.stance, misfit_reasons=link.misfit_reasons, rationale=link.rationale,
                    )  # fmt: skip
                    for link in claim.links.all()
                )


def _kind(sql: str) -> str:
    """A statement's verb and the table it writes or reads first."""
    tables = re.findall(r'(?:INTO|UPDATE|FROM)\s+"(\w+)"', sql)
    verb = sql.lstrip().split(None, 1)[0].upper()
    if verb == "WITH":
        verb = "INSERT" if " INSERT INTO " in sql else "SELECT"
    return f"{verb} {tables[0] if tables else '?'}"


def _timed(timings: list):
    """A database wrapper that keeps (seconds, statement) for each statement run."""

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append((time.perf_counter() - started, sql))

    return wrapper


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--generated", type=int, metavar="CLAIMS",
                        help="bench_scale's generated rows instead of the seed corpus and its copies")
    parser.add_argument("--profile", type=int, nargs="?", const=-1, metavar="RUN",
                        help="print where a run's time went (the last run unless RUN is given)")
    parser.add_argument("--queries", type=int, default=0, metavar="N",
                        help="print the N kinds of statement and the time spent in the database")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("bench_verify.py needs PostgreSQL: set DATABASE_URL=postgres://…")
        return
    import environ

    config = environ.Env.db_url_config(url)
    scratch = f"{config['NAME']}_bench_verify_{os.getpid()}"
    admin = admin_connection(config)
    admin.cursor().execute(f'CREATE DATABASE "{scratch}"')
    try:
        os.environ.pop("CELERY_BROKER_URL", None)  # tasks run in this process
        configure(scratch_database_url(url, scratch))
        import logging

        from django.core.management import call_command
        from django.db import connection

        from claims.models import Citation, Claim, SourceArticle
        from claims.seed_corpus.loader import load_corpus
        from claims.verification.bulk import verify_all

        logging.getLogger("celery").setLevel(logging.WARNING)
        call_command("migrate", verbosity=0)
        if args.generated:
            from bench_scale import fill

            from studies.library.match_index import rebuild_match_keys, tidy_key_tables

            with connection.cursor() as cursor:
                fill(cursor, claims_from=1, claims_to=args.generated)
            rebuild_match_keys()
            tidy_key_tables()
        else:
            load_corpus()
            copy_articles(args.copies)
        citations, claims = Citation.objects.count(), Claim.objects.count()
        print(f"{SourceArticle.objects.count()} articles, {citations} citations, {claims} claims")
        for run in range(1, args.runs + 1):
            profiled = args.runs if args.profile == -1 else args.profile
            profiler = cProfile.Profile() if run == profiled else None
            started_wall, started_cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            timings = []
            with connection.execute_wrapper(_timed(timings)):
                verify_all()
            if profiler:
                profiler.disable()
            wall, cpu = time.perf_counter() - started_wall, time.process_time() - started_cpu
            print(f"run {run}: {wall:6.2f} s ({cpu:.2f} s CPU here)   {citations / wall:7.0f} citations/s   "
                  f"{claims / wall:7.0f} claims/s")
            if args.queries:
                print(f"  {len(timings)} statements, {sum(t for t, _sql in timings):.2f} s in the database")
                by_kind = defaultdict(lambda: [0, 0.0])
                for spent, sql in timings:
                    kind = by_kind[_kind(sql)]
                    kind[0] += 1
                    kind[1] += spent
                for kind, (count, spent) in sorted(by_kind.items(), key=lambda item: -item[1][1])[: args.queries]:
                    print(f"  {spent * 1000:8.1f} ms in {count:4} × {kind}")
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(int(os.environ.get("BENCH_PROFILE_LINES", "60")))
                pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    finally:
        from django.db import connections

        connections.close_all()
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{scratch}"')


if __name__ == "__main__":
    main()
