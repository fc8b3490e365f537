"""Verification tasks: ids in, sent on commit, idempotent, harmless when the row is gone."""

import pytest

from claims import tasks
from claims.models import Citation
from claims.verification.dispatch import request_verification
from tests.claims.library import library_study
from tests.claims.test_verification import DAKWAR_2020, MCARTHUR
from tests.factories import make_article, make_citation, make_claim, make_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    library_study("dakwar2019")
    library_study("mcarthur2024")
    article = make_article()
    make_citation(article, raw_text=DAKWAR_2020, marker="[1]")
    make_citation(article, raw_text=MCARTHUR, marker="[2]")
    return article


def statuses(article):
    return sorted(article.citations.values_list("status", flat=True))


def test_a_verification_sent_on_commit_runs_after_the_commit(
    article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request_verification(article_ids=[article.pk])
    assert statuses(article) == ["unchecked", "unchecked"]  # nothing before the commit
    assert len(callbacks) == 1
    callbacks[0]()  # the commit: with no broker the task runs in-process
    assert statuses(article) == ["metadata_mismatch", "off_topic"]


def test_a_citation_task_verifies_it_and_running_it_again_changes_nothing(article):
    citation = article.citations.get(marker="[2]")
    assert tasks.verify_citation.delay(citation.pk).get() == {
        "citations_changed": 1,
        "claims_changed": 0,
    }
    assert tasks.verify_citation.delay(citation.pk).get() == {
        "citations_changed": 0,
        "claims_changed": 0,
    }
    assert Citation.objects.get(pk=citation.pk).status == "off_topic"


def test_a_changed_link_sends_its_citation_and_its_claim(
    article, django_capture_on_commit_callbacks
):
    claim = make_claim(article)
    citation = article.citations.get(marker="[1]")
    make_link(claim, citation, stance="supports")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        request_verification(claim_ids=[claim.pk], citation_ids=[citation.pk])
    assert len(callbacks) == 2
    claim.refresh_from_db()
    assert claim.verdict == "supported"
    assert Citation.objects.get(pk=citation.pk).status == "metadata_mismatch"


@pytest.mark.parametrize(
    "task", [tasks.verify_citation, tasks.verify_article, tasks.recompute_claim],
    ids=["verify_citation", "verify_article", "recompute_claim"],
)  # fmt: skip
def test_a_task_for_a_deleted_row_does_nothing_and_does_not_fail(task):
    assert task.delay(987654).get() is None


@pytest.mark.parametrize(
    "task", [tasks.verify_citation, tasks.verify_article, tasks.recompute_claim],
    ids=["verify_citation", "verify_article", "recompute_claim"],
)  # fmt: skip
def test_every_verification_task_acknowledges_late_and_retries_a_lock_error(task):
    from django.db import OperationalError

    assert task.acks_late is True
    assert OperationalError in task.autoretry_for
    assert task.max_retries == 3

