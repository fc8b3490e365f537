"""Database constraints reject bad rows with a clear error; history records every edit."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.models import Citation, Claim, ClaimCitation, Flag, SourceArticle
from studies.models import Outcome, Study

pytestmark = pytest.mark.django_db

TEXT = "Ketamine significantly reduced cocaine use [1]. It is safe."


def make_article(**kwargs):
    fields = {
        "key": "test-article",
        "title": "A test article",
        "captured_text": TEXT,
        "captured_at": datetime(2026, 1, 1, tzinfo=UTC),
        "content_hash": "0" * 64,
    }
    fields.update(kwargs)
    return SourceArticle.objects.create(**fields)


def make_study(**kwargs):
    fields = {"title": "A single ketamine infusion", "year": 2019}
    fields.update(kwargs)
    return Study.objects.create(**fields)


def assert_rejected(create, message):
    """The row is refused by the database and by model validation, with the same words."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create(validate=False)
    with pytest.raises(ValidationError) as excinfo:
        create(validate=True)
    assert message in str(excinfo.value)


def study_factory(**fields):
    def create(validate):
        study = Study(title="t", **fields)
        if validate:
            study.full_clean()
        study.save()
        return study

    return create


def test_it_rejects_a_duplicate_doi():
    make_study(doi="10.1176/appi.ajp.2019.18101123")
    assert_rejected(study_factory(doi="10.1176/appi.ajp.2019.18101123"), "A study with this DOI already exists")


def test_it_allows_many_studies_without_a_doi():
    make_study(doi="")
    make_study(doi="")
    assert Study.objects.filter(doi="").count() == 2


def test_it_rejects_a_duplicate_pmid():
    make_study(pmid="31230464")
    assert_rejected(study_factory(pmid="31230464"), "A study with this PMID already exists")


def test_it_rejects_a_doi_that_is_not_normalised():
    assert_rejected(study_factory(doi="https://doi.org/10.1/x"), "DOI must be normalised")
    assert_rejected(study_factory(doi="10.1176/APPI.AJP"), "lower case")


def test_it_rejects_a_pmcid_given_as_pmid():
    assert_rejected(study_factory(pmid="PMC11649595"), "PMID must be digits only")


def test_it_rejects_a_year_of_3020():
    assert_rejected(study_factory(year=3020), "Year must be between 1600 and 2100")


def test_it_rejects_a_negative_n():
    with pytest.raises(IntegrityError), transaction.atomic():
        Study.objects.create(title="t", n=-5)
    with pytest.raises(ValidationError) as excinfo:
        Study(title="t", n=-5).full_clean()
    assert "n" in excinfo.value.message_dict


def test_it_rejects_a_confidence_interval_upside_down():
    study = make_study()
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(study=study, measure="abstinence", estimate=2.0, ci_low=3.0, ci_high=1.0)


def test_it_rejects_a_span_that_does_not_match_its_quote():
    article = make_article()
    with pytest.raises(ValidationError) as excinfo:
        Claim.objects.create(
            article=article, key="c1", quote="Ketamine significantly reduced cocaine use",
            start=1, end=43, claim_type="efficacy", wording="categorical",
        )
    assert "does not match the quote" in str(excinfo.value)
    assert not Claim.objects.exists()


def test_it_accepts_a_span_that_matches_its_quote():
    article = make_article()
    quote = "Ketamine significantly reduced cocaine use"
    claim = Claim.objects.create(
        article=article, key="c1", quote=quote, start=0, end=len(quote),
        claim_type="efficacy", wording="categorical",
    )
    assert TEXT[claim.start : claim.end] == quote


def test_an_editor_override_sets_the_effective_verdict():
    article = make_article()
    claim = Claim.objects.create(
        article=article, key="c1", quote="It is safe.", start=48, end=59,
        claim_type="safety", wording="categorical", computed_verdict="unsupported",
        computed_certainty="very_low",
    )
    assert claim.verdict == "unsupported"
    claim.override_verdict = "contradicted"
    claim.override_rationale = "The trial reported adverse events."
    claim.save()
    claim.refresh_from_db()
    assert (claim.verdict, claim.rationale) == ("contradicted", "The trial reported adverse events.")


