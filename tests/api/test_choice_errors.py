"""An invalid choice, in a filter or a write, is a 400 that lists the valid values."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url, field, valid",
    [
        ("/api/claims/?verdict=foo", "verdict", "supported, partly_supported"),
        ("/api/studies/?design_code=foo", "design_code", "systematic_review, randomized_controlled_trial"),
        ("/api/citations/?status=foo", "status", "verified, metadata_mismatch"),
    ],
)
def test_a_filter_with_an_invalid_choice_lists_the_valid_ones(client_anon, url, field, valid):
    response = client_anon.get(url)
    assert response.status_code == 400
    (message,) = response.json()[field]
    assert "'foo' is not one of the available choices: " + valid in message


def test_a_write_with_an_invalid_choice_lists_the_valid_ones(editor_token):
    claim = factories.make_claim()
    response = editor_token.patch(f"/api/claims/{claim.pk}/", {"claim_type": "gossip"}, format="json")
    assert response.status_code == 400
    assert response.json()["claim_type"] == [
        "'gossip' is not a valid choice; valid: efficacy, safety, mechanism, epidemiology, "
        "regulatory, access, research, promotional."
    ]
    response = editor_token.patch(f"/api/claims/{claim.pk}/", {"substances": ["beer"]}, format="json")
    assert "'beer' is not a valid code; valid: alcohol, cannabis, cocaine" in response.json()["substances"][0]
    response = editor_token.post(
        f"/api/claims/{claim.pk}/override/", {"verdict": "true", "rationale": "r"}, format="json"
    )
    assert "'true' is not a valid choice; valid: supported, partly_supported" in response.json()["verdict"][0]


def test_claims_studies_and_articles_link_to_their_web_pages(client_anon, chain):
    claim = client_anon.get(f"/api/claims/{chain['claim'].pk}/").json()
    assert claim["page_url"] == f"http://testserver/claims/{chain['claim'].pk}/"
    listed = client_anon.get("/api/claims/").json()["results"][0]
    assert listed["page_url"].startswith("http://testserver/claims/")
    study = client_anon.get(f"/api/studies/{chain['study'].pk}/").json()
    assert study["page_url"] == f"http://testserver/studies/{chain['study'].pk}/"
    article = client_anon.get(f"/api/articles/{chain['article'].pk}/").json()
    assert article["page_url"] == f"http://testserver/articles/{chain['article'].pk}/"
    assert client_anon.get(claim["page_url"].removeprefix("http://testserver")).status_code == 200
