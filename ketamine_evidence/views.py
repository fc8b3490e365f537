from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from claims import selectors as claim_selectors
from claims.pages.charts import scorecard
from studies import selectors as study_selectors
from studies.constants import DESIGN_CODES, SUBSTANCES
from studies.findings import headline
from studies.pages.evidence_map import MapStudy, evidence_map


def _evidence_map(*, claim_counts=None):
    """The evidence map of every research study (with `claim_counts` per cell, if given)."""
    studies = study_selectors.evidence_map_studies()
    chart = evidence_map(
        (
            MapStudy(
                id=s.id,
                label=s.short_label,
                design=s.design_code,
                substances=tuple(sub.code for sub in s.substances.all()),
                n=s.n,
                finding=(found := headline(s.outcomes.all())).finding,
                measure=found.measure,
            )
            for s in studies
        ),
        substances=SUBSTANCES,
        designs=DESIGN_CODES,
        claim_counts=claim_counts,
    )
    return chart


# The home page shows this many articles, the newest; the article list pages through all.
HOME_ARTICLES = 6


def home(request):
    """Counts (estimated for big tables), the newest articles' scorecards, and what the
    research found per substance: the same queries whatever the number of articles."""
    counts = claim_selectors.site_counts()
    newest = claim_selectors.newest_article_ids(limit=HOME_ARTICLES)
    cards = [
        {"article": row["article"], **scorecard(row["accuracy"], row["statuses"])}
        for row in claim_selectors.article_scorecards(article_ids=newest)
    ]
    return render(
        request,
        "home.html",
        {
            "counts": counts,
            "cards": cards,
            "more_articles": counts["articles"]["count"] > len(cards),
            "map": _evidence_map(),
        },
    )


def evidence_map_page(request):
    """Every research study by substance and design, marked by what it found; each cell
    links to its studies and to the claims leaning on them."""
    chart = _evidence_map(claim_counts=claim_selectors.claim_counts_by_evidence_cell())
    return render(request, "evidence_map.html", {"map": chart})


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
