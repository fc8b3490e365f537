"""Benchmark the API's heaviest list against a bare DRF endpoint, in one run.

    python bench/bench_api.py                          # 20 articles x 100 claims, 50 requests each
    python bench/bench_api.py --articles 50 --claims 100 --requests 50

Builds a temporary SQLite database (or uses DATABASE_URL with --use-configured-db, which
must point at a scratch database: it is migrated and filled), then times GET
/api/claims/?page_size=100 — every claim nested with its article, substances, links,
citations, studies and flags — against bare endpoints defined here, outside the app, each
returning 100 plain rows of one model (see bare_urlconf). Requests go through the whole Django stack in process (django.test.Client), so the
figures are the server's time without the network. Reported: median and 90th percentile
and CPU time per request, the ratio to the bare endpoints (target: within 2x of a bare
Claim list with the same cursor pagination), SQL queries and response size; and the HTML
claim page against the API's claim detail for the same claim (target: at most 1x). The endpoints take turns request by request, so
a busy machine slows them alike; CPU time is steadier than wall time there.

Synthetic data only: made-up titles, generated in a fixed order.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(use_configured_db):
    """Production-like settings: DEBUG off (no query log), no SSL redirect for the test
    client, no throttling in the way of the repeated requests."""
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ["DEBUG"] = "0"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["API_ANON_RATE"] = "1000000/hour"
    os.environ["LOG_LEVEL"] = "WARNING"
    tmp = None
    if not use_configured_db:
        tmp = tempfile.mkdtemp(prefix="bench_api_")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "ketamine_evidence.settings"
    import django

    django.setup()
    return tmp


def bare_urlconf():
    """A urlconf with the bare endpoints in front of the project's own URLs.

    "Bare" is the least DRF code that lists a model: a ListAPIView with a ModelSerializer of
    all its fields, and the project's defaults for the rest (authentication, permissions,
    throttling, page-number pagination, filter backends). The "stripped" variant also turns
    pagination and filtering off, as a floor.
    """
    from django.urls import include, path
    from rest_framework import generics, serializers

    from claims.models import Citation, Claim, Flag
    from core.api import CursorPagination
    from studies.models import Outcome

    def bare_view(model, stripped=False, cursor=False):
        # Every field but the search index (which no list sends), many-to-many ones read in
        # one query rather than one per row: the least a fair list does.
        names = {f.name for f in model._meta.get_fields()}
        meta = {"model": model, "exclude": ["search_vector"]} if "search_vector" in names else {
            "model": model, "fields": "__all__"}
        serializer = type(
            f"Bare{model.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": type("Meta", (), meta)}
        )
        options = {"pagination_class": None, "filter_backends": []} if stripped else {}
        if cursor:  # the claims list's own pagination: a cursor on id
            options["pagination_class"] = CursorPagination
        queryset = model.objects.order_by("id").prefetch_related(*[f.name for f in model._meta.many_to_many])
        return generics.ListAPIView.as_view(
            queryset=queryset[:100] if stripped else queryset, serializer_class=serializer, **options
        )

    module = types.ModuleType("bench_api_urls")
    module.urlpatterns = [
        path("bare/claims/", bare_view(Claim, cursor=True)),
        path("bare/flags/", bare_view(Flag)),
        path("bare/outcomes/", bare_view(Outcome)),
        path("bare/citations/", bare_view(Citation)),
        path("bare/flags-stripped/", bare_view(Flag, stripped=True)),
        path("", include("ketamine_evidence.urls")),
    ]
    sys.modules[module.__name__] = module
    return module.__name__


def build(articles, claims_per_article):
    """Articles with claims; each claim leans on one or two citations of its article, most
    citations matched to a study; about a third of claims and citations carry a flag."""
    import hashlib
    from datetime import UTC, datetime

    from claims.models import Citation, Claim, ClaimCitation, Flag, SourceArticle
    from studies.models import Outcome, Study, Substance

    substances = list(Substance.objects.all())
    studies = Study.objects.bulk_create(
        Study(
            title=f"Synthetic trial {i} of ketamine for use disorder number {i % 7}",
            authors=[{"family": f"Author{i}", "given": "A."}, {"family": "Second", "given": "B."}],
            container_title=f"Journal {i % 13}",
            year=1990 + i % 35,
            doi=f"10.5555/bench.{i}",
            design_code=("randomized_controlled_trial", "open_label_trial", "case_series")[i % 3],
            n=10 + i,
        )
        for i in range(articles * claims_per_article // 2)
    )
    Study.substances.through.objects.bulk_create(
        Study.substances.through(study_id=s.pk, substance_id=substances[i % len(substances)].pk)
        for i, s in enumerate(studies)
    )
    Outcome.objects.bulk_create(
        Outcome(study=s, measure="Abstinence", estimate=1.5, ci_low=1.1, ci_high=2.0) for s in studies
    )
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for a in range(articles):
        sentences = [f"Sentence {c} of article {a} says ketamine works [{c}]." for c in range(claims_per_article)]
        text = " ".join(sentences)
        article = SourceArticle.objects.create(
            key=f"bench-{a}", title=f"Bench article {a}", publisher="Bench", captured_text=text,
            captured_at=now, content_hash=hashlib.sha256(text.encode()).hexdigest(),
        )
        citations = Citation.objects.bulk_create(
            Citation(
                article=article, key=f"ref-{c}", marker=f"[{c}]", position=c,
                raw_text=f"Author{c}, Second. Synthetic trial {c}. Journal. 2019.",
                location="reference_list",
                study=studies[(a * claims_per_article + c) % len(studies)] if c % 5 else None,
                status="verified" if c % 5 else "not_found",
                status_reason="Matched by DOI." if c % 5 else "No such work.",
                discrepancies=[{"field": "year", "written": "2020", "canonical": "2019"}] if c % 4 == 0 else [],
            )
            for c in range(claims_per_article)
        )
        offset, claims = 0, []
        for c, sentence in enumerate(sentences):
            claims.append(
                Claim(
                    article=article, key=f"claim-{c}", quote=sentence, start=offset,
                    end=offset + len(sentence), claim_type="efficacy", wording="categorical",
                    verdict="overstated", computed_verdict="overstated", computed_certainty="low",
                    certainty="low", rationale="One small uncontrolled study.",
                )
            )
            offset += len(sentence) + 1
        claims = Claim.objects.bulk_create(claims)
        Claim.substances.through.objects.bulk_create(
            Claim.substances.through(claim_id=cl.pk, substance_id=substances[i % 3].pk)
            for i, cl in enumerate(claims)
        )
        links = [ClaimCitation(claim=cl, citation=citations[i], reliance="marker", stance="partly")
                 for i, cl in enumerate(claims)]
        links += [ClaimCitation(claim=cl, citation=citations[(i + 1) % len(citations)], reliance="context")
                  for i, cl in enumerate(claims) if i % 2 == 0]
        ClaimCitation.objects.bulk_create(links)
        Flag.objects.bulk_create(
            [Flag(claim=cl, code="weak_design_only", severity="warning", message="Only weak designs.",
                  evidence_hash="0" * 64, rule="bench") for i, cl in enumerate(claims) if i % 3 == 0]
            + [Flag(citation=ci, code="citation_not_found", severity="critical", message="Not found.",
                    evidence_hash="0" * 64, rule="bench") for i, ci in enumerate(citations) if i % 5 == 0]
        )


def measure(client, paths, requests):
    """Median and 90th percentile per path. The paths take turns, request by request, so
    that a busy machine slows every endpoint alike and the ratios stay fair."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for path in paths:
        for _ in range(3):  # warm caches (URL resolver, serializer fields, SQLite pages)
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code, response.content[:300])
    timings = {path: [] for path in paths}
    cpu = {path: [] for path in paths}
    for _ in range(requests):
        for path in paths:
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            timings[path].append(time.perf_counter() - start)
            cpu[path].append(time.process_time() - start_cpu)
    results = {}
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        body = response.json() if response["Content-Type"].startswith("application/json") else None
        times = sorted(timings[path])
        results[path] = {
            "median": statistics.median(times),
            "cpu": statistics.median(cpu[path]),
            "p90": times[int(len(times) * 0.9) - 1],
            "queries": len(queries),
            "rows": len(body["results"]) if isinstance(body, dict) and "results" in body else 1,
            "bytes": len(response.content),
        }
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--claims", type=int, default=100, help="claims per article")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per endpoint")
    parser.add_argument("--use-configured-db", action="store_true",
                        help="use DATABASE_URL (a scratch database) instead of a temporary SQLite file")
    args = parser.parse_args()

    configure(args.use_configured_db)
    from django.conf import settings
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import override_settings

    from claims.models import Claim

    call_command("migrate", verbosity=0)
    if not Claim.objects.exists():
        started = time.perf_counter()
        build(args.articles, args.claims)
        print(f"built {Claim.objects.count()} claims in {time.perf_counter() - started:.1f}s "
              f"({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})")

    client = Client()
    # The claim with the most links: the heaviest detail page.
    claim = Claim.objects.annotate(n=Count("links")).order_by("-n", "pk").first()
    endpoints = [
        ("/api/claims/?page_size=100", "claims, nested (the API)"),
        ("/bare/claims/?page_size=100", "bare: Claim, __all__, cursor"),
        (f"/api/claims/{claim.pk}/", "one claim (the API)"),
        (f"/claims/{claim.pk}/", "one claim (the HTML page)"),
        ("/api/citations/?page_size=100", "citations, nested (the API)"),
        ("/api/studies/?page_size=100", "studies (the API)"),
        ("/bare/flags/?page_size=100", "bare: Flag, __all__"),
        ("/bare/outcomes/?page_size=100", "bare: Outcome, __all__"),
        ("/bare/citations/?page_size=100", "bare: Citation, __all__"),
        ("/bare/flags-stripped/", "bare: Flag, no paging/filters"),
    ]
    with override_settings(ROOT_URLCONF=bare_urlconf()):
        results = measure(client, [path for path, _ in endpoints], args.requests)

    print(f"\n{'endpoint':<32} {'rows':>5} {'median ms':>10} {'p90 ms':>8} {'CPU ms':>7} "
          f"{'queries':>8} {'KiB':>5}")
    for path, label in endpoints:
        r = results[path]
        print(f"{label:<32} {r['rows']:>5} {r['median'] * 1000:>10.1f} {r['p90'] * 1000:>8.1f} "
              f"{r['cpu'] * 1000:>7.1f} {r['queries']:>8} {r['bytes'] / 1024:>5.0f}")
    claims = results["/api/claims/?page_size=100"]
    print()
    for path, label in endpoints[1:2] + endpoints[6:]:
        r = results[path]
        print(f"claims list / {label:<30} wall {claims['median'] / r['median']:.2f}x   "
              f"CPU {claims['cpu'] / r['cpu']:.2f}x")
    baseline = results["/bare/claims/?page_size=100"]
    ratio = claims["median"] / baseline["median"]
    verdict = "within" if ratio <= 2 else "NOT within"
    print(f"\ntarget: claims list {verdict} 2x the bare Claim list, same pagination (wall {ratio:.2f}x, "
          f"CPU {claims['cpu'] / baseline['cpu']:.2f}x)")
    api, page = results[f"/api/claims/{claim.pk}/"], results[f"/claims/{claim.pk}/"]
    ratio = page["median"] / api["median"]
    verdict = "within" if ratio <= 1 else "NOT within"
    print(f"target: the HTML claim page {verdict} 1x the API claim detail (wall {ratio:.2f}x, "
          f"CPU {page['cpu'] / api['cpu']:.2f}x)")


if __name__ == "__main__":
    main()
