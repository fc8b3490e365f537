"""No request under /api/ is answered with a 500 that bad input caused, and a real server
error is still answered in JSON.

This module is also a URLconf (`urlpatterns` below): the tests marked with it serve views
that fail on purpose, which exist only here.
"""

import base64
import json
import logging

import django_filters
import pytest
from django.test import Client
from django.urls import include, path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from claims.api.citations import CitationViewSet, LinkViewSet
from claims.api.claims import ClaimViewSet
from claims.api.flags import FlagViewSet
from core.api import MAX_ID, IdFilter
from ketamine_evidence import urls as site_urls
from ketamine_evidence.api_urls import with_json_server_errors
from studies.api.views import OutcomeViewSet, StudyViewSet

pytestmark = pytest.mark.django_db

TOO_LARGE = "99999999999999999999"  # > 2**63 - 1: SQLite's driver raised OverflowError
assert int(TOO_LARGE) > MAX_ID


def assert_json(response, status):
    assert response.status_code == status, response.getvalue()[:500]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()


def cursor(query):
    """A cursor as DRF encodes one (base64 of a query string), with any content."""
    return base64.b64encode(query.encode("ascii")).decode("ascii")


# --- Id filters -----------------------------------------------------------------------------

# Every filter by a row's id, on every list and export that has it.
ID_FILTERS = [
    ("/api/claims/", "article"),
    ("/api/claims/", "study"),
    ("/api/claims/export.csv", "article"),
    ("/api/claims/export.csv", "study"),
    ("/api/claims/export.jsonld", "article"),
    ("/api/claims/export.jsonld", "study"),
    ("/api/citations/", "article"),
    ("/api/citations/", "study"),
    ("/api/outcomes/", "study"),
    ("/api/links/", "article"),
    ("/api/links/", "claim"),
    ("/api/links/", "citation"),
    ("/api/flags/", "article"),
    ("/api/flags/", "claim"),
    ("/api/flags/", "citation"),
]


@pytest.mark.parametrize(
    "value, message",
    [
        (TOO_LARGE, "Ensure this value is less than or equal to 9223372036854775807."),
        (str(2**63), "Ensure this value is less than or equal to 9223372036854775807."),
        ("1.5", "Enter a whole number."),
        ("0", "Ensure this value is greater than or equal to 1."),
        ("-1", "Ensure this value is greater than or equal to 1."),
        ("abc", "Enter a whole number."),
    ],
)
@pytest.mark.parametrize("url, parameter", ID_FILTERS)
def test_an_id_filter_that_is_not_an_id_is_a_400_naming_the_filter(client_anon, chain, url, parameter, value, message):
    body = assert_json(client_anon.get(url, {parameter: value}), 400)
    assert body == {parameter: [message]}


@pytest.mark.parametrize("url, parameter", ID_FILTERS)
def test_the_largest_possible_id_is_a_valid_filter_that_finds_nothing(client_anon, chain, url, parameter):
    response = client_anon.get(url, {parameter: str(MAX_ID)})
    assert response.status_code == 200, response.getvalue()[:500]
    if url.endswith(".csv"):
        assert response.getvalue().decode().count("\r\n") == 1  # the header alone
    elif url.endswith(".jsonld"):
        assert json.loads(response.getvalue()) == []
    else:
        assert response.json()["results"] == []


def test_an_id_filter_still_selects_by_id(client_anon, chain):
    article = chain["article"].pk
    claims = client_anon.get("/api/claims/", {"article": str(article)}).json()["results"]
    assert sorted(c["id"] for c in claims) == sorted([chain["claim"].pk, chain["other_claim"].pk])
    links = client_anon.get("/api/links/", {"citation": f" {chain['citation'].pk} "}).json()["results"]
    assert [link["id"] for link in links] == [chain["link"].pk]


FILTERSETS = [
    view.filterset_class
    for view in (ClaimViewSet, CitationViewSet, LinkViewSet, FlagViewSet, StudyViewSet, OutcomeViewSet)
]


@pytest.mark.parametrize("filterset", FILTERSETS, ids=lambda f: f.__name__)
def test_every_filter_by_a_related_row_is_an_id_filter(filterset):
    for name, declared in filterset.base_filters.items():
        is_number = isinstance(declared, django_filters.NumberFilter)
        names_a_row = name in {"article", "claim", "citation", "study"} or str(declared.field_name).endswith("_id")
        if is_number and names_a_row:
            assert isinstance(declared, IdFilter), f"{filterset.__name__}.{name}"


