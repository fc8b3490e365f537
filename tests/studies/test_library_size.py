"""The library's total: kept by triggers on PostgreSQL, read by an unfiltered list of
studies instead of counting every study."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from studies.models import Study, StudyTotal
from studies.selectors import library_size
from tests.factories import make_study

pytestmark = pytest.mark.django_db


def _kept_total():
    return StudyTotal.objects.values_list("studies", flat=True).first()


def test_the_total_follows_every_way_studies_are_written_and_deleted(postgresql):
    assert _kept_total() == Study.objects.count()
    first = make_study(title="Saved one by one")
    Study.objects.bulk_create([Study(title=f"Bulk {n}", authors=[]) for n in range(5)])
    # Three copies of the first by SQL, as a bulk load would write them: no signal is sent.
    columns = [f.column for f in Study._meta.concrete_fields if not f.primary_key]
    values = ["'sql-' || g.i" if column == "key" else f"s.{column}" for column in columns]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO studies_study ({', '.join(columns)}) SELECT {', '.join(values)} "
            "FROM studies_study AS s CROSS JOIN generate_series(1, 3) AS g(i) WHERE s.id = %s",
            [first.pk],
        )
    assert _kept_total() == Study.objects.count() == library_size()
    Study.objects.filter(title__startswith="Bulk").delete()
    Study.objects.get(key="sql-2").delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM studies_study WHERE key = 'sql-1'")
    assert _kept_total() == Study.objects.count() == library_size() == 2


def test_an_emptied_library_totals_nothing(postgresql):
    # Before any write in the test's transaction: TRUNCATE refuses a table with deferred
    # foreign-key checks pending.
    StudyTotal.objects.filter(pk=1).update(studies=7)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE studies_study CASCADE")
    assert _kept_total() == library_size() == 0


def test_sqlite_counts_the_studies():
    make_study(title="One")
    if connection.vendor == "sqlite":
        assert _kept_total() is None  # no triggers there: nothing is kept
    assert library_size() == Study.objects.count()


def test_the_whole_librarys_list_reads_the_kept_total_and_a_filtered_list_counts(postgresql):
    make_study(title="Ketamine for cocaine", year=2019)
    make_study(title="Ketamine for alcohol", year=2020)
    client = APIClient()
    assert client.get("/api/studies/").json()["count"] == Study.objects.count()
    # The total is read, not counted: set off by hand, the list says what it holds.
    StudyTotal.objects.filter(pk=1).update(studies=999)
    assert client.get("/api/studies/").json()["count"] == 999
    assert client.get("/api/studies/?year=2020").json()["count"] == 1
