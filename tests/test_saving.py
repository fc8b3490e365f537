"""Changes saved in bulk read back as a save() would have written them, with their history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Citation, Claim, ClaimCitation, Flag
from core.saving import Changes
from tests.factories import make_citation, make_claim, make_flag, make_link, make_study, make_user

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


def test_values_with_the_characters_an_array_literal_escapes_read_back_as_written():
    # PostgreSQL receives each column of a batch as one array: braces, quotes, commas,
    # backslashes and NULLs inside the values must not split or merge them.
    citations = [make_citation() for _ in range(3)]
    values = [
        {"status_reason": 'a {brace}, a "quote", a \\ backslash', "parsed": {"title": '{"x": [1, "}"]}'}, "match_confidence": None},
        {"status_reason": "NULL", "parsed": {"authors": [{"family": "O'Brien, Jr."}]}, "match_confidence": 0.5},
        {"status_reason": "", "parsed": {}, "match_confidence": 1.0},
    ]
    changes = Changes()
    for citation, row in zip(citations, values, strict=True):
        changes.change(citation, row, reason="a test")
    changes.save()
    for citation, row in zip(citations, values, strict=True):
        citation.refresh_from_db()
        assert {name: getattr(citation, name) for name in row} == row
        assert citation.history.first().status_reason == row["status_reason"]


def test_text_given_as_a_lazy_string_or_a_choice_member_is_written_as_its_text():
    # Text columns send a str as it is; anything else goes through Django's preparation.
    from django.db import models
    from django.utils.functional import lazy

    class Status(models.TextChoices):
        NOT_FOUND = "not_found", "Not found"

    citation = make_citation()
    changes = Changes()
    changes.change(
        citation,
        {"status": Status.NOT_FOUND, "status_reason": lazy(lambda: "Cited work cannot be found.", str)()},
        reason="a test",
    )
    changes.save()
    citation = Citation.objects.get(pk=citation.pk)
    assert (citation.status, citation.status_reason) == ("not_found", "Cited work cannot be found.")
    assert type(citation.status_reason) is str


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


def test_new_rows_of_every_field_type_read_back_as_written_with_their_ids_and_times():
    claim, citation = make_claim(), make_citation()
    evidence = {"quote": 'a "quoted" {brace}, a \\ backslash', "ids": [1, None], "null": None}
    flags = [
        Flag(claim=claim, code="no_citation", severity="warning", message="It's \"said\".",
             evidence=evidence, evidence_hash="a" * 64, rule="rule_no_citation", rule_version=3),
        Flag(citation=citation, code="citation_not_found", severity="critical", message="NULL",
             evidence={}, evidence_hash="b" * 64, rule="rule_not_found"),
    ]  # fmt: skip
    changes = Changes()
    for flag in flags:
        changes.create(flag, reason="a test")
    before = timezone.now()
    changes.save()
    for flag in flags:
        stored = Flag.objects.get(pk=flag.pk)
        assert not flag._state.adding
        for field in Flag._meta.concrete_fields:
            assert getattr(stored, field.attname) == getattr(flag, field.attname), field.name
        assert stored.created_at >= before and stored.updated_at >= before
        assert stored.history.get().history_type == "+"
    assert Flag.objects.get(pk=flags[0].pk).evidence == evidence


def test_values_sent_as_they_are_are_those_django_would_send():
    from core.saving import _kept_type, _prepare

    now = timezone.now()
    samples = ["text", "", 7, 0, now, None]
    kept_somewhere = set()
    for model in (Flag, Citation, Claim, ClaimCitation):
        for field in model._meta.concrete_fields:
            kept = _kept_type(field)
            if kept is None:
                continue
            kept_somewhere.add(kept)
            for value in samples:
                if isinstance(value, kept):
                    assert _prepare(field)(value) == field.get_db_prep_save(value, connection), (model, field.name, value)
    expected = {str, int, datetime.datetime} if connection.vendor == "postgresql" else {str}
    assert kept_somewhere == expected


def _history_values(record):
    """A history row's values, but for its own id."""
    return {f.attname: getattr(record, f.attname) for f in type(record)._meta.concrete_fields if f.attname != "history_id"}


