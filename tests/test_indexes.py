"""The indexes of the tables verification writes, on PostgreSQL: every index is one more
write for every row a run changes, so each table keeps the indexes its reads use, and the
lookups by claim, citation and article are served by the indexes that start with them."""

import re

import pytest
from django.db import connection, transaction

from claims.models import Citation, Claim, ClaimCitation, Flag
from tests.factories import make_article, make_citation, make_claim, make_link, make_study

pytestmark = pytest.mark.django_db

WRITTEN_BY_VERIFICATION = [
    "claims_claim",
    "claims_citation",
    "claims_claimcitation",
    "claims_flag",
    "claims_claimreading",
]
HISTORIES = [
    "claims_historicalclaim",
    "claims_historicalcitation",
    "claims_historicalclaimcitation",
    "claims_historicalflag",
]


def index_definitions(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cursor.fetchall())


def indexed_columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_index i "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
            "WHERE i.indrelid = %s::regclass",
            [table],
        )
        return {name for (name,) in cursor.fetchall()}


def plan_of(queryset) -> str:
    """The plan with sequential scans ruled out: a test's handful of rows is rightly read
    whole; this shows which index serves the lookup."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


def test_no_table_verification_writes_has_a_pattern_index(postgresql):
    # Choices and keys are compared whole: a varchar_pattern_ops index serves only LIKE.
    for table in WRITTEN_BY_VERIFICATION + HISTORIES:
        patterns = [name for name, sql in index_definitions(table).items() if "pattern_ops" in sql]
        assert patterns == [], table


def test_a_history_indexes_only_what_reading_a_rows_history_uses(postgresql):
    for table in HISTORIES:
        assert indexed_columns(table) == {"history_id", "id", "history_date", "history_user_id"}, table


def test_the_claims_table_has_one_index_per_read_that_needs_one(postgresql):
    assert sorted(index_definitions("claims_claim")) == [
        "claim_accuracy",
        "claim_article_start",
        "claim_claim_type",
        "claim_created",
        "claim_start",
        "claim_unique_key",
        "claim_updated",
        "claim_verdict",
        "claims_clai_article_ba6f50_idx",
        "claims_claim_overridden_by_id_21bb5624",
        "claims_claim_pkey",
        "claims_claim_search_vector_gin",
    ]


@pytest.fixture
def linked():
    article = make_article()
    claim = make_claim(article)
    citation = make_citation(article)
    make_link(claim, citation)
    return article, claim, citation


def test_a_claims_flags_and_links_are_found_through_the_unique_indexes(postgresql, linked):
    _article, claim, citation = linked
    assert "flag_unique_claim_code" in plan_of(Flag.objects.filter(claim__in=[claim.pk]))
    assert "flag_unique_citation_code" in plan_of(Flag.objects.filter(citation=citation.pk))
    assert "link_unique_pair" in plan_of(ClaimCitation.objects.filter(claim__in=[claim.pk]))


def test_an_articles_claims_and_citations_are_found_through_indexes_that_start_with_it(
    postgresql, linked
):
    article, _claim, _citation = linked
    assert "Index" in plan_of(Claim.objects.filter(article_id__in=[article.pk]))
    assert "Index" in plan_of(Citation.objects.filter(article_id__in=[article.pk]))


@pytest.mark.parametrize(
    "model, field, index",
    [(Claim, "verdict", "claim_verdict"), (Claim, "claim_type", "claim_claim_type"),
     (Citation, "status", "citation_status"), (Flag, "code", "flag_code")],
)  # fmt: skip
def test_a_cursor_page_in_the_order_of_a_choice_reads_an_index_without_sorting(postgresql, linked, model, field, index):
    # `?ordering=verdict`: the API pages on (verdict, id), forwards and back.
    for ordering in ((field, "id"), (f"-{field}", "-id")):
        plan = plan_of(model.objects.order_by(*ordering)[:51])
        assert index in plan and "Sort" not in plan, plan


def sorts_every_row(plan: str) -> bool:
    """Whether the plan sorts the rows it reads; an incremental sort only orders the ties of
    an index's first column, a few rows at a time."""
    return re.search(r"^\s*(?:->\s+)?Sort\s+\(", plan, re.MULTILINE) is not None


def ordered_plan(queryset) -> str:
    """The plan of a list's first page with a walk of the whole table ruled out (a bitmap
    scan reads the rows in the table's order, then sorts them), and with it a sort of all the
    rows read, as it is at scale: a test's handful of rows is otherwise sorted whole, index or
    not. A plan that still sorts them has no index to read in that order."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
        return queryset.explain()


def cursor_lists():
    from claims.api.citations import CitationViewSet, LinkViewSet
    from claims.api.claims import ClaimViewSet
    from claims.api.flags import FlagViewSet

    for view in (ClaimViewSet, CitationViewSet, LinkViewSet, FlagViewSet):
        for field in view.ordering_fields:
            yield view.queryset.model, field


@pytest.mark.parametrize("model, field", list(cursor_lists()), ids=lambda value: getattr(value, "__name__", value))
def test_every_ordering_a_cursor_list_allows_reads_an_index_in_that_order(postgresql, linked, model, field):
    # A cursor page is (field, id) both ways; without an index, a page of 50 sorts every row.
    for ordering in ((field, "id"), (f"-{field}", "-id")):
        plan = ordered_plan(model.objects.order_by(*ordering)[:51])
        assert not sorts_every_row(plan), plan


@pytest.mark.parametrize("field", ["year", "title", "n", "created_at", "updated_at", "id"])
def test_every_ordering_of_the_studies_list_reads_an_index_in_that_order(postgresql, field):
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from core.api import OrderingFilter
    from studies.api.views import StudyViewSet
    from studies.models import Study

    assert field in StudyViewSet.ordering_fields
    # With statistics of a table of one row, the planner would rather sort it than walk an
    # index: the plan must not depend on that.
    make_study(year=2019, n=10)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE studies_study")
    for ordering in (field, f"-{field}"):
        request = Request(APIRequestFactory().get("/api/studies/", {"ordering": ordering}))
        ordered = OrderingFilter().filter_queryset(request, Study.objects.all(), StudyViewSet())
        plan = ordered_plan(ordered.values("pk")[:51])
        assert not sorts_every_row(plan), plan


def test_a_keys_count_can_be_read_from_the_index_alone(postgresql):
    # A batch of references looks up the counts of a few thousand keys: with the count in
    # the index, each lookup reads no table page (bench/bench_stored_index.py measures it;
    # on a test's handful of rows the planner's choice of index says nothing).
    from studies.library.match_index import read_counts
    from studies.models import StudyMatchKeyCount

    definition = index_definitions("studies_studymatchkeycount")["match_key_count_cover"]
    assert definition.endswith("USING btree (key) INCLUDE (studies)"), definition
    make_study(title="Ketamine for alcohol use disorder", year=2020)
    key = StudyMatchKeyCount.objects.values_list("key", flat=True).first()
    assert read_counts([key, "nowhere"]) == {key: 1}