# --- Cursors --------------------------------------------------------------------------------

CURSOR_LISTS = ["/api/claims/", "/api/citations/", "/api/links/", "/api/flags/"]


@pytest.mark.parametrize(
    "query, encoded",
    [
        ({}, "cj0xJnA9YWJj"),  # r=1&p=abc: the review's example
        ({}, cursor("p=abc")),
        ({}, cursor("p=1.5")),
        ({"ordering": "created_at"}, cursor("p=not-a-date")),
        ({"ordering": "-updated_at"}, cursor("r=1&p=2026-13-45")),
        ({}, "not-a-cursor"),
        ({}, "é"),
    ],
)
@pytest.mark.parametrize("url", CURSOR_LISTS)
def test_a_cursor_that_drf_did_not_write_is_an_invalid_cursor_404(client_anon, chain, url, query, encoded):
    if url == "/api/links/" and "ordering" in query:
        query = {"ordering": "claim_id"}  # links have no dates to order by
    body = assert_json(client_anon.get(url, {**query, "cursor": encoded}), 404)
    assert body == {"detail": "Invalid cursor"}


def test_a_cursor_that_drf_wrote_still_pages(client_anon, chain):
    first = client_anon.get("/api/claims/", {"page_size": 1}).json()
    second = client_anon.get(first["next"]).json()
    assert [first["results"][0]["id"], second["results"][0]["id"]] == [chain["claim"].pk, chain["other_claim"].pk]


# --- Ordering -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, allowed",
    [
        ("/api/claims/", "id, article_id, start, verdict, claim_type, created_at, updated_at"),
        ("/api/citations/", "id, article_id, position, status, created_at, updated_at"),
        ("/api/links/", "id, claim_id"),
        ("/api/flags/", "id, code, severity, created_at, updated_at"),
        ("/api/studies/", "year, title, n, created_at, updated_at, id"),
        ("/api/outcomes/", "study, position, id, estimate, p_value"),
        ("/api/articles/", "title, published_on, captured_at, id"),
        ("/api/studies/export.csv", "year, title, n, created_at, updated_at, id"),
    ],
)
def test_an_unknown_ordering_is_a_400_naming_the_allowed_fields(client_anon, chain, url, allowed):
    body = assert_json(client_anon.get(url, {"ordering": "-id,bogus"}), 400)
    assert body == {
        "ordering": [
            f"Unknown ordering field 'bogus': allowed are {allowed}, each with a leading - for descending order."
        ]
    }


def test_known_orderings_still_apply_and_an_empty_term_is_ignored(client_anon, chain):
    claims = client_anon.get("/api/claims/", {"ordering": "-id,"}).json()["results"]
    assert [c["id"] for c in claims] == [chain["other_claim"].pk, chain["claim"].pk]


def test_links_cannot_be_ordered_by_when_they_were_judged_which_a_cursor_cannot_page(client_anon, chain):
    # Most links have no judged_at; paging `-judged_at` stopped after the first page.
    assert "ordering" in assert_json(client_anon.get("/api/links/", {"ordering": "-judged_at"}), 400)


# --- Unknown paths and server errors --------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("signed_in", [False, True])
def test_an_unknown_api_path_is_a_json_404_for_every_method(editor_user, method, signed_in):
    client = APIClient(enforce_csrf_checks=True)  # as a browser is treated
    if signed_in:
        client.force_login(editor_user)
    response = getattr(client, method)("/api/no/such/thing/", {"a": 1}, format="json")
    assert assert_json(response, 404) == {"detail": "No API endpoint at /api/no/such/thing/."}


def fails(request):
    raise RuntimeError("a plain Django view failed")


class FailingApiView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("a DRF view failed")