def test_the_database_refuses_a_verdict_that_ignores_the_override():
    article = make_article()
    claim = Claim.objects.create(
        article=article, key="c1", quote="It is safe.", start=48, end=59,
        claim_type="safety", wording="categorical", override_verdict="contradicted",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(verdict="supported")


def test_it_rejects_a_flag_with_two_targets_or_none():
    article = make_article()
    claim = Claim.objects.create(
        article=article, key="c1", quote="It is safe.", start=48, end=59,
        claim_type="safety", wording="categorical",
    )
    citation = Citation.objects.create(article=article, key="r1", raw_text="[1]", location="in_text")
    common = {"code": "no_citation", "severity": "warning", "message": "m", "evidence_hash": "h", "rule": "r"}
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(claim=claim, citation=citation, **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(**common)


def test_it_rejects_a_dismissal_without_a_reason():
    article = make_article()
    claim = Claim.objects.create(
        article=article, key="c1", quote="It is safe.", start=48, end=59,
        claim_type="safety", wording="categorical",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Flag.objects.create(
            claim=claim, code="no_citation", severity="warning", message="m",
            evidence_hash="h", rule="r", dismissed_at=datetime(2026, 1, 1, tzinfo=UTC),
        )


def test_it_rejects_a_verified_citation_without_a_study():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(article=article, key="r1", raw_text="x", location="in_text", status="verified")


def test_a_link_to_another_articles_citation_is_invalid():
    first = make_article()
    second = make_article(key="other")
    claim = Claim.objects.create(
        article=first, key="c1", quote="It is safe.", start=48, end=59,
        claim_type="safety", wording="categorical",
    )
    citation = Citation.objects.create(article=second, key="r1", raw_text="x", location="in_text")
    link = ClaimCitation(claim=claim, citation=citation, reliance="marker")
    with pytest.raises(ValidationError) as excinfo:
        link.full_clean()
    assert "its own article" in str(excinfo.value)


def test_a_link_with_an_unknown_misfit_reason_is_invalid():
    article = make_article()
    claim = Claim.objects.create(
        article=article, key="c1", quote="It is safe.", start=48, end=59,
        claim_type="safety", wording="categorical",
    )
    citation = Citation.objects.create(article=article, key="r1", raw_text="x", location="in_text")
    link = ClaimCitation(claim=claim, citation=citation, reliance="marker", misfit_reasons=["bad_vibes"])
    with pytest.raises(ValidationError) as excinfo:
        link.full_clean()
    assert "bad_vibes" in str(excinfo.value)


def test_history_records_who_changed_a_study_and_what(editor):
    study = make_study(n=50)
    study._history_user = editor
    study.n = 55
    study.save()
    records = list(study.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[-1].history_user == editor
    delta = records[-1].diff_against(records[0])
    assert [(ch.field, ch.old, ch.new) for ch in delta.changes] == [("n", 50, 55)]


def test_history_records_an_edit_of_a_link(editor):
    article = make_article()
    claim = Claim.objects.create(
        article=article, key="c1", quote="It is safe.", start=48, end=59,
        claim_type="safety", wording="categorical",
    )
    citation = Citation.objects.create(article=article, key="r1", raw_text="x", location="in_text")
    link = ClaimCitation.objects.create(claim=claim, citation=citation, reliance="marker")
    link.stance = "contradicts"
    link.save()
    assert link.history.count() == 2
    assert link.history.first().stance == "contradicts"


def test_the_editors_group_can_curate_but_not_delete_studies(editor):
    assert editor.has_perm("claims.change_claimcitation")
    assert editor.has_perm("claims.change_flag")
    assert editor.has_perm("studies.change_study")
    assert not editor.has_perm("studies.delete_study")
    assert not editor.has_perm("auth.add_user")


def test_full_clean_accepts_a_claim_with_an_override_before_it_is_saved():
    article = make_article()
    claim = Claim(
        article=article, key="c1", quote="It is safe.", start=48, end=59,
        claim_type="safety", wording="categorical", override_verdict="contradicted",
        override_certainty="high", override_rationale="The trial reported adverse events.",
    )
    claim.full_clean()
    assert (claim.verdict, claim.certainty) == ("contradicted", "high")
