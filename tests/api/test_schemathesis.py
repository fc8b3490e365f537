"""Schemathesis drives every API operation from the published OpenAPI schema, with an
editor's token, and checks each answer against it: no server error, a documented status
code and content type, a body and headers as the schema says.

Derandomised (a fixed seed) and bounded in examples, so that a run is repeatable and the same
on every machine; SCHEMATHESIS_EXAMPLES raises the bound for a longer search by hand.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests import factories

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


# Read from the app itself, as a client reads it; producing the schema touches no table.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture(autouse=True)
def connection_kept_open():
    """Schemathesis calls the WSGI app itself, whose request signals close the database
    connection when a request ends, and with it the test's transaction (on PostgreSQL).
    Django's own test client keeps it open the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def editor_headers(db):
    """An editor's token, and a little of everything for the ids the cases draw to find."""
    user = factories.make_user("schemathesis", editor=True)
    study = factories.make_study(substances=("alcohol",))
    factories.make_outcome(study)
    article = factories.make_article(captured_text="Ketamine helped. It is safe.")
    claim = factories.make_claim(article, quote="Ketamine helped.")
    citation = factories.make_citation(article, study=study, status="verified")
    factories.make_link(claim, citation)
    factories.make_flag(claim=claim, code="vague_attribution", message="Says studies show.")
    return {"Authorization": f"Token {Token.objects.create(user=user).key}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_schema_says(case, editor_headers):
    case.call_and_validate(headers=editor_headers, checks=CHECKS)


PAGE = (
    "Ketamine and alcohol\n\nA randomised trial found that ketamine reduced relapse [1]. "
    "Studies have shown that it is safe.\n\nReferences\n\n[1] Grabski, M., et al. (2022). "
    "Adjunctive ketamine with relapse prevention-based psychological therapy in the treatment "
    "of alcohol use disorder. American Journal of Psychiatry, 179(2), 152-162.\n"
)


def _answer(editor_headers, path, method, body, *, status):
    case = schema[path][method].Case(body=body, media_type="application/json")
    response = case.call(headers=editor_headers)
    assert response.status_code == status, response.text
    case.validate_response(response, checks=CHECKS)
    return response


def test_intake_answers_with_the_proposal_the_saved_article_and_its_errors_as_its_schema_says(editor_headers):
    factories.make_study(
        title="Adjunctive ketamine with relapse prevention-based psychological therapy in the treatment "
        "of alcohol use disorder", authors=[{"family": "Grabski", "given": "M."}], year=2022,
    )  # fmt: skip
    _answer(editor_headers, "/api/articles/intake", "POST", {"text": PAGE}, status=200)
    _answer(editor_headers, "/api/articles/intake", "POST", {"text": PAGE, "dry_run": False}, status=201)
    _answer(editor_headers, "/api/articles/intake", "POST", {"text": PAGE, "html": "<p>x</p>"}, status=400)
    _answer(editor_headers, "/api/articles/intake", "POST", {"text": " "}, status=400)


def test_a_throttled_reference_check_answers_as_its_schema_says(editor_headers, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"reference_check": "2/hour"})
    _answer(editor_headers, "/api/references/check", "POST", {"references": ["Smith 2020"]}, status=200)
    _answer(editor_headers, "/api/references/check", "POST", {"references": [12]}, status=400)
    throttled = _answer(editor_headers, "/api/references/check", "POST", {"references": ["Smith"]}, status=429)
    assert throttled.headers["retry-after"]
