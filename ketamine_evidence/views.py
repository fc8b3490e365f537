from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from claims import selectors as claim_selectors
from claims.pages.charts import scorecard
from studies import selectors as study_selectors
from studies.constants import DESIGN_CODES, SUBSTANCES
from studies.pages.evidence_map import MapStudy, evidence_map


def home(request):
    """Counts, a scorecard per article, and the evidence map: nine queries in all."""
    cards = [
        {"article": row["article"], **scorecard(row["verdicts"], row["statuses"])}
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
