from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from claims import selectors as claim_selectors
from claims.pages.charts import scorecard
from studies import selectors as study_selectors
from studies.constants import DESIGN_CODES, SUBSTANCES
from studies.pages.evidence_map import MapStudy, evidence_map


def home(request):
    """Counts, a scorecard per article, and the evidence map: nine queries in all."""
    cards = [
        {"article": row["article"], **scorecard(row["accuracy"], row["statuses"])}
        for row in claim_selectors.article_scorecards()
    ]
    studies = study_selectors.evidence_map_studies()
    chart = evidence_map(
        (
            MapStudy(
                id=s.id,
                label=s.short_label,
                design=s.design_code,
                substances=tuple(sub.code for sub in s.substances.all()),
                n=s.n,
            )
            for s in studies
        ),
        substances=SUBSTANCES,
        designs=DESIGN_CODES,
    )
    return render(
        request,
        "home.html",
        {
            "counts": claim_selectors.site_counts(),
            "cards": cards,
            "map": chart,
            "map_studies": {s.id: s for s in studies},
        },
    )


def health(request):
    # A cheap query proves the database answers; load balancers poll this.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says: send them to
    the icon the pages name (its address is resolved per request, as the static files'
    manifest gives it)."""
    return redirect(static("favicon.svg"), permanent=True)
