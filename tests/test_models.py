"""Database constraints reject bad rows with a clear error; history records every edit."""

import math
from datetime import UTC, datetime
from pathlib import Path

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


def test_a_number_outside_its_range_is_an_error_of_its_field_in_the_constraints_words():
    # The admin and the API show it beside the field, not as an error of the whole row.
    with pytest.raises(ValidationError) as excinfo:
        Study(title="t", year=1599, n=-1).full_clean()
    assert excinfo.value.message_dict == {
        "year": ["Year must be between 1600 and 2100."], "n": ["N cannot be negative."],
    }
    with pytest.raises(ValidationError) as excinfo:
        Outcome(study=make_study(), measure="Abstinence", p_value=1.5).full_clean()
    assert excinfo.value.message_dict == {"p_value": ["A p-value lies between 0 and 1."]}


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


def test_a_study_replacing_its_substances_is_one_history_row_with_them_as_they_stand(editor):
    from studies.library.editing import save_study

    study = save_study(user=editor, values={"title": "A single ketamine infusion"}, substances=["cocaine"])
    (added,) = study.history.all()
    assert added.history_type == "+"
    assert [row.substance_id for row in added.substances.all()] == ["cocaine"]

    save_study(user=editor, study_id=study.pk, values={"n": 40}, substances=["alcohol", "tobacco"])
    changed, first = study.history.all()
    # Not a row for the save, then one for the removal and one for the addition.
    assert changed.history_type == "~" and changed.history_user == editor
    assert sorted(row.substance_id for row in changed.substances.all()) == ["alcohol", "tobacco"]
    assert sorted(change.field for change in changed.diff_against(first).changes) == ["n", "substances"]

    save_study(user=editor, study_id=study.pk, values={"n": 40}, substances=["tobacco", "alcohol"])
    assert study.history.count() == 2  # nothing changed: no row


def test_substances_changed_from_the_substances_side_are_recorded_in_each_studys_history():
    from tests.factories import substance

    first, second = make_study(), make_study()
    cocaine = substance("cocaine")
    cocaine.studies.add(first, second)
    assert [row.substance_id for row in first.history.first().substances.all()] == ["cocaine"]
    cocaine.studies.remove(first)
    assert not first.history.first().substances.exists()
    cocaine.studies.clear()
    assert not second.history.first().substances.exists()
    assert [first.history.count(), second.history.count()] == [3, 3]  # created, added, then removed or cleared


def test_substances_changed_from_the_substances_side_are_recorded_in_each_claims_history():
    # The history library took the change for one of the substance's, which keeps no
    # history, and failed.
    from tests.factories import make_claim, substance

    claim = make_claim()
    substance("opioids").claims.add(claim)
    assert [row.substance_id for row in claim.history.first().substances.all()] == ["opioids"]


def test_history_rows_kept_before_substances_were_recorded_are_given_the_studys_substances():
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from tests.factories import substance

    migration = importlib.import_module("studies.migrations.0023_study_history_substances")
    study, other = make_study(), make_study()
    study.substances.set([substance("cocaine"), substance("alcohol")])
    kept = type(study.history.first().substances.first())
    kept.objects.all().delete()  # as history stood before: no substances in it
    migration.substances_as_they_stand(apps, SimpleNamespace(connection=connection))
    assert [sorted(row.substance_id for row in record.substances.all()) for record in study.history.all()] == [
        ["alcohol", "cocaine"], ["alcohol", "cocaine"],
    ]
    assert not other.history.first().substances.exists()


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


def test_flags_list_the_most_severe_first():
    article = make_article()
    claim = Claim.objects.create(
        article=article, key="c1", quote="It is safe.", start=48, end=59,
        claim_type="safety", wording="categorical",
    )
    for code, severity in [("no_citation", "warning"), ("vague_attribution", "info"), ("misrepresentation", "critical")]:
        Flag.objects.create(claim=claim, code=code, severity=severity, message="m", evidence_hash="h", rule="r")
    assert list(claim.flags.values_list("severity", flat=True)) == ["critical", "warning", "info"]


def test_an_articles_content_hash_follows_its_text():
    import hashlib

    article = make_article(content_hash="")
    assert article.content_hash == hashlib.sha256(TEXT.encode()).hexdigest()
    article.captured_text = TEXT + " More."
    article.save()
    assert article.content_hash == hashlib.sha256((TEXT + " More.").encode()).hexdigest()


