"""The admin's history pages, for the rows whose changes are recorded."""

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    client = Client()
    client.force_login(factories.make_user("hana", editor=True, is_staff=True))
    return client


def test_a_rows_history_lists_its_changes(editor):
    claim = factories.make_claim()
    response = editor.get(f"/admin/claims/claim/{claim.pk}/history/")
    assert response.status_code == 200
    assert "Change history" in response.content.decode() or "View history" in response.content.decode()


@pytest.mark.parametrize("model", ["claims/claim", "claims/citation", "claims/flag", "studies/study", "claims/sourcearticle"])
def test_a_history_address_with_an_id_that_is_no_id_is_a_404(editor, model):
    # The id went to the database as written: "Field 'id' expected a number", a 500.
    assert editor.get(f"/admin/{model}/abc/history/").status_code == 404
    assert editor.get(f"/admin/{model}/999999/history/").status_code == 404


def test_a_history_version_address_with_a_version_that_is_no_number_is_a_404(editor):
    claim = factories.make_claim()
    assert editor.get(f"/admin/claims/claim/{claim.pk}/history/latest/").status_code == 404
    assert editor.get("/admin/claims/claim/abc/history/1/").status_code == 404
