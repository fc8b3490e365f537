"""Benchmark claim search on PostgreSQL: the stored, GIN-indexed vector against a vector
computed in the query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_search.py
    ... python bench/bench_search.py --claims 100000 --repeat 5

PostgreSQL only: on SQLite (the default) search is a substring match with no vector to
compare, so the script says so and exits. It never touches the database DATABASE_URL names:
it creates a scratch database next to it (`<name>_bench_search_<pid>`), migrates it, fills
it with generated articles and claims (bulk inserts; the triggers of migration 0004 write
the vectors), runs ANALYZE, and drops it at the end (--keep leaves it).

Each query runs as the claims page runs it: claims with their article, best match first,
the first page of 20. "stored" is claims.selectors.search_claims (the `search_vector`
column, a GIN index, ts_rank on the column); "expression" is the same search with the
vector built in the query from quote, article title and rationale (what search_claims did
before the column existed): it must read every claim and its article, and no index can hold
a vector that spans two tables. Reported: the median of --repeat runs per query and
variant (variants take turns, after a warm-up run of each), the ratio, and the plan the
stored variant gets. Synthetic text: words drawn from a fixed vocabulary with a Zipf-like
frequency, in a fixed order (seeded), so runs are comparable.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGE = 20
RARE = "psilocybin"  # the word the plan is shown for

# Real words, so that English stemming and stop words behave as on real claims; the most
# frequent first.
WORDS = """
ketamine treatment addiction patients study use disorder alcohol cocaine opioid
infusion therapy dose trial effects craving relapse abstinence withdrawal depression
reduced clinical evidence research results randomized controlled placebo participants
weeks months single session sessions psychotherapy motivational enhancement reported
significant improvement symptoms outcome outcomes primary secondary safety tolerability
intravenous intramuscular intranasal oral sublingual esketamine naltrexone buprenorphine
methadone heroin fentanyl cannabis nicotine smoking tobacco methamphetamine stimulant
benzodiazepine gambling binge drinking heavy days per week follow-up rates higher lower
group groups control compared versus associated increased decreased risk harm overdose
clinic clinics providers cost insurance approved food drug administration off-label
evidence-based promising preliminary small sample open-label case series review
meta-analysis systematic observational cohort retrospective prospective pilot
feasibility acceptability adverse events dissociation blood pressure nausea headache
hallucinations misuse dependence tolerance neuroplasticity glutamate receptor brain
networks mechanism mechanisms memory reconsolidation cues cue exposure mindfulness
counseling behavioral cognitive integration preparation setting monitoring supervised
medical doctors nurses psychiatrists psychologists anesthesiologists emergency
department hospital inpatient outpatient residential program programs recovery
sobriety long-term short-term durable lasting benefit benefits claims claim article
website marketing says suggests shows proves cures cure miracle breakthrough guaranteed
""".split()


def scratch_database_url(url, name):
    """`url` with its database name replaced by `name`."""
    head, _, _ = url.rpartition("/")
    return f"{head}/{name}"


def admin_connection(config):
    import psycopg2

    conn = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    conn.autocommit = True
    return conn


def configure(url):
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ["DEBUG"] = "0"  # no query log growing with every query
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "ketamine_evidence.settings"
    import django

    django.setup()


def sentence(rng, weights, low, high):
    words = rng.choices(WORDS, weights=weights, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def build(claims, per_article, seed=42):
    """`claims` claims in articles of `per_article`, each article's text its claims' quotes."""
    from claims.models import Claim, SourceArticle

    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(WORDS))]
    captured_at = datetime(2026, 1, 1, tzinfo=UTC)
    n_articles = -(-claims // per_article)
    made = 0
    for a in range(n_articles):
        quotes = [sentence(rng, weights, 8, 25) for _ in range(min(per_article, claims - made))]
        quotes = [
            f"{q[:-1]} {RARE}." if (made + i) % 1000 == 999 else q  # one claim in 1,000
            for i, q in enumerate(quotes)
        ]
        text = " ".join(quotes)
        article = SourceArticle.objects.create(
            key=f"bench-{a}",
            title=sentence(rng, weights, 4, 10),
            captured_text=text,
            captured_at=captured_at,
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
        )
        rows, start = [], 0
        for i, quote in enumerate(quotes):
            rationale = sentence(rng, weights, 10, 30) if i % 2 == 0 else ""
            rows.append(
                Claim(
                    article=article, key=f"c{i}", quote=quote, start=start, end=start + len(quote),
                    claim_type="efficacy", wording="categorical",
                    computed_rationale=rationale, rationale=rationale,
                )
            )  # fmt: skip
            start += len(quote) + 1
        Claim.objects.bulk_create(rows)
        made += len(rows)


def queries():
    """From very common words to rare ones, with the web-search syntax readers use."""
    return [
        WORDS[0],  # ketamine: in a large share of claims
        WORDS[10],  # infusion
        WORDS[120],  # a mid-frequency word
        WORDS[-5],  # one of the least frequent words of the vocabulary
        RARE,  # in one claim in 1,000
        f"{WORDS[3]} {WORDS[8]}",  # two words, both required
        f'"{WORDS[0]} {WORDS[1]}"',  # a phrase
        f"{WORDS[6]} -{WORDS[7]}",  # alcohol -cocaine
    ]


def searches():
    from django.contrib.postgres.search import SearchRank, SearchVector

    from claims.models import Claim
    from claims.selectors import search_claims
    from core.search import fulltext_query

    def base():
        return Claim.objects.select_related("article").defer("article__captured_text", "search_vector")

    def stored(query):
        return search_claims(query=query, queryset=base())

    def expression(query):
        vector = (
            SearchVector("quote", weight="A", config="english")
            + SearchVector("article__title", weight="B", config="english")
            + SearchVector("rationale", weight="C", config="english")
        )
        search_query = fulltext_query(query)
        return (
            base()
            .alias(computed_vector=vector)
            .filter(computed_vector=search_query)
            .annotate(search_rank=SearchRank(vector, search_query))
            .order_by("-search_rank", "article__title", "start", "id")
        )

    return {"stored": stored, "expression": expression}


def timed(queryset):
    started = time.perf_counter()
    rows = list(queryset[:PAGE])
    return time.perf_counter() - started, rows


def run(repeat):
    variants = searches()
    results = []
    for query in queries():
        times = {name: [] for name in variants}
        pages = {}
        for name, search in variants.items():
            _, pages[name] = timed(search(query))  # warm-up
        # Both variants must answer alike, or the comparison means nothing.
        assert [c.pk for c in pages["stored"]] == [c.pk for c in pages["expression"]], query
        for _ in range(repeat):
            for name, search in variants.items():
                elapsed, _ = timed(search(query))
                times[name].append(elapsed)
        matches = variants["stored"](query).count()
        results.append((query, matches, {name: statistics.median(t) for name, t in times.items()}))
    return results


def report(claims, results, plan):
    print(f"\nClaim search, {claims:,} claims, first page of {PAGE}, median ms")
    print(f"{'query':<28} {'matches':>8} {'stored':>9} {'expression':>11} {'ratio':>7}")
    for query, matches, medians in results:
        ratio = medians["expression"] / medians["stored"]
        print(
            f"{query:<28} {matches:>8,} {medians['stored'] * 1000:>9.1f}"
            f" {medians['expression'] * 1000:>11.1f} {ratio:>6.1f}x"
        )
    overall = {
        name: statistics.median(m[name] for _, _, m in results) for name in ("stored", "expression")
    }
    print(
        f"{'median over queries':<28} {'':>8} {overall['stored'] * 1000:>9.1f}"
        f" {overall['expression'] * 1000:>11.1f} {overall['expression'] / overall['stored']:>6.1f}x"
    )
    print(f"\nPlan of the stored search for {RARE!r}:\n{plan}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--per-article", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    import environ

    url = os.environ.get("DATABASE_URL", "")
    config = environ.Env.db_url_config(url) if url else {}
    if "postgresql" not in config.get("ENGINE", ""):
        print(
            "bench_search: skipped. Full-text search with a stored vector is PostgreSQL's; on "
            "SQLite (the default, no DATABASE_URL) search is a substring match and there is "
            "nothing to compare. Run with DATABASE_URL=postgres://user@host:port/any-db: the "
            "bench makes and drops a scratch database next to that one."
        )
        return 0

    name = f"{config['NAME']}_bench_search_{os.getpid()}"
    admin = admin_connection(config)
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        configure(scratch_database_url(url, name))
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        build(args.claims, args.per_article)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"Built {args.claims:,} claims in {time.perf_counter() - started:.0f} s ({name}).")

        results = run(args.repeat)
        from claims.selectors import search_claims

        plan = search_claims(query=RARE).explain(analyze=True)
        report(args.claims, results, plan)
        connection.close()
    finally:
        if args.keep:
            print(f"Kept the scratch database {name}.")
        else:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