class UnrenderableApiView(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        return Response({"value": object()})  # fails in the renderer, after the view returned


urlpatterns = [
    path(
        "api/failing/",
        include(
            with_json_server_errors(
                [
                    path("plain/", fails),
                    path("drf/", FailingApiView.as_view()),
                    path("render/", UnrenderableApiView.as_view()),
                ]
            )
        ),
    ),
    *site_urls.urlpatterns,
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/api/failing/plain/", "/api/failing/drf/", "/api/failing/render/"])
def test_a_server_error_under_api_is_a_json_500_and_is_logged(url, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get(url)
    assert assert_json(response, 500) == {"detail": "Server error"}
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == f"Internal Server Error: {url}"
    assert record.exc_info is not None


@pytest.mark.urls(__name__)
def test_a_server_error_is_still_reported_to_django_so_the_test_client_raises_it():
    with pytest.raises(RuntimeError, match="a DRF view failed"):
        Client().get("/api/failing/drf/")


def test_the_apis_own_routes_answer_a_server_error_in_json(chain, monkeypatch):
    from claims.api import queries
    from studies import formats

    def broken(*args, **kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr(queries, "claims_with_evidence", broken)
    monkeypatch.setattr(formats, "write_csv", broken)  # fails while the export renders
    client = Client(raise_request_exception=False)
    for url in ["/api/claims/", "/api/claims/1/", "/api/studies/export.csv"]:
        assert assert_json(client.get(url), 500) == {"detail": "Server error"}, url


# --- Fuzz -----------------------------------------------------------------------------------

LISTS = [
    "/api/studies/", "/api/outcomes/", "/api/substances/", "/api/articles/", "/api/claims/",
    "/api/citations/", "/api/links/", "/api/flags/",
    "/api/studies/export.csv", "/api/studies/export.ris", "/api/studies/export.bib",
    "/api/studies/export.csljson", "/api/claims/export.csv", "/api/claims/export.jsonld",
]

BAD_VALUES = ["abc", "0", "-1", TOO_LARGE, "1.5", "1e400", "", " ", "\x00", "%", "'", '"', "ü", "-", "x" * 3000]

GENERIC_PARAMETERS = {
    "page": ["abc", "99999", "0", "-1", TOO_LARGE],
    "page_size": ["-1", "0", "100000", "abc", TOO_LARGE],
    "ordering": ["bogus", "-", "?", "id,bogus", "-id,-", "title__bogus", "--id", "\x00"],
    "cursor": ["abc", "cj0xJnA9YWJj", cursor(f"o={TOO_LARGE}&p=1"), cursor("o=-5"), cursor("r=abc")],
    "search": ['"unclosed', "-", "OR", "a OR -b", "10.", "10.1176/", "%", "_", "\x00", "x" * 3000],
    "format": ["bogus", "json", "api"],
}


def filter_names(url):
    for view in (StudyViewSet, OutcomeViewSet, ClaimViewSet, CitationViewSet, LinkViewSet, FlagViewSet):
        prefix = "/api/" + {"claimcitation": "links", "sourcearticle": "articles"}.get(
            view.queryset.model._meta.model_name, view.queryset.model._meta.model_name + "s"
        )
        if url.startswith(prefix) and view.filterset_class is not None:
            return list(view.filterset_class.base_filters)
    return ["key", "publisher"]  # articles


@pytest.mark.parametrize("url", LISTS)
def test_no_bad_parameter_makes_a_list_or_export_fail_with_a_server_error(client_anon, chain, url):
    requests = [(name, value) for name, values in GENERIC_PARAMETERS.items() for value in values]
    requests += [(name, value) for name in filter_names(url) for value in BAD_VALUES]
    requests += [("verdict", "banana"), ("year", "abc"), ("year_min", TOO_LARGE), ("has_doi", "maybe")]
    failures = []
    for name, value in requests:
        response = client_anon.get(url, {name: value})
        if response.status_code >= 500:
            failures.append((name, value[:20], response.status_code))
    assert failures == []


def test_the_fuzzed_filters_include_every_id_filter():
    # The fuzz test above reaches the filters through filter_names: check it finds them.
    assert {"article", "study"} <= set(filter_names("/api/claims/export.csv"))
    assert {"claim", "citation", "article"} <= set(filter_names("/api/links/"))
    assert {"study"} <= set(filter_names("/api/outcomes/"))


@pytest.mark.parametrize("url", [u for u in LISTS if "export" not in u] + ["/api/studies/export.csv"])
def test_a_null_character_in_a_search_is_a_400_naming_the_parameter_on_every_list(client_anon, chain, url):
    response = client_anon.get(url, {"search": "ketamine\x00"})
    assert response.status_code == 400, (url, response.status_code)
    assert response.json() == {"search": ["Null characters are not allowed."]}


@pytest.mark.parametrize("url", LISTS)
def test_a_search_longer_than_a_search_box_takes_is_a_400_on_every_list(client_anon, chain, url):
    # A thousand words made SQLite's expression tree too deep: a 500 on every list.
    response = client_anon.get(url, {"search": " ".join(["a"] * 1000)})
    assert response.status_code == 400, (url, response.status_code)
    assert response.json() == {"search": ["At most 200 characters (this is 1999)."]}
    assert client_anon.get(url, {"search": "ketamine " * 22}).status_code == 200
