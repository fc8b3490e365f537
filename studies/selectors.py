"""Read-side queries for the literature. Keyword-only arguments; each returns a queryset or rows
with everything its caller will touch already loaded, so a page costs a fixed number of
queries whatever its size.
"""

from django.db import connection
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber

from core import search
from studies.models import Outcome, Study
from studies.references.identifiers import normalise_doi, normalise_pmid

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

    `q` is a search (see search_studies): on PostgreSQL the best matches come first.
    """
    # The search vector is for the WHERE clause; a list never shows it.
    studies = Study.objects.defer("search_vector").prefetch_related("substances").order_by(*STUDY_ORDER)
    if design:
        studies = studies.filter(design_code=design)
    if source_kind:
        studies = studies.filter(source_kind=source_kind)
    if year is not None:
        studies = studies.filter(year=year)
    if substance:
        # A study has each substance at most once, so this join adds no duplicates.
        studies = studies.filter(substances__code=substance)
    if q:
        studies = search_studies(query=q, queryset=studies)
    return studies


def search_studies(*, query: str, queryset: QuerySet[Study] | None = None) -> QuerySet[Study]:
    """Studies that `query` finds. A blank query returns the queryset unchanged.

    A DOI, in any usual form or only its beginning ("10.1176/appi"), finds the studies whose
    DOI starts with it. Otherwise the words are looked for in the title, the authors, the
    journal and the abstract, and a PMID finds its study too:

    - on PostgreSQL, full-text search on the stored vector (title weighted A, authors and
      journal B, abstract C; migration 0003): websearch syntax (words, "phrases",
      -exclusions, OR), English stemming, best matches first, then newest first;
    - on SQLite, every word or "phrase" must appear in one of those fields and no -excluded
      one may, in the queryset's order.
    """
    studies = Study.objects.all() if queryset is None else queryset
    query = (query or "").strip()
    if not query:
        return studies
    doi = normalise_doi(query)
    if doi and len(query.split()) == 1:
        # DOIs are stored normalised (lower case, no prefix): a prefix match on the column.
        return studies.filter(doi__startswith=doi)
    pmid = normalise_pmid(query)
    if connection.vendor == "postgresql":
        search_query = search.fulltext_query(query)
        matches = Q(search_vector=search_query)
        if pmid:
            matches |= Q(pmid=pmid)
        return (
            studies.filter(matches)
            .annotate(search_rank=search.rank(search_query))
            .order_by("-search_rank", *STUDY_ORDER)
        )
    include, exclude = search.substring_terms(query)

    def anywhere(term):
        return (
            Q(title__icontains=term)
            | Q(search.JSONStringContains("authors", term))
            | Q(container_title__icontains=term)
            | Q(abstract__icontains=term)
        )

    matches = Q()
    for term in include:
        matches &= anywhere(term)
    for term in exclude:
        matches &= ~anywhere(term)
    if pmid:
        matches |= Q(pmid=pmid)
    return studies.filter(matches)


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


def _headline_outcome():
    """A study's headline outcome, for a subquery: the first marked primary, else the first
    reported, the same choice as studies.findings.headline."""
    return Outcome.objects.filter(study=OuterRef("pk")).order_by("-primary", "position", "id")


def evidence_map_data(*, per_cell: int) -> dict:
    """What the evidence map draws, in four queries whatever the size of the library (two
    with `per_cell` 0, for a summary of the counts):

    - `placed`: in each (substance, design) cell, its `per_cell` largest research studies
      (N unknown last), as (study, substance) pairs (substance None when the study names
      none), each study with the `measure` of its headline outcome;
    - `cells`: ``{(substance or "", design): {finding: studies}}``;
    - `totals`: ``{finding: studies}``, each study once.

    A study's finding is stored on it (Study.finding), so counting reads no outcome.
    """
    research = Study.objects.filter(source_kind__in=MAP_SOURCE_KINDS)
    cells: dict = {}
    counted = (
        research.values("substances__code", "design_code", "finding").annotate(n=Count("id")).order_by()
    )
    for row in counted:
        cell = cells.setdefault((row["substances__code"] or "", row["design_code"]), {})
        cell[row["finding"]] = cell.get(row["finding"], 0) + row["n"]
    totals = {row["finding"]: row["n"] for row in research.values("finding").annotate(n=Count("id")).order_by()}
    if per_cell == 0:  # counts only: a summary draws no study
        return {"placed": [], "cells": cells, "totals": totals}
    largest_first = [F("n").desc(nulls_last=True), F("year").asc(nulls_last=True), F("id").asc()]
    # Rank first, on the study's own columns; read the headline outcome of the few placed.
    ranked = list(
        research.annotate(
            substance=F("substances__code"),
            rank=Window(
                RowNumber(), partition_by=[F("substances__code"), F("design_code")], order_by=largest_first
            ),
        )
        .filter(rank__lte=per_cell)
        .values_list("id", "substance")
    )
    studies = Study.objects.filter(pk__in={pk for pk, _ in ranked}).annotate(
        measure=Subquery(_headline_outcome().values("measure")[:1])
    )
    fields = ("id", "title", "authors", "container_title", "year", "design_code", "n", "finding")
    by_id = {study.pk: study for study in studies.only(*fields)}
    placed = sorted(
        ((by_id[pk], substance) for pk, substance in ranked),
        key=lambda pair: (pair[0].n is None, -(pair[0].n or 0), pair[0].year or 9999, pair[0].pk),
    )
    return {"placed": placed, "cells": cells, "totals": totals}
