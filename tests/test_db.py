"""core.db: the `in_list` lookup, on the database the suite runs on (SQLite by default,
PostgreSQL in CI)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db


def test_in_list_keeps_the_rows_whose_ids_are_listed():
    article = make_article()
    first, _second, third = (make_claim(article) for _ in range(3))

    found = Claim.objects.filter(pk__in_list=[third.pk, first.pk, 10**12]).order_by("pk")

    assert list(found) == [first, third]


def test_in_list_of_no_ids_keeps_no_row():
    make_claim()

    assert list(Claim.objects.filter(pk__in_list=[])) == []


def test_in_list_sends_the_ids_as_one_parameter():
    article = make_article()
    claims = [make_claim(article) for _ in range(3)]

    with CaptureQueriesContext(connection) as queries:
        found = list(Claim.objects.filter(pk__in_list=[c.pk for c in claims]).values_list("pk", flat=True))

    sql = queries.captured_queries[0]["sql"]
    assert sorted(found) == sorted(c.pk for c in claims)
    assert ("= ANY(" if connection.vendor == "postgresql" else "json_each(") in sql


def test_in_list_refuses_what_is_not_a_whole_number():
    with pytest.raises(ValueError):
        Claim.objects.filter(pk__in_list=["1; DROP TABLE claims_claim"])


def test_in_list_works_on_a_foreign_key_too():
    first, second = make_article(), make_article()
    on_first = make_claim(first)
    make_claim(second)

    assert list(Claim.objects.filter(article_id__in_list=[first.pk])) == [on_first]
