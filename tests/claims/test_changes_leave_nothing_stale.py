"""After an editor's change, what depends on it is already recomputed: a full verification run
right after changes nothing. On the seed corpus, verified once before the change."""

import re
from pathlib import Path

import pytest

from claims.editing import articles, citations, claims, flags
from claims.models import Citation, Claim, Flag
from claims.seed_corpus.loader import load_corpus
from claims.verification.bulk import verify_all
from core.errors import StateConflict
from studies.library.editing import delete_study, save_study
from studies.models import Study

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture
def corpus(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_corpus(path=CORPUS)
    verify_all()


def state():
    """What verification writes: each citation's status, each claim's assessment, each flag.
    A "not found" says how many studies the library held when it was searched: a study
    added or deleted does not send every such citation to be searched again."""
    return _sized(
        list(Citation.objects.order_by("pk").values_list("pk", "status", "study_id", "status_reason")),
        list(
            Claim.objects.order_by("pk").values_list(
                "pk", "computed_verdict", "computed_certainty", "accuracy", "sourcing", "rationale",
                "omitted_evidence",
            )
        ),  # fmt: skip
        list(Flag.objects.order_by("pk").values_list("claim_id", "citation_id", "code", "message", "evidence")),
    )


def _sized(*found):
    return re.sub(r"library of \d+ studies", "library of N studies", repr(found))


def nothing_left_to_change():
    before = state()
    verify_all()
    return state() == before


def contradicted():
    """A claim another claim of its article is flagged as contradicting, and that flag."""
    flag = Flag.objects.filter(code="inconsistent_within_article").order_by("pk").first()
    assert flag is not None, "the seed corpus has a claim flagged as contradicting another"
    return Claim.objects.get(pk=flag.evidence["other_claims"][0]), flag


def test_deleting_a_claim_takes_its_contradiction_off_the_claims_it_contradicted(
    corpus, django_capture_on_commit_callbacks
):
    other, flag = contradicted()
    with django_capture_on_commit_callbacks(execute=True):
        claims.delete_claim(claim_id=other.pk, user=None)
    assert nothing_left_to_change()


def test_requoting_a_claim_reassesses_the_claims_of_its_article(corpus, django_capture_on_commit_callbacks):
    other, _flag = contradicted()
    shorter = other.quote.rsplit(" ", 3)[0]
    with django_capture_on_commit_callbacks(execute=True):
        claims.update_claim(claim_id=other.pk, user=None, quote=shorter)
    assert nothing_left_to_change()


def test_a_paragraph_break_in_a_new_text_reassesses_the_claims_read_with_that_paragraph(
    corpus, django_capture_on_commit_callbacks
):
    # "Once primarily known as an anesthetic and recreational drug, ketamine has increasingly
    # gained …": the rest of its sentence and paragraph tell what the claim is about.
    claim = Claim.objects.get(key="ohi-c26")
    text = claim.article.captured_text
    new_text = text[: claim.end] + "\n\n" + text[claim.end :]
    with django_capture_on_commit_callbacks(execute=True):
        articles.update_article(article_id=claim.article_id, user=None, captured_text=new_text)
    assert nothing_left_to_change()


def test_moving_citations_reassesses_the_claims_that_read_their_citations_in_order(
    corpus, django_capture_on_commit_callbacks
):
    first = Citation.objects.get(article__key="pax-addiction-recovery", key="pax-s1")
    eighth = Citation.objects.get(article__key="pax-addiction-recovery", key="pax-r7")
    with django_capture_on_commit_callbacks(execute=True):
        citations.update_citation(citation_id=first.pk, user=None, position=eighth.position)
        citations.update_citation(citation_id=eighth.pk, user=None, position=1)
    assert nothing_left_to_change()


def test_dismissing_a_flag_dismissed_already_keeps_the_first_dismissal(corpus, django_capture_on_commit_callbacks):
    flag = Flag.objects.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        flags.dismiss_flag(flag_id=flag.pk, user=None, reason="Checked by hand.")
    rows = flag.history.count()
    with pytest.raises(StateConflict, match="dismissed already"), django_capture_on_commit_callbacks(execute=True):
        flags.dismiss_flag(flag_id=flag.pk, user=None, reason="Another reason.")
    flag.refresh_from_db()
    assert flag.dismissed_reason == "Checked by hand."
    assert flag.history.count() == rows


def test_deleting_a_study_reassesses_the_claims_it_bore_on_uncited(corpus, django_capture_on_commit_callbacks):
    study = Study.objects.get(key="jovaisa2006")
    # Claims that cite nothing of it list it among the evidence they leave out.
    assert any(
        other["study"] == study.pk
        for claim in Claim.objects.exclude(omitted_evidence=[])
        for other in claim.omitted_evidence
    )
    with django_capture_on_commit_callbacks(execute=True):
        delete_study(study_id=study.pk, user=None)
    assert nothing_left_to_change()


def test_a_study_that_changes_substance_leaves_the_claims_about_the_old_one_current(
    corpus, django_capture_on_commit_callbacks
):
    study = Study.objects.get(key="dakwar2020")
    with django_capture_on_commit_callbacks(execute=True):
        save_study(user=None, study_id=study.pk, values={}, substances=["cocaine"])
    assert nothing_left_to_change()


def test_a_study_found_off_topic_leaves_the_claims_about_substance_use_in_general_current(
    corpus, django_capture_on_commit_callbacks
):
    study = Study.objects.get(key="krystal1998")
    with django_capture_on_commit_callbacks(execute=True):
        save_study(user=None, study_id=study.pk, values={"about_substance_use": False})
    assert nothing_left_to_change()
