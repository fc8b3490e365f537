from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from claims import selectors as claim_selectors
from claims.pages.charts import scorecard
from core.pages import read_only_page
from studies import selectors as study_selectors
from studies.constants import DESIGN_CODES, SUBSTANCES
from studies.pages.evidence_map import MapStudy, evidence_map

# A cell of the evidence map draws its largest studies up to this many, and counts the rest.
MAP_PER_CELL = 12


def _evidence_map(*, claim_counts=None, per_cell=MAP_PER_CELL):
    """The evidence map of the research in the library (with `claim_counts` per cell, if
    given), from the database's counts and each cell's largest studies (none with
    `per_cell` 0: the counts alone)."""
    data = study_selectors.evidence_map_data(per_cell=per_cell)
    return evidence_map(
        (
            MapStudy(
                id=s.id,
                label=s.short_label,
                design=s.design_code,
                substances=(substance,) if substance else (),
                n=s.n,
                finding=s.finding,
                measure=s.measure or "",
            )
            for s, substance in data["placed"]
        ),
        substances=SUBSTANCES,
        designs=DESIGN_CODES,
        per_cell=max(per_cell, 1),
        claim_counts=claim_counts,
        cell_findings=data["cells"],
        total_findings=data["totals"],
    )


# The home page shows this many articles, the newest; the article list pages through all.
HOME_ARTICLES = 6


@read_only_page
def home(request):
    """Counts (estimated for big tables), the newest articles' scorecards, and what the
    research found per substance: the same queries whatever the number of articles."""
    counts = claim_selectors.site_counts()
    newest = claim_selectors.newest_article_ids(limit=HOME_ARTICLES)
    rows = {row["article"].pk: row for row in claim_selectors.article_scorecards(article_ids=newest)}
    # Under "Articles added last", newest first: the order the reader looks for.
    cards = [
        {"article": rows[pk]["article"], **scorecard(rows[pk]["accuracy"], rows[pk]["statuses"])}
        for pk in newest
        if pk in rows
    ]
    return render(
        request,
        "home.html",
        {
            "counts": counts,
            "cards": cards,
            "more_articles": counts["articles"]["count"] > len(cards),
            # What the research found per substance: counts only, no study drawn.
            "map": _evidence_map(per_cell=0),
        },
    )


@read_only_page
def evidence_map_page(request):
    """Every research study by substance and design, marked by what it found; each cell
    links to its studies and to the claims leaning on them."""
    claim_counts = claim_selectors.claim_counts_by_evidence_cell()
    chart = _evidence_map(claim_counts=claim_counts)
    # Too many links to count per view: each cell links to its claims without a number.
    return render(request, "evidence_map.html", {"map": chart, "claims_uncounted": claim_counts is None})


@read_only_page
def health(request):
    # A cheap query proves the database answers; load balancers poll this.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@read_only_page
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page's <link rel="icon"> says: send them to
    the icon the pages name (its address is resolved per request, as the static files'
    manifest gives it)."""
    return redirect(static("favicon.svg"), permanent=True)
