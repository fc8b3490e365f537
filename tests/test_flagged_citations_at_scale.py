"""What keeps the flagged citations page cheap at a million rows, on PostgreSQL: a page reads
its rows off the index citation_flagged_order (the ORDER BY must be that index's very
expression). bench/bench_scale.py times the page at 10,000 and 1,000,000 citations."""

import pytest
from django.db import connection, transaction

from claims import selectors
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
