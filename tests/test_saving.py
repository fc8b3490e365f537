"""Changes saved in bulk read back as a save() would have written them, with their history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Citation
from core.saving import Changes
from tests.factories import make_citation, make_study

pytestmark = pytest.mark.django_db


def test_bulk_changes_of_every_field_type_read_back_as_written():
    study = make_study()
    first, second = make_citation(), make_citation()
    checked = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
    changes = Changes()
    changes.change(
        first,
        {
            "parsed": {"title": "Ketamine", "authors": [{"family": "Dakwar"}], "year": 2019},
            "study_id": study.pk,
            "match_confidence": 0.9375,
            "status": "verified",
            "discrepancies": [],
            "checked_at": checked,
        },
        reason="a test",
    )
    changes.change(second, {"status_reason": "It's \"quoted\"; with a ' too", "match_confidence": None}, reason="a test")
    with CaptureQueriesContext(connection) as queries:
        changes.save()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.parsed == {"title": "Ketamine", "authors": [{"family": "Dakwar"}], "year": 2019}
    assert (first.study, first.match_confidence, first.status) == (study, 0.9375, "verified")
    assert first.checked_at == checked
    assert second.status_reason == "It's \"quoted\"; with a ' too"
    assert second.match_confidence is None
    # One UPDATE for both rows, one INSERT for both history rows.
    assert len([q for q in queries if "UPDATE " in q["sql"]]) == 1
    assert len([q for q in queries if "INSERT " in q["sql"]]) == 1
    assert [h.history_change_reason for h in first.history.all()[:1]] == ["a test"]
    assert first.history.first().status == "verified"


def test_a_row_changed_to_its_own_values_is_not_saved():
    citation = make_citation()
    changes = Changes()
    assert changes.change(citation, {"status": citation.status}, reason="a test") == []
    assert len(changes) == 0
    history = citation.history.count()
    changes.save()
    assert citation.history.count() == history


def test_new_rows_are_inserted_with_their_history():
    citation = make_citation()
    changes = Changes()
    new = Citation(article=citation.article, key="ref-new", marker="[9]", raw_text="Dakwar 2019", position=9, location="reference_list")
    changes.create(new, reason="a test")
    changes.save()
    assert new.pk is not None
    (created,) = new.history.all()
    assert (created.history_type, created.history_change_reason, created.raw_text) == ("+", "a test", "Dakwar 2019")
