"""POST /api/references/check: reference strings in, one result each out, nothing saved."""

import pytest

from claims.models import Citation
from studies.models import Study

pytestmark = pytest.mark.django_db

URL = "/api/references/check"

DAKWAR = (
    "Dakwar E, Levin F, Hart CL, et al. A single ketamine infusion combined with motivational "
    "enhancement therapy for alcohol use disorder: a randomized midazolam-controlled pilot trial. "
    "Am J Psychiatry. 2020;176(11):923-930. doi:10.1176/appi.ajp.2019.18101123"
)
MADE_UP = "Smith J, Doe A. Ketamine cures every addiction in one night. J Imag Med. 2021;1:1-2."


def test_anyone_can_check_references_and_each_gets_a_result_in_order(client_anon, chain):
    before = (Study.objects.count(), Citation.objects.count())
    response = client_anon.post(URL, {"references": [DAKWAR, MADE_UP]}, format="json")
    assert response.status_code == 200, response.json()
    found, missing = response.json()["results"]
    assert found["input"] == DAKWAR
    assert found["study"]["id"] == chain["study"].pk
    assert found["study"]["doi"] == "10.1176/appi.ajp.2019.18101123"
    assert found["status"] == "metadata_mismatch"
    assert {"field": "year", "written": "2020", "canonical": "2019"} in found["discrepancies"]
    assert 0 < found["confidence"] <= 1
    assert found["reason"]
    assert missing["input"] == MADE_UP
    assert missing["study"] is None
    assert missing["status"] == "not_found"
    assert (Study.objects.count(), Citation.objects.count()) == before  # nothing saved


def test_more_references_than_the_limit_is_a_400(client_anon):
    response = client_anon.post(URL, {"references": ["x"] * 501}, format="json")
    assert response.status_code == 400
    assert response.json() == {"references": ["Ensure this field has no more than 500 elements."]}


def test_the_limit_itself_is_accepted(client_anon, monkeypatch):
    from claims.checking import batch as reference_check

    monkeypatch.setattr(
        reference_check,
        "check_references",
        lambda *, references: [
            {"input": r, "status": "not_found", "study": None, "discrepancies": [], "confidence": 0.0, "reason": "No match."}
            for r in references
        ],
    )
    response = client_anon.post(URL, {"references": [f"ref {i}" for i in range(500)]}, format="json")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 500
    assert response.json()["results"][499]["input"] == "ref 499"


@pytest.mark.parametrize(
    "body, expected",
    [
        ({"references": "Dakwar 2019"}, {"references": ['Expected a list of items but got type "str".']}),
        ({"references": ["ok", 12, None]}, {"references": {"1": ["Not a valid string."], "2": ["This field may not be null."]}}),
        ({"references": ["ok", ""]}, {"references": {"1": ["This field may not be blank."]}}),
        ({"references": []}, {"references": ["This list may not be empty."]}),
        ({}, {"references": ["This field is required."]}),
        (["Dakwar 2019"], {"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}),
    ],
)
def test_a_body_that_is_not_a_list_of_strings_is_a_400_naming_the_problem(client_anon, body, expected):
    response = client_anon.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json() == expected


def test_a_reference_longer_than_the_parser_takes_is_a_400(client_anon):
    response = client_anon.post(URL, {"references": ["x" * 5001]}, format="json")
    assert response.status_code == 400
    assert "5000" in response.json()["references"]["0"][0]


def test_the_check_only_answers_post(client_anon):
    assert client_anon.get(URL).status_code == 405


def test_a_request_past_the_total_length_is_a_400_before_any_matching(client_anon):
    long = "Smith J. " + "Ketamine and addiction. " * 200  # ~4,800 characters
    response = client_anon.post(URL, {"references": [long] * 45}, format="json")
    assert response.status_code == 400
    assert "characters in all; at most 200,000" in response.json()["references"][0]


def test_the_check_has_a_rate_limit_of_its_own_counted_in_the_shared_cache(client_anon, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"reference_check": "2/hour"})
    answers = [client_anon.post(URL, {"references": [MADE_UP]}, format="json").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    # Other endpoints keep the API's own allowance.
    assert client_anon.get("/api/studies/").status_code == 200


def test_a_client_cannot_escape_the_limit_by_sending_a_new_forwarded_address(client_anon, monkeypatch):
    # Without NUM_PROXIES, DRF counted each X-Forwarded-For a client sent as a client of its
    # own: one header more per request, and the limit never came.
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"reference_check": "2/hour"})
    answers = [
        client_anon.post(
            URL, {"references": [MADE_UP]}, format="json", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        ).status_code
        for n in range(3)
    ]
    assert answers == [200, 200, 429]


def test_json_nested_too_deeply_to_decode_is_a_400(client_anon):
    body = '{"references": ' + "[" * 5000 + "]" * 5000 + "}"
    response = client_anon.post(URL, body, content_type="application/json")

    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


@pytest.mark.parametrize("blank", [" ", "   ", "\n\t "])
def test_a_reference_of_only_whitespace_is_refused_as_an_empty_one_is(client_anon, blank):
    empty = client_anon.post(URL, {"references": ["Dakwar 2019", ""]}, format="json")
    response = client_anon.post(URL, {"references": ["Dakwar 2019", blank]}, format="json")
    assert (empty.status_code, response.status_code) == (400, 400)
    assert response.json() == empty.json() == {"references": {"1": ["This field may not be blank."]}}
