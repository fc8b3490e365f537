"""A flag an editor dismisses (or restores) may no longer hold when its target is
reassessed on commit: the answer says so, not a server error."""

import pytest

from claims.models import Flag
from tests import factories

pytestmark = pytest.mark.django_db


def stale_flag():
    """A claim flag verification would no longer raise: the claim leans on a verified study."""
    study = factories.make_study()
    link = factories.make_link(citation=None)
    link.citation.study = study
    link.citation.status = "verified"
    link.citation.save()
    return factories.make_flag(claim=link.claim, code="no_citation", severity="warning")


@pytest.mark.django_db(transaction=True)
def test_dismissing_a_flag_the_reassessment_removes_is_a_410_not_a_500():
    # Committed for real, as a request is: the reassessment runs (in-process) as the
    # dismissal commits, before the answer is written.
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(get_user_model().objects.create_superuser("admin", "a@example.org", "pw"))
    flag = stale_flag()
    response = client.post(f"/api/flags/{flag.pk}/dismiss/", {"reason": "Checked by hand."}, format="json")
    assert response.status_code == 410
    assert "no longer holds" in response.json()["detail"]
    assert not Flag.objects.filter(pk=flag.pk).exists()
    assert flag.history.filter(history_type="-").exists()


def test_dismissing_a_flag_that_still_holds_answers_with_it(editor_token):
    flag = factories.make_flag()
    response = editor_token.post(f"/api/flags/{flag.pk}/dismiss/", {"reason": "Checked by hand."}, format="json")
    assert response.status_code == 200
    assert response.json()["dismissed_reason"] == "Checked by hand."
