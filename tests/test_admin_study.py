"""The study form in the admin refuses authors that are not a list of names, naming the
problem, instead of saving a record every page would then fail to show."""

import pytest

from studies.models import Study
from tests import factories
from tests.test_admin_conflicts import editor, form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("authors", ['"Dakwar E"', '[{"given": "E."}]', "[1, 2]"])
def test_authors_that_are_not_a_list_of_names_are_refused_on_the_form(authors):
    study = factories.make_study()
    url = f"/admin/studies/study/{study.pk}/change/"
    client = editor("edna")
    response = client.post(url, {**form_data(client, url), "authors": authors})
    assert response.status_code == 200
    assert "Authors must be a list of" in response.content.decode()
    assert Study.objects.get(pk=study.pk).authors == study.authors
