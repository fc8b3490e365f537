import pytest

# Contact settings a real request carries; never written into a cassette, never matched.
POLITE_PARAMETERS = ["mailto", "email", "tool", "api_key"]


@pytest.fixture(scope="module")
def vcr_config():
    return {
        "record_mode": "none",
        "filter_query_parameters": POLITE_PARAMETERS,
        "filter_headers": ["authorization", "user-agent"],
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request):
    return str(request.path.parent / "cassettes")


@pytest.fixture(autouse=True)
def registries_on(settings):
    """The registries are off in the rest of the suite; these tests speak to them (through
    the recorded responses), with a contact address the cassettes must not depend on."""
    settings.REGISTRIES_ENABLED = True
    settings.REGISTRY_CONTACT_EMAIL = "curators@example.org"


@pytest.fixture
def no_waiting(monkeypatch):
    """Retries and the rate limit wait through time.sleep: record the waits, don't sleep."""
    waits = []
    monkeypatch.setattr("studies.registries.client.time.sleep", waits.append)
    return waits
