"""Flags in the admin: read-only findings, changed through their actions, gone with their row."""

import pytest

from claims.models import Claim, Flag
from tests import factories
from tests.test_admin_conflicts import editor, form_data

pytestmark = pytest.mark.django_db


def test_an_editor_deletes_a_flagged_claim_from_its_delete_page_and_its_flags_go_with_it():
    # The page said the editor had no right to delete flags, where the article's form
    # deleted the same claim without a word.
    claim = factories.make_claim()
    flag = factories.make_flag(claim=claim, code="vague_attribution", message="Says 'studies show'.")
    client = editor("edna")
    url = f"/admin/claims/claim/{claim.pk}/delete/"
    page = client.get(url).content.decode()
    assert "doesn't have permission to delete" not in page
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Claim.objects.filter(pk=claim.pk).exists()
    assert not Flag.objects.filter(pk=flag.pk).exists()


def test_an_editor_deletes_flagged_claims_with_the_list_action():
    claims = [factories.make_claim() for _ in range(2)]
    for claim in claims:
        factories.make_flag(claim=claim, code="vague_attribution", message="Says 'studies show'.")
    client = editor("edna")
    data = {"action": "delete_selected", "_selected_action": [c.pk for c in claims], "post": "yes"}
    response = client.post("/admin/claims/claim/", data)
    assert response.status_code == 302
    assert not Claim.objects.filter(pk__in=[c.pk for c in claims]).exists()


def test_saving_a_flags_form_changes_nothing_and_records_nothing():
    flag = factories.make_flag(code="vague_attribution", message="Says 'studies show'.")
    client = editor("edna")
    url = f"/admin/claims/flag/{flag.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="_save"' not in page and 'name="_continue"' not in page
    before = flag.history.count()
    assert client.post(url, form_data(client, url)).status_code == 302
    assert flag.history.count() == before
