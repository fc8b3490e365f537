"""A claim's reading: what its words state, stored by verification and read back while the
words, their paragraph and the reader are the same."""

import json
from dataclasses import fields

import pytest

from claims.assessment import stored
from claims.assessment.stated import StatedFacts, stated_facts
from claims.models import Claim, ClaimReading
from claims.verification import runs
from tests.claims.stated_facts_scoring import labelled_sets
from tests.claims.test_verification import CLAIM_IV, CLAIM_RCT, DAKWAR_2020, TEXT, cite
from tests.factories import make_article, make_claim, make_link

SENTENCES = [sentence for entries in labelled_sets().values() for _key, sentence, _label in entries]
FULL = (
    "Only FDA-approved as an anesthetic, ketamine (0.5 to 0.7 mg/kg, IV) was given to 40 "
    "adults in two groups over three sessions; 20 of 40 (50%) stayed abstinent at a two-year "
    "follow-up, with significantly less craving than midazolam, and no change in blood pressure "
    "rises. It was developed in the 1960s as a dissociative anesthetic; further trials are needed. "
    "Antidepressants take weeks to work; this NMDA receptor antagonist helped alcohol users, "
    "with few side effects."
)


def test_every_fact_the_reader_gives_is_stored_but_the_words_and_what_no_words_give():
    every = {field.name for field in fields(StatedFacts)} - {"text"}
    assert set(stored.as_json(stated_facts(FULL))) == every
    assert stored.as_json(stated_facts("")) == {}


@pytest.mark.parametrize("sentence", [FULL, *SENTENCES[:40]])
def test_facts_read_back_from_storage_are_the_facts_read(sentence):
    found = stated_facts(sentence)
    assert stored.from_json(json.loads(json.dumps(stored.as_json(found))), sentence) == found


def test_the_key_changes_with_the_quote_the_paragraph_and_the_reader(monkeypatch):
    key = stored.key_of("Ketamine reduced craving.", "Ketamine reduced craving. In a trial.")
    assert key != stored.key_of("Ketamine reduced cravings.", "Ketamine reduced craving. In a trial.")
    assert key != stored.key_of("Ketamine reduced craving.", "Ketamine reduced craving.")
    monkeypatch.setattr(stored, "READER", "another reader")
    assert key != stored.key_of("Ketamine reduced craving.", "Ketamine reduced craving. In a trial.")


@pytest.fixture
def claims(db):
    article = make_article(captured_text=TEXT)
    rct, iv = make_claim(article, quote=CLAIM_RCT), make_claim(article, quote=CLAIM_IV)
    make_link(rct, cite(article, DAKWAR_2020, marker="[1]"))
    return article, rct, iv


def _counting_reads(monkeypatch):
    read = []

    def counted(quote, paragraph=""):
        read.append(quote)
        return stated_facts(quote, paragraph)

    monkeypatch.setattr(runs, "stated_facts", counted)
    return read


@pytest.mark.django_db
def test_a_second_run_reads_the_stored_facts_back_instead_of_the_words(claims, monkeypatch):
    article, rct, iv = claims
    read = _counting_reads(monkeypatch)
    runs.verify_article(article_id=article.pk)
    assert sorted(read) == sorted([CLAIM_RCT, CLAIM_IV])
    first = {c.pk: (c.computed_verdict, c.computed_accuracy_rationale) for c in Claim.objects.all()}
    assert ClaimReading.objects.filter(claim__in=[rct, iv]).count() == 2

    read.clear()
    runs.verify_article(article_id=article.pk)
    assert read == []
    assert {c.pk: (c.computed_verdict, c.computed_accuracy_rationale) for c in Claim.objects.all()} == first


@pytest.mark.django_db
def test_a_claim_whose_words_or_reader_changed_is_read_again(claims, monkeypatch):
    article, rct, iv = claims
    runs.verify_article(article_id=article.pk)
    read = _counting_reads(monkeypatch)
    # A quote cut short by an editor: other words, another key.
    Claim.objects.filter(pk=iv.pk).update(quote=CLAIM_IV[:40], end=iv.start + 40)
    runs.verify_article(article_id=article.pk)
    assert read == [CLAIM_IV[:40]]
    reading = ClaimReading.objects.get(claim=iv)
    assert reading.key == stored.key_of(CLAIM_IV[:40], TEXT)

    read.clear()
    monkeypatch.setattr(stored, "READER", "a changed reader")
    runs.verify_article(article_id=article.pk)
    assert sorted(read) == sorted([CLAIM_RCT, CLAIM_IV[:40]])


@pytest.mark.django_db
def test_only_the_claims_assessed_get_a_reading(claims):
    # Reassessing one claim reads its siblings (for consistency) but stores only its own
    # reading: the others' rows are not locked by it.
    _article, rct, iv = claims
    runs.recompute_claim(claim_id=rct.pk)
    assert list(ClaimReading.objects.values_list("claim_id", flat=True)) == [rct.pk]
