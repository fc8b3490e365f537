"""Read-side queries for the literature. Keyword-only arguments; each returns a queryset or rows
with everything its caller will touch already loaded, so a page costs a fixed number of
queries whatever its size.
"""

import re

from django.db import connection
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber

from core import search
from studies.constants import MAP_SOURCE_KINDS
from studies.library.map_counts import read_map_counts
from studies.models import Outcome, Study, StudyTotal
from studies.references.identifiers import normalise_doi, normalise_pmid

# Newest first; studies of unknown year last on every database (PostgreSQL would put NULLs
# first in a descending sort).
STUDY_ORDER = (F("year").desc(nulls_last=True), "title", "id")


def library_size() -> int:
    """How many studies the library holds: on PostgreSQL the total its triggers keep
    (`StudyTotal`), one row read by its key instead of a COUNT over every study; elsewhere,
    or where the row is missing (a flushed test database), the count."""
    if connection.vendor == "postgresql":
        total = StudyTotal.objects.filter(pk=1).values_list("studies", flat=True).first()
        if total is not None:
            return total
    return Study.objects.count()


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


_DOI_REGISTRANT_RE = re.compile(r"10\.\d{4,9}/?")


def search_studies(*, query: str, queryset: QuerySet[Study] | None = None) -> QuerySet[Study]:
    """Studies that `query` finds. A query with nothing to look for (blank, '""', "-")
    returns the queryset unchanged.

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
    if not search.has_terms(query):
        return studies
    doi = normalise_doi(query)
    if doi and len(query.split()) == 1:
        # DOIs are stored normalised (lower case, no prefix): a prefix match on the column.
        return studies.filter(doi__startswith=doi)
    if _DOI_REGISTRANT_RE.fullmatch(query):
        # "10.1176", a publisher's part of its DOIs (the American Psychiatric Association's):
        # its works, not a number looked for in titles.
        return studies.filter(doi__startswith=query.rstrip("/") + "/")
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




def _headline_outcome():
    """A study's headline outcome, for a subquery: the first marked primary, else the first
    reported, the same choice as studies.findings.headline."""
    return Outcome.objects.filter(study=OuterRef("pk")).order_by("-primary", "position", "id")


def _largest_per_cell_ranked(per_cell: int) -> list[tuple[int, str | None]]:
    """The same as `_largest_per_cell`, by ranking every research study of the library: for
    SQLite, which has no LATERAL join (and a library small enough to rank)."""
    largest_first = [F("n").desc(nulls_last=True), F("year").asc(nulls_last=True), F("id").asc()]
    return list(
        Study.objects.filter(source_kind__in=MAP_SOURCE_KINDS)
        .annotate(
            substance=F("substances__code"),
            rank=Window(RowNumber(), partition_by=[F("substances__code"), F("design_code")], order_by=largest_first),
        )
        .filter(rank__lte=per_cell)
        .values_list("id", "substance")
    )


def _largest_per_cell(cells: dict, per_cell: int) -> list[tuple[int, str | None]]:
    """PostgreSQL: the `per_cell` largest research studies of each counted cell, as
    (study id, substance or None), in one query. Each cell reads its design's studies off
    the index study_map_order, largest first, and stops at `per_cell` of its substance:
    ranking every study of the library instead took 280 ms at 100,000 studies. (OFFSET 0
    keeps PostgreSQL from hashing every study of the substance for each cell, 5 ms a cell:
    each study walked is looked up on the study's index of the substances table instead.)"""
    wanted = sorted(cells)
    if not wanted:
        return []
    through = Study.substances.through._meta.db_table
    sql = f"""
        SELECT c.substance, s.id
        FROM unnest(%s::text[], %s::text[]) AS c(substance, design)
        CROSS JOIN LATERAL (
            SELECT st.id FROM {Study._meta.db_table} st
            WHERE st.design_code = c.design AND st.source_kind = ANY(%s)
              AND CASE WHEN c.substance = ''
                  THEN NOT EXISTS (SELECT 1 FROM {through} t WHERE t.study_id = st.id OFFSET 0)
                  ELSE EXISTS (SELECT 1 FROM {through} t
                               WHERE t.study_id = st.id AND t.substance_id = c.substance OFFSET 0)
              END
            ORDER BY st.design_code, st.n DESC NULLS LAST, st.year ASC NULLS LAST, st.id
            LIMIT %s
        ) s
    """
    params = [[sub for sub, _ in wanted], [design for _, design in wanted], list(MAP_SOURCE_KINDS), per_cell]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(study_id, substance or None) for substance, study_id in cursor.fetchall()]


def evidence_map_data(*, per_cell: int) -> dict:
    """What the evidence map draws, in four queries whatever the size of the library (two
    with `per_cell` 0, for a summary of the counts):

    - `placed`: in each (substance, design) cell, its `per_cell` largest research studies
      (N unknown last), as (study, substance) pairs (substance None when the study names
      none), each study with the `measure` of its headline outcome;
    - `cells`: ``{(substance or "", design): {finding: studies}}``;
    - `totals`: ``{finding: studies}``, each study once.

    The counts are read from the map's stored counts (studies.library.map_counts), kept
    current on every write of a study, so counting reads no study.
    """
    cells, totals = read_map_counts()
    if per_cell == 0:  # counts only: a summary draws no study
        return {"placed": [], "cells": cells, "totals": totals}
    # Rank first, on the study's own columns; read the headline outcome of the few placed.
    if connection.vendor == "postgresql":
        ranked = _largest_per_cell(cells, per_cell)
    else:
        ranked = _largest_per_cell_ranked(per_cell)
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