def test_the_database_refuses_an_unknown_citation_status():
    article = make_article()
    citation = Citation.objects.create(article=article, key="r1", raw_text="x", location="in_text")
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.filter(pk=citation.pk).update(status="probably_fine")


def test_model_validation_names_the_allowed_flag_severities():
    article = make_article()
    claim = Claim.objects.create(
        article=article, key="c1", quote="It is safe.", start=48, end=59,
        claim_type="safety", wording="categorical",
    )
    flag = Flag(claim=claim, code="no_citation", severity="dire", message="m", evidence_hash="h", rule="r")
    with pytest.raises(ValidationError) as excinfo:
        flag.full_clean()
    assert "severity" in str(excinfo.value)


# --- Choice fields and outcome values (studies) ----------------------------------------------


def test_the_database_rejects_an_unknown_design_code():
    study = make_study()
    with pytest.raises(IntegrityError), transaction.atomic():
        Study.objects.filter(pk=study.pk).update(design_code="anecdote")
    assert_rejected(study_factory(design_code="anecdote"), "Value 'anecdote' is not a valid choice")


@pytest.mark.parametrize(
    "field, value",
    [("source_kind", "blog"), ("route_code", "rectal"), ("topic_source", "guess")],
)
def test_the_database_rejects_an_unknown_code_in_every_study_choice_field(field, value):
    study = make_study()
    with pytest.raises(IntegrityError), transaction.atomic():
        Study.objects.filter(pk=study.pk).update(**{field: value})


def test_an_empty_route_code_is_allowed_since_empty_means_not_confirmed():
    study = make_study(route_code="")
    Study.objects.filter(pk=study.pk).update(route_code="intravenous")
    Study.objects.filter(pk=study.pk).update(route_code="")


@pytest.mark.parametrize("field, value", [("effect_measure", "ratio"), ("direction", "up")])
def test_the_database_rejects_an_unknown_code_in_every_outcome_choice_field(field, value):
    outcome = Outcome.objects.create(study=make_study(), measure="abstinence")
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.filter(pk=outcome.pk).update(**{field: value})


def test_the_choice_constraint_names_the_field_and_its_codes():
    from core.db import choice_constraint
    from studies.constants import ROUTES

    constraint = choice_constraint(field="route_code", choices=ROUTES, name="x", blank=True)
    assert constraint.violation_error_message == (
        "route_code must be one of: 'intravenous', 'intramuscular', 'intranasal', 'oral', "
        "'sublingual', 'subcutaneous', 'multiple', 'not_applicable', ''."
    )


def outcome_factory(**fields):
    def create(validate):
        outcome = Outcome(study=make_study(), measure="abstinence", **fields)
        if validate:
            outcome.full_clean()
        outcome.save()
        return outcome

    return create


@pytest.mark.parametrize(
    "fields",
    [
        {"effect_measure": "OR", "estimate": 0.0},
        {"effect_measure": "HR", "estimate": -0.5},
        {"effect_measure": "RR", "estimate": 0.5, "ci_low": -0.1, "ci_high": 1.2},
    ],
)
def test_a_ratio_or_its_interval_at_or_below_zero_is_rejected(fields):
    assert_rejected(outcome_factory(**fields), "must be above zero")


def test_a_difference_may_be_negative():
    outcome = Outcome(study=make_study(), measure="m", effect_measure="MD", estimate=-3.0, ci_low=-5.0, ci_high=-1.0)
    outcome.full_clean()


@pytest.mark.parametrize(
    "arms, message",
    [
        (5, "Arms must be a list"),
        ("ketamine 20, placebo 20", "Arms must be a list"),
        ([5], "Arm 1 must be an object"),
        ([{"value": "50%"}], "Arm 1 needs a label"),
        ([{"label": "ketamine", "value": 0.5}], "Arm 1: value must be text as reported"),
        ([{"label": "ketamine", "n": "20"}], "Arm 1: n must be a whole number"),
        ([{"label": "ketamine", "n": -1}], "Arm 1: n must be a whole number"),
        ([{"label": "ketamine", "n": True}], "Arm 1: n must be a whole number"),
        ([{"label": "a"}, {"label": "b", "N": 20}], "Arm 2 has unknown key(s) N"),
    ],
)
def test_arms_that_are_not_a_list_of_label_value_n_are_invalid(arms, message):
    outcome = Outcome(study=make_study(), measure="abstinence", arms=arms)
    with pytest.raises(ValidationError) as excinfo:
        outcome.full_clean()
    assert message in " ".join(excinfo.value.message_dict["arms"])


