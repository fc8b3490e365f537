"""Read-side queries for the literature. Keyword-only arguments; each returns a queryset or rows
with everything its caller will touch already loaded, so a page costs a fixed number of
queries whatever its size.
"""

from django.db.models import F, Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast

from .models import Outcome, Study

# Newest first; studies of unknown year last on every database (PostgreSQL would put NULLs
# first in a descending sort).
STUDY_ORDER = (F("year").desc(nulls_last=True), "title", "id")


def filter_studies(
    *,
    design: str | None = None,
    substance: str | None = None,
    year: int | None = None,
    source_kind: str | None = None,
    q: str | None = None,
) -> QuerySet[Study]:
    """Studies matching every filter given (None or "" means no filter on that field).

    `q` looks for every word in the title, journal or authors, or for an exact DOI or PMID.
    """
    studies = Study.objects.prefetch_related("substances").order_by(*STUDY_ORDER)
    if design:
        studies = studies.filter(design_code=design)
    if source_kind:
        studies = studies.filter(source_kind=source_kind)
    if year is not None:
        studies = studies.filter(year=year)
    if substance:
        # A study has each substance at most once, so this join adds no duplicates.
        studies = studies.filter(substances__code=substance)
    if q and q.strip():
        q = q.strip()
        identifier = q.lower().removeprefix("https://doi.org/")
        match = Q(doi=identifier) | Q(pmid=q)
        words = Q()
        for word in q.split():
            words &= (
                Q(title__icontains=word)
                | Q(container_title__icontains=word)
                | Q(authors_text__icontains=word)
            )
        # Authors are JSON; searching their text form works the same on SQLite and PostgreSQL.
        studies = studies.alias(authors_text=Cast("authors", TextField())).filter(match | words)
    return studies


def get_study(*, pk: int) -> Study:
    """One study with its substances and outcomes; raises Study.DoesNotExist."""
    return Study.objects.prefetch_related(
        "substances",
        Prefetch("outcomes", queryset=Outcome.objects.order_by("position", "id")),
    ).get(pk=pk)


# The evidence map shows research: news, consumer-health and marketing pages have no design
# or sample, and official statistics (national surveys of tens of thousands) would shrink
# every trial's circle to a dot on a scale of N.
MAP_SOURCE_KINDS = ("peer_reviewed_article",)


def evidence_map_studies() -> list[Study]:
    """Research studies for the home page's evidence map, largest N first (unknown N last)."""
    return list(
        Study.objects.filter(source_kind__in=MAP_SOURCE_KINDS)
        .only("id", "title", "authors", "container_title", "year", "design_code", "n")
        .prefetch_related("substances")
        .order_by(F("n").desc(nulls_last=True), "year", "id")
    )
