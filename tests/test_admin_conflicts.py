"""Two editors with the same change form open in the admin: the second save is refused with
a message naming who changed the row, and the first change stands."""

import pytest
from django import forms
from django.test import Client

from claims.models import Claim, ClaimCitation
from studies.models import Study
from tests import factories

pytestmark = pytest.mark.django_db


def editor(name):
    client = Client()
    client.force_login(factories.make_user(name, editor=True, is_staff=True))
    return client


def _fields(form, data):
    for name, field in form.fields.items():
        value = form[name].value()  # as the widget shows it (prepare_value applied)
        if isinstance(field, forms.BooleanField) and not isinstance(field, forms.NullBooleanField):
            if value:
                data[form.add_prefix(name)] = "on"
            continue
        data[form.add_prefix(name)] = "" if value is None else value


def form_data(client, url):
    """What the change form posts back as loaded: its fields and its inlines', as the
    browser would send them untouched."""
    context = client.get(url).context
    data = {}
    _fields(context["adminform"].form, data)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for one in formset.forms:
            _fields(one, data)
    return data


def test_a_stale_study_form_is_refused_with_a_message_naming_the_other_editor():
    study = factories.make_study(notes="")
    url = f"/admin/studies/study/{study.pk}/change/"
    edna, ezra = editor("edna"), editor("ezra")
    loaded_by_ezra = form_data(ezra, url)
    assert loaded_by_ezra["loaded_version"] == study.version
    edna_form = {**form_data(edna, url), "notes": "Checked against the PDF."}
    assert edna.post(url, edna_form).status_code == 302
    response = ezra.post(url, {**loaded_by_ezra, "notes": "Looks fine."}, follow=True)
    text = response.content.decode()
    assert "Nothing was saved: The study was changed since you loaded it by edna" in text
    assert "its notes changed; you started from version" in text
    assert Study.objects.get(pk=study.pk).notes == "Checked against the PDF."


def claim_form_loaded_by_ezra(claim):
    """The claim's change form as Ezra loaded it, and the prefix of its one link row."""
    url = f"/admin/claims/claim/{claim.pk}/change/"
    edna, ezra = editor("edna"), editor("ezra")
    loaded_by_ezra = form_data(ezra, url)
    prefix = next(k[: -len("-stance")] for k in loaded_by_ezra if k.endswith("-stance"))
    return url, edna, ezra, loaded_by_ezra, prefix


@pytest.mark.parametrize(
    "ezra_does",
    [
        # He changes the same link row in his stale claim form...
        lambda prefix: {f"{prefix}-stance": "supports", f"{prefix}-rationale": "Fine."},
        # ...or ticks DELETE on it.
        lambda prefix: {f"{prefix}-DELETE": "on"},
    ],
    ids=["changed", "deleted"],
)
def test_a_stale_link_row_in_the_claim_form_does_not_undo_another_editors_judgement(chain_admin, ezra_does):
    claim, link = chain_admin
    url, edna, ezra, loaded_by_ezra, prefix = claim_form_loaded_by_ezra(claim)
    link_url = f"/admin/claims/claimcitation/{link.pk}/change/"
    edna_link = {**form_data(edna, link_url), "stance": "contradicts", "rationale": "The trial found no effect."}
    assert edna.post(link_url, edna_link).status_code == 302
    response = ezra.post(url, {**loaded_by_ezra, **ezra_does(prefix)}, follow=True)
    assert "changed since you loaded it by edna" in response.content.decode()
    assert ClaimCitation.objects.get(pk=link.pk).stance == "contradicts"


@pytest.mark.parametrize(
    "ezra_does",
    [lambda prefix: {f"{prefix}-rationale": "Fine."}, lambda prefix: {}],
    ids=["changed the row", "changed nothing on it"],
)
def test_a_row_another_editor_deleted_is_named_in_words_and_nothing_is_saved(chain_admin, ezra_does):
    claim, link = chain_admin
    url, edna, ezra, loaded_by_ezra, prefix = claim_form_loaded_by_ezra(claim)
    assert edna.post(f"/admin/claims/claimcitation/{link.pk}/delete/", {"post": "yes"}).status_code == 302
    wording = loaded_by_ezra["wording"]

    response = ezra.post(url, {**loaded_by_ezra, "wording": "hedged", **ezra_does(prefix)})

    assert response.status_code == 200
    assert (
        "1 claim citation link was deleted by another editor since you loaded this page (its history keeps it): "
        "nothing was saved." in response.content.decode()
    )
    assert not ClaimCitation.objects.filter(pk=link.pk).exists()
    assert Claim.objects.get(pk=claim.pk).wording == wording


def test_a_stale_study_form_does_not_undo_another_editors_change_to_one_of_its_outcomes():
    study = factories.make_study(notes="")
    outcome = factories.make_outcome(study, estimate=54.7, ci_low=None, ci_high=None)
    url = f"/admin/studies/study/{study.pk}/change/"
    edna, ezra = editor("edna"), editor("ezra")
    loaded_by_ezra = form_data(ezra, url)
    outcome_url = f"/admin/studies/outcome/{outcome.pk}/change/"
    assert edna.post(outcome_url, {**form_data(edna, outcome_url), "estimate": "0.123"}).status_code == 302
    # Ezra changes only the study's notes; his outcome row still shows 54.7.
    response = ezra.post(url, {**loaded_by_ezra, "notes": "Checked against the PDF."}, follow=True)
    assert "changed since you loaded it by edna" in response.content.decode()
    outcome.refresh_from_db()
    assert outcome.estimate == pytest.approx(0.123)


@pytest.fixture
def chain_admin():
    link = factories.make_link()
    return Claim.objects.get(pk=link.claim_id), link


def test_the_citation_form_shows_its_article_and_registry_search_as_they_are_not_as_editable():
    citation = factories.make_citation()
    url = f"/admin/claims/citation/{citation.pk}/change/"
    form = editor("edna").get(url).context["adminform"].form
    # Fields the save would not pass on are not offered: a change to them was dropped.
    assert "article" not in form.fields and "registry_search" not in form.fields


def test_an_article_text_changed_in_the_admin_moves_its_claims_quotes():
    article = factories.make_article(captured_text="Ketamine reduced relapse in one trial. More text here.")
    claim = factories.make_claim(article, quote="Ketamine reduced relapse in one trial.")
    url = f"/admin/claims/sourcearticle/{article.pk}/change/"
    edna = editor("edna")
    data = form_data(edna, url)
    data["captured_text"] = "Editor's note: updated.\n" + data["captured_text"]
    response = edna.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    claim.refresh_from_db()
    assert claim.article.captured_text.startswith("Editor's note")
    assert claim.article.captured_text[claim.start : claim.end] == claim.quote


def test_a_quote_that_stands_twice_is_refused_in_the_articles_form_with_a_message_it_shows():
    article = factories.make_article(captured_text="Ketamine helps. Ketamine helps. The end.")
    claim = factories.make_claim(article, quote="The end.")
    url = f"/admin/claims/sourcearticle/{article.pk}/change/"
    edna = editor("edna")
    data = form_data(edna, url)
    row = next(k for k, v in data.items() if k.endswith("-quote") and v == "The end.")
    data[row] = "Ketamine helps."
    response = edna.post(url, data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    shown = [e for e in errors if e]
    assert shown and list(shown[0]) == ["quote"]
    assert "on its own page to give its start" in shown[0]["quote"][0]
    claim.refresh_from_db()
    assert claim.quote == "The end."