def test_arms_as_the_curated_outcomes_write_them_are_valid():
    import yaml

    rows = yaml.safe_load((Path(__file__).resolve().parents[1] / "corpus" / "outcomes.yaml").read_text())
    study = make_study()
    for row in rows:
        Outcome(
            study=study, measure=row["measure"], arms=row["arms"], effect_measure=row["effect_measure"] or "",
            estimate=row["estimate"], ci_low=row["ci_low"], ci_high=row["ci_high"],
        ).full_clean()


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
@pytest.mark.parametrize("field", ["estimate", "ci_low", "ci_high", "p_value"])
def test_a_number_that_is_not_finite_is_invalid(field, value):
    fields = {"effect_measure": "MD", "estimate": 1.0, field: value}
    outcome = Outcome(study=make_study(), measure="m", **fields)
    with pytest.raises(ValidationError) as excinfo:
        outcome.full_clean()
    assert "Must be a finite number." in excinfo.value.message_dict[field]


def test_an_override_without_a_certainty_does_not_borrow_the_computed_one():
    article = make_article()
    claim = Claim.objects.create(
        article=article, key="c1", quote="It is safe.", start=48, end=59,
        claim_type="safety", wording="categorical", computed_verdict="supported",
        computed_certainty="moderate", override_verdict="not_assessed",
        override_rationale="The cited work cannot be weighed yet.",
    )
    assert (claim.verdict, claim.certainty) == ("not_assessed", "")


@pytest.mark.parametrize(
    "confirmed_from",
    [None, 5, {"a": 1}, {}, "", "http://x.org", ["javascript:alert(1)"], ["corpus/notes.txt"], [None]],
)
def test_a_study_confirmed_from_anything_but_a_list_of_pages_is_refused(confirmed_from):
    with pytest.raises(ValidationError) as excinfo:
        Study(title="t", confirmed_from=confirmed_from).full_clean()
    assert list(excinfo.value.message_dict) == ["confirmed_from"]
    assert excinfo.value.message_dict["confirmed_from"][0].startswith("Confirmed from must be a list of web addresses")


def test_a_study_is_confirmed_from_web_addresses_or_a_captured_text_of_the_corpus():
    # The curated library names the seed article's text for the works it was read in only.
    for pages in ([], ["https://example.org/trial", "http://example.org/a?b=c"], [
        "corpus/texts/002_f7c5dc83241063cf.txt: the reference entry of the seed article that cites it"
    ]):
        Study(title="t", confirmed_from=pages).full_clean()


@pytest.mark.parametrize("estimate", [7.0, 0.5])
def test_an_estimate_outside_its_own_confidence_interval_is_refused_on_the_estimate(estimate):
    outcome = Outcome(study=make_study(), measure="m", effect_measure="OR", estimate=estimate, ci_low=1.0, ci_high=2.0)
    with pytest.raises(ValidationError) as excinfo:
        outcome.full_clean()
    assert excinfo.value.message_dict == {
        "estimate": [f"The estimate ({estimate:g}) lies outside its confidence interval (1 to 2)."]
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        outcome.save()


def test_an_estimate_on_a_bound_of_its_interval_is_valid():
    Outcome(study=make_study(), measure="m", effect_measure="MD", estimate=-1.0, ci_low=-1.0, ci_high=2.0).full_clean()


def test_model_validation_refuses_a_quote_or_an_articles_text_that_is_only_whitespace():
    # What the admin's forms and the services check: a claim of one space quotes nothing.
    article = make_article()
    blank = SourceArticle(key="blank", title="Blank", captured_text="  \n ")
    with pytest.raises(ValidationError) as refused:
        blank.full_clean()
    assert "captured_text" in refused.value.message_dict
    space = TEXT.index(" ")
    claim = Claim(article=article, key="space", quote=" ", start=space, end=space + 1,
                  claim_type="efficacy", wording="hedged")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        claim.full_clean()
    assert "quote" in refused.value.message_dict


@pytest.mark.parametrize(
    "field, value", [("doi", "10.1176/appi.ajp.2019.18101123"), ("pmid", "31230464"), ("pmcid", "PMC11649595")]
)
def test_model_validation_names_the_identifier_a_duplicate_study_repeats(field, value):
    # As a form shows it beside the field, and the API under the field's name.
    make_study(**{field: value})
    with pytest.raises(ValidationError) as refused:
        Study(title="t", **{field: value}).full_clean()
    assert list(refused.value.message_dict) == [field]
