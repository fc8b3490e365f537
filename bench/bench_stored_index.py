"""Reference checking against 100,000 studies with the match index in the database, on
PostgreSQL: the time to write every study's keys, references checked per second on one
core, the first and the tenth request of a freshly started process, and agreement with an
index built in memory from the same studies.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_stored_index.py
    ... python bench/bench_stored_index.py --studies 20000 --refs 2000

The studies and references are bench_matching's generated ones (known answers, seeded). It
creates a scratch database next to the one DATABASE_URL names, and drops it at the end.
A "restart" is a new Python process: it imports Django, opens its connection and checks
references with nothing built beforehand; each of its requests is a POST to
/api/references/check through Django's test client (the whole request path: parsing the
JSON, throttling, checking, rendering).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import admin_connection, configure, scratch_database_url  # noqa: E402

BATCH = 500  # references per request: the check endpoint's limit


def fill(studies) -> None:
    from tqdm import tqdm

    from studies.models import Study

    rows = []
    for s in studies:
        r = s.record
        authors = [
            {"literal": a} if isinstance(a, str) else {"family": a[0], "given": a[1]}
            for a in r.authors
        ]
        rows.append(
            Study(
                work_type="webpage" if s.is_web else "article-journal",
                source_kind=s.facts.source_kind,
                title=r.title,
                authors=authors,
                container_title=r.container_title,
                year=r.year,
                volume=r.volume,
                issue=r.issue,
                pages=r.pages,
                doi=r.doi,
                pmid=r.pmid,
                pmcid=r.pmcid,
                url=r.url,
                about_ketamine=s.facts.about_ketamine,
                about_substance_use=s.facts.about_substance_use,
            )
        )
    for start in tqdm(range(0, len(rows), 5000), desc="studies", unit="batch", file=sys.stderr):
        Study.objects.bulk_create(rows[start : start + 5000])


def worker(refs_file: str, requests: int) -> None:
    """In a fresh process: time each request, print one JSON line."""
    from django.conf import settings
    from django.test import Client

    import ketamine_evidence.wsgi  # noqa: F401  (started as a server process is: see wsgi.py)

    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    refs = json.loads(Path(refs_file).read_text())
    client = Client()
    times = []
    for n in range(requests):
        batch = refs[(n * BATCH) % len(refs) :][:BATCH]
        t0 = time.perf_counter()
        response = client.post(
            "/api/references/check", {"references": batch}, content_type="application/json"
        )
        times.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.content[:300]
    print(json.dumps(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=100_000)
    parser.add_argument("--refs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20240917)
    parser.add_argument("--profile", action="store_true", help="print where checking spends its time")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", metavar="DATABASE", help="a database --keep left, filled alike")
    parser.add_argument("--worker", nargs=2, metavar=("REFS_FILE", "REQUESTS"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if args.worker:
        configure(url)
        worker(args.worker[0], int(args.worker[1]))
        return
    if not url.startswith(("postgres://", "postgresql://")):
        print("bench_stored_index.py needs PostgreSQL: set DATABASE_URL=postgres://…")
        return
    import environ

    config = environ.Env.db_url_config(url)
    scratch = args.reuse or f"{config['NAME']}_bench_index_{os.getpid()}"
    scratch_url = scratch_database_url(url, scratch)
    admin = admin_connection(config)
    if not args.reuse:
        admin.cursor().execute(f'CREATE DATABASE "{scratch}"')
    try:
        configure(scratch_url)
        from bench_matching import Generator, ReferenceMaker
        from django.core.management import call_command
        from tqdm import tqdm

        from claims.checking.batch import check_references
        from studies.library.match_index import rebuild_match_keys, tidy_key_tables
        from studies.models import Study, StudyMatchKey
        from studies.references.matching import MatchIndex
        from studies.references.parsing import parse_reference

        call_command("migrate", verbosity=0)
        print(f"Generating {args.studies:,} studies and {args.refs:,} references...", flush=True)
        gen = Generator(args.seed)
        studies = gen.library(args.studies)
        refs = ReferenceMaker(gen, studies).make(args.refs)
        index_seconds = 0.0
        if not args.reuse:
            fill(studies)
            t0 = time.perf_counter()
            rebuild_match_keys(
                progress=lambda chunks: tqdm(chunks, desc="keys", unit="chunk", file=sys.stderr)
            )
            tidy_key_tables()  # as manage.py index_library does after rewriting the keys
            index_seconds = time.perf_counter() - t0
        keys = StudyMatchKey.objects.count()
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        # The same studies in memory, by primary key, for the agreement check.
        pk_by_key = dict(zip((s.record.id for s in studies), Study.objects.order_by("pk").values_list("pk", flat=True), strict=True))
        memory = MatchIndex(
            replace(s.record, id=str(pk_by_key[s.record.id])) for s in studies
        )

        raws = [r.raw for r in refs]
        # The generated library and the in-memory index are this benchmark's, not a server
        # process's: frozen, the garbage collector does not walk them while checking (a
        # server freezes what it loaded at start: ketamine_evidence/wsgi.py).
        gc.freeze()
        profiler = cProfile.Profile() if args.profile else None
        t0 = time.perf_counter()
        results = []
        if profiler:
            profiler.enable()
        for start in range(0, len(raws), BATCH):
            results.extend(check_references(references=raws[start : start + BATCH]))
        check_seconds = time.perf_counter() - t0
        if profiler:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        stored_ids = [str(r["study"]["id"]) if r["study"] else None for r in results]
        memory_ids = [memory.match(parse_reference(raw)).study_id for raw in raws]
        agree = sum(a == b for a, b in zip(stored_ids, memory_ids, strict=True))
        right = sum(
            sid == (str(pk_by_key[r.truth_id]) if r.truth_id else None)
            for sid, r in zip(stored_ids, refs, strict=True)
        )

        refs_file = Path(f"/tmp/bench_stored_index_{os.getpid()}.json")
        refs_file.write_text(json.dumps(raws))
        runs = []
        for _ in range(3):
            out = subprocess.run(
                [sys.executable, __file__, "--worker", str(refs_file), "10"],
                env={**os.environ, "DATABASE_URL": scratch_url},
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        refs_file.unlink()
        first = statistics.median(r[0] for r in runs)
        tenth = statistics.median(r[9] for r in runs)
        later = statistics.median(t for r in runs for t in r[1:])

        print()
        print(f"library                              {Study.objects.count():,} studies, {keys:,} keys")
        print(f"writing every study's keys           {index_seconds:.1f} s")
        print(f"check_references, one core          {len(raws) / check_seconds:,.0f} refs/s ({len(raws):,} in batches of {BATCH})")
        print(f"agreement with an in-memory index    {agree / len(raws):.2%} ({agree:,} of {len(raws):,} matched alike)")
        print(f"right study or none                  {right / len(raws):.2%}")
        print(f"fresh process, request 1 ({BATCH} refs)   {first * 1000:.0f} ms (median of 3 restarts)")
        print(f"fresh process, request 10            {tenth * 1000:.0f} ms")
        print(f"first / tenth                        {first / tenth:.2f}  (later requests' median {later * 1000:.0f} ms)")
        print(f"request throughput, later requests   {BATCH / later:,.0f} refs/s")
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep or args.reuse:
            print(f"kept {scratch}")
        else:
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{scratch}"')


if __name__ == "__main__":
    main()
