"""The study and outcome forms in the admin: a value every page would fail to show is
refused on the form, naming the problem, and a new outcome is saved with its history
whether it is added on its own page or as a row of its study's."""

import pytest

from studies.models import Outcome, Study
from tests import factories
from tests.test_admin_conflicts import editor, form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("authors", ['"Dakwar E"', '[{"given": "E."}]', "[1, 2]", "null", "{}"])
def test_authors_that_are_not_a_list_of_names_are_refused_on_the_form(authors):
    study = factories.make_study()
    url = f"/admin/studies/study/{study.pk}/change/"
    client = editor("edna")
    response = client.post(url, {**form_data(client, url), "authors": authors})
    assert response.status_code == 200
    assert "Authors must be a list of" in response.content.decode()
    assert Study.objects.get(pk=study.pk).authors == study.authors


def test_an_outcome_added_on_its_own_page_is_saved_with_its_history():
    study = factories.make_study()
    client = editor("edna")
    url = "/admin/studies/outcome/add/"
    data = {**form_data(client, url), "study": study.pk, "measure": "Test measure"}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    outcome = Outcome.objects.get(study=study)
    assert outcome.measure == "Test measure"
    assert outcome.version == 1
    history = list(outcome.history.values_list("history_type", "history_user__username", "measure"))
    assert history == [("+", "edna", "Test measure")]


def test_an_outcome_added_as_a_row_on_its_studys_page_is_saved_with_its_history():
    study = factories.make_study()
    client = editor("edna")
    url = f"/admin/studies/study/{study.pk}/change/"
    data = form_data(client, url)
    data["outcomes-TOTAL_FORMS"] = 1
    data.update({"outcomes-0-study": study.pk, "outcomes-0-position": 0, "outcomes-0-measure": "Test measure"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    outcome = Outcome.objects.get(study=study)
    assert outcome.measure == "Test measure"
    history = list(outcome.history.values_list("history_type", "history_user__username", "measure"))
    assert history == [("+", "edna", "Test measure")]


NOT_PAGES = ["null", "5", '{"a": 1}', '"http://x.org"', '["javascript:alert(1)"]', '["not a page"]', "{}", '""']


@pytest.mark.parametrize("confirmed_from", NOT_PAGES)
def test_confirmed_from_that_is_not_a_list_of_web_addresses_is_refused_on_the_form(confirmed_from):
    study = factories.make_study(confirmed_from=["https://example.org/trial"])
    url = f"/admin/studies/study/{study.pk}/change/"
    client = editor("edna")
    response = client.post(url, {**form_data(client, url), "confirmed_from": confirmed_from})
    assert response.status_code == 200
    assert "Confirmed from must be a list of web addresses" in response.content.decode()
    assert Study.objects.get(pk=study.pk).confirmed_from == ["https://example.org/trial"]


def test_confirmed_from_given_as_a_list_of_web_addresses_is_saved_and_shown_on_the_study_page():
    study = factories.make_study()
    url = f"/admin/studies/study/{study.pk}/change/"
    client = editor("edna")
    pages = '["https://example.org/trial", "http://example.org/registry"]'
    assert client.post(url, {**form_data(client, url), "confirmed_from": pages}).status_code == 302
    assert Study.objects.get(pk=study.pk).confirmed_from == ["https://example.org/trial", "http://example.org/registry"]
    page = client.get(f"/studies/{study.pk}/")
    assert page.status_code == 200
    assert "https://example.org/trial" in page.content.decode()


def substances_of(record):
    return sorted(row.substance_id for row in record.substances.all())


def test_a_change_to_only_a_studys_substances_is_one_history_row_showing_it():
    study = factories.make_study(substances=["cocaine"])
    rows = study.history.count()
    url = f"/admin/studies/study/{study.pk}/change/"
    client = editor("edna")
    data = {**form_data(client, url), "substances": ["cocaine", "tobacco"]}
    assert client.post(url, data).status_code == 302
    assert study.history.count() == rows + 1
    latest, before = study.history.all()[:2]
    assert (latest.history_type, latest.history_user.username) == ("~", "edna")
    assert substances_of(latest) == ["cocaine", "tobacco"]
    assert [change.field for change in latest.diff_against(before).changes] == ["substances"]
    page = client.get(f"/admin/studies/study/{study.pk}/history/").content.decode()
    assert "Tobacco" in page.split("<tbody>")[1].split("</tr>")[0]  # in the newest row's changes


def test_a_study_form_saved_as_it_was_loaded_adds_no_history_row():
    study = factories.make_study(substances=["cocaine", "alcohol"])
    rows = study.history.count()
    url = f"/admin/studies/study/{study.pk}/change/"
    client = editor("edna")
    assert client.post(url, form_data(client, url)).status_code == 302
    assert study.history.count() == rows
