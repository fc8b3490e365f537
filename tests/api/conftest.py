import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories


@pytest.fixture
def client_anon():
    return APIClient()


@pytest.fixture
def editor_user(db):
    return factories.make_user("edna", editor=True, password="pw-edna-123")


@pytest.fixture
def editor_session(editor_user):
    """An editor logged in with a session (the browser and Swagger UI way)."""
    client = APIClient(enforce_csrf_checks=False)
    assert client.login(username="edna", password="pw-edna-123")
    return client


@pytest.fixture
def editor_token(editor_user):
    """An editor authenticated with a token, as API clients do."""
    client = APIClient()
    token = Token.objects.create(user=editor_user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def reader_token(db):
    """A logged-in user who is not an editor."""
    user = factories.make_user("rita")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def chain(db):
    """One article with a claim leaning on a verified citation of a study with an outcome,
    a flag on the claim, and a second, uncited claim."""
    study = factories.make_study(
        title="A single ketamine infusion combined with motivational enhancement therapy",
        doi="10.1176/appi.ajp.2019.18101123",
        pmid="31230464",
        year=2019,
        n=40,
        substances=["alcohol"],
    )
    outcome = factories.make_outcome(study)
    article = factories.make_article(key="health-site", title="Ketamine and addiction")
    claim = factories.make_claim(
        article, quote=factories.DEFAULT_QUOTE, substances=["cocaine"], key="reduced-cocaine"
    )
    other_claim = factories.make_claim(
        article, quote="Studies show it is safe for most people.", key="safe", claim_type="safety",
        wording="hedged",
    )
    citation = factories.make_citation(
        article, key="ref-1", marker="[1]", study=study, status="verified",
        status_reason="Matched by DOI.",
        discrepancies=[{"field": "year", "written": "2020", "canonical": "2019"}],
    )
    link = factories.make_link(claim, citation, stance="partly", misfit_reasons=["different_substance"])
    flag = factories.make_flag(other_claim, code="vague_attribution", severity="warning",
                               message="'Studies show' with no study named.")
    return {
        "study": study, "outcome": outcome, "article": article, "claim": claim,
        "other_claim": other_claim, "citation": citation, "link": link, "flag": flag,
    }