@pytest.mark.parametrize(
    "make, values",
    [
        (lambda: make_claim(substances=["alcohol", "cocaine"]), {"verdict": "unsupported", "computed_verdict": "unsupported", "computed_rationale": "No study."}),
        (make_citation, {"status": "not_found", "discrepancies": ["year"], "match_confidence": 0.5}),
        (make_study, {"title": "Another title", "year": 2001}),
        (make_link, {"stance": "supports", "misfit_reasons": ["different_population"]}),
        (make_flag, {"message": "Changed.", "severity": "warning"}),
    ],
    ids=["claim", "citation", "study", "link", "flag"],
)
def test_history_copied_in_the_database_equals_what_simple_history_writes(make, values):
    obj = make()
    editor = make_user(editor=True)
    obj._history_user = editor
    changes = Changes()
    changes.change(obj, values, reason="a test")
    changes.save()
    ours = obj.history.first()
    # The same row's history as django-simple-history itself writes it, at the same time.
    (theirs,) = type(obj).history.bulk_history_create([obj], update=True, default_date=ours.history_date)
    theirs = obj.history.get(pk=theirs.pk)
    assert ours.history_type == "~" and ours.history_change_reason == "a test" and ours.history_user == editor
    assert _history_values(ours) == _history_values(theirs)
    for name, value in values.items():
        assert getattr(ours, name) == value


def test_a_deleted_row_leaves_the_history_row_simple_history_writes_for_a_delete():
    flag, other = make_flag(), make_flag()
    editor = make_user(editor=True)
    flag._history_user = editor
    changes = Changes()
    changes.change(flag, {"message": "Changed first."}, reason="a test")
    changes.delete(flag, reason="a test: no longer raised")
    changes.save()
    assert not Flag.objects.filter(pk=flag.pk).exists()
    assert Flag.objects.filter(pk=other.pk).exists()
    ours = Flag.history.filter(id=flag.pk).first()
    # What django-simple-history writes when the row itself is deleted, as it stood.
    twin = make_flag(claim=flag.claim, code="vague_attribution")
    twin._change_reason, twin._history_user = "a test: no longer raised", editor
    twin_id = twin.pk
    twin.delete()
    theirs = Flag.history.filter(id=twin_id).first()
    assert (ours.history_type, ours.history_user) == ("-", editor)
    # The change was not written: the history keeps the row as the database held it.
    assert ours.message == "The claim gives no citation."
    skip = {"history_id", "history_date", "id", "code", "created_at", "updated_at", "message"}
    assert {k: v for k, v in _history_values(ours).items() if k not in skip} == {
        k: v for k, v in _history_values(theirs).items() if k not in skip
    }


def test_rows_that_others_depend_on_are_not_deleted_in_bulk():
    # The database's DELETE would not run the cascades Django emulates.
    with pytest.raises(TypeError, match="Claim rows have dependents"):
        Changes().delete(make_claim(), reason="a test")


def test_the_history_of_a_claim_keeps_its_substances_as_they_stand():
    claim = make_claim(substances=["alcohol", "cocaine"])
    changes = Changes()
    changes.change(claim, {"computed_rationale": "Changed."}, reason="a test")
    changes.save()
    record = claim.history.first()
    assert sorted(s.substance.name for s in record.substances.all()) == sorted(s.name for s in claim.substances.all())
    assert record.substances.count() == 2


def test_history_is_written_in_one_insert_per_batch_whatever_the_number_of_rows():
    citations = [make_citation() for _ in range(7)]
    changes = Changes()
    for citation in citations:
        changes.change(citation, {"status": "not_found"}, reason="a test")
    with CaptureQueriesContext(connection) as queries:
        changes.save(batch_size=3)
    inserts = [q for q in queries if "INSERT " in q["sql"]]
    assert len(inserts) == 3  # 3 + 3 + 1 rows
    assert [c.history.first().status for c in citations] == ["not_found"] * 7
