"""What keeps the flagged citations page cheap at a million rows, on PostgreSQL: a page reads
its rows off the index citation_flagged_order (the ORDER BY must be that index's very
expression), and the count of each status comes from the planner's statistics once the table
is big. bench/bench_scale.py times the page at 10,000 and 1,000,000 citations."""

import pytest
from django.db import connection, transaction

from claims import selectors
from claims.models import Citation
from core import db
from tests.factories import make_article, make_citation, make_study

pytestmark = pytest.mark.django_db


def explain_without_sequential_scans_or_sorts(queryset):
    """The plan of a page of `queryset` when neither a sequential scan nor a sort is allowed
    to compete: a test table has a handful of rows, which PostgreSQL rightly reads whole and
    sorts; this shows the order can come from an index at all."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
        return queryset[:100].explain()


@pytest.fixture
def flagged():
    article = make_article()
    for status in ("not_found", "off_topic", "unchecked", "anonymous"):
        make_citation(article, status=status)
    make_citation(article, status="verified", study=make_study())


def test_a_page_of_flagged_citations_is_read_in_order_off_the_index(postgresql, flagged):
    plan = explain_without_sequential_scans_or_sorts(selectors.flagged_citations())
    assert "Index Scan using citation_flagged_order" in plan, plan
    assert "Sort" not in plan, plan


def test_a_page_of_one_status_starts_the_index_at_that_status(postgresql, flagged):
    plan = explain_without_sequential_scans_or_sorts(selectors.flagged_citations(status="not_found"))
    assert "Index Scan using citation_flagged_order" in plan, plan
    # The status's rank bounds the scan (an Index Cond), rather than filtering every row read.
    index_cond = plan.split("Index Cond:")[1].splitlines()[0]
    assert "CASE" in index_cond and "= 4" in index_cond, plan
    assert "Sort" not in plan, plan


def citations(counts):
    article = make_article()
    for status, n in counts.items():
        for _ in range(n):
            make_citation(article, status=status)


def analyze():
    # In the test's transaction ANALYZE samples its own uncommitted rows too.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_citation")


STATUSES = ["not_found", "off_topic", "anonymous"]


def test_a_small_table_has_each_status_counted_exactly(postgresql):
    citations({"not_found": 3, "off_topic": 2})
    analyze()
    counts = db.estimated_counts_by_value(Citation, field="status", values=STATUSES)
    assert counts == {"not_found": (3, True), "off_topic": (2, True), "anonymous": (0, True)}


def test_a_big_table_has_its_common_statuses_estimated_from_the_statistics(postgresql, monkeypatch):
    monkeypatch.setattr(db, "EXACT_COUNT_LIMIT", 10)
    citations({"not_found": 12, "off_topic": 8})
    analyze()
    counts = db.estimated_counts_by_value(Citation, field="status", values=STATUSES)
    # ANALYZE read every row of so small a table: the estimates are the true counts. A
    # status it did not see is counted, and is exact.
    assert counts == {"not_found": (12, False), "off_topic": (8, False), "anonymous": (0, True)}


def test_statuses_the_statistics_miss_are_counted_no_further_than_the_limit(postgresql, monkeypatch):
    monkeypatch.setattr(db, "EXACT_COUNT_LIMIT", 10)
    citations({"not_found": 12})
    analyze()
    # Stale statistics: these came after ANALYZE, which saw no anonymous citation. The
    # statuses it did not see are counted together up to the limit, so none is exact.
    citations({"anonymous": 15})
    counts = db.estimated_counts_by_value(Citation, field="status", values=STATUSES)
    assert counts == {"not_found": (12, False), "off_topic": (0, False), "anonymous": (10, False)}
