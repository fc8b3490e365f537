"""Bad input is answered 400 or 404 in JSON with a message, never 500."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def assert_json_error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.mark.parametrize(
    "path, query, field",
    [
        ("/api/claims/", {"verdict": "banana"}, "verdict"),
        ("/api/claims/", {"certainty": "certain"}, "certainty"),
        ("/api/claims/", {"flag": "made_up"}, "flag"),
        ("/api/claims/", {"article": "abc"}, "article"),
        ("/api/citations/", {"status": "lost"}, "status"),
        ("/api/flags/", {"severity": "apocalyptic"}, "severity"),
        ("/api/flags/", {"dismissed": "perhaps"}, "dismissed"),
        ("/api/studies/", {"design_code": "vibes"}, "design_code"),
        ("/api/studies/", {"year": "abc"}, "year"),
        ("/api/studies/", {"substance": "coffee"}, "substance"),
    ],
)
def test_an_unknown_filter_value_is_a_400_naming_the_filter(client_anon, chain, path, query, field):
    body = assert_json_error(client_anon.get(path, query), 400)
    assert list(body) == [field]
    assert body[field][0].startswith(("Select a valid choice", "Enter a number", "Enter a whole number", "Enter true or false"))


@pytest.mark.parametrize(
    "path",
    ["/api/claims/abc/", "/api/studies/99999/", "/api/citations/1.5/", "/api/flags/%20/", "/api/substances/coffee/"],
)
def test_a_malformed_or_unknown_id_is_a_json_404(client_anon, chain, path):
    body = assert_json_error(client_anon.get(path), 404)
    assert body["detail"] == "Not found." or body["detail"].endswith("matches the given query.")


def test_a_page_out_of_range_is_a_404_with_a_message(client_anon, chain):
    assert assert_json_error(client_anon.get("/api/studies/", {"page": 99}), 404) == {"detail": "Invalid page."}
    assert assert_json_error(client_anon.get("/api/studies/", {"page": "abc"}), 404) == {"detail": "Invalid page."}


def test_a_bad_cursor_is_a_404_with_a_message(client_anon, chain):
    body = assert_json_error(client_anon.get("/api/claims/", {"cursor": "not-a-cursor"}), 404)
    assert body == {"detail": "Invalid cursor"}


@pytest.mark.parametrize("path", ["/api/studies/", "/api/outcomes/", "/api/claims/", "/api/flags/"])
@pytest.mark.parametrize("page_size", ["x", "0", "-5", "1.5", "1e2", "²", "0" * 5000])
def test_a_page_size_that_is_not_a_whole_number_from_1_is_a_400_naming_it(client_anon, chain, path, page_size):
    # It was ignored: the client asked for pages of "0" and was given pages of 50.
    body = assert_json_error(client_anon.get(path, {"page_size": page_size}), 400)
    assert body == {"page_size": ["Enter a whole number from 1 (a page holds at most 200 rows)."]}


@pytest.mark.parametrize("path", ["/api/studies/", "/api/claims/"])
def test_a_page_size_past_the_maximum_gives_the_largest_pages_and_an_empty_one_the_default(
    client_anon, chain, path, monkeypatch
):
    from core.api import CursorPagination, PageNumberPagination
    from tests import factories

    factories.make_study(title="A second trial")  # two of each, as the chain has two claims
    monkeypatch.setattr(PageNumberPagination, "max_page_size", 1)
    monkeypatch.setattr(CursorPagination, "max_page_size", 1)
    for page_size, rows in [("2", 1), ("1" * 5000, 1), ("01", 1), ("", 2)]:
        response = client_anon.get(path, {"page_size": page_size})
        assert response.status_code == 200, (page_size[:10], response.content)
        assert len(response.json()["results"]) == rows, page_size[:10]


def test_malformed_json_is_a_400_with_the_parse_error(editor_token, chain):
    response = editor_token.generic(
        "PATCH", f"/api/claims/{chain['claim'].pk}/", '{"wording": "hedged",', content_type="application/json"
    )
    assert "JSON parse error" in assert_json_error(response, 400)["detail"]


def test_a_json_body_that_is_not_an_object_is_a_400(editor_token):
    body = assert_json_error(editor_token.post("/api/studies/", [1, 2], format="json"), 400)
    assert "Expected a dictionary" in body["non_field_errors"][0]


def test_an_unsupported_content_type_is_a_415(editor_token, chain):
    response = editor_token.generic("POST", "/api/studies/", "title=x", content_type="text/plain")
    assert assert_json_error(response, 415)["detail"].startswith("Unsupported media type")


def test_a_wrongly_typed_field_is_a_400_naming_it(editor_token, chain):
    body = assert_json_error(
        editor_token.patch(f"/api/studies/{chain['study'].pk}/", {"n": "many", "authors": "Smith"}, format="json"), 400
    )
    assert set(body) == {"n", "authors"}


def test_an_unknown_api_path_is_a_json_404(client_anon):
    assert "No API endpoint" in assert_json_error(client_anon.get("/api/nothing/here/"), 404)["detail"]


def test_a_method_the_resource_does_not_allow_is_a_405(chain):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from tests.factories import make_user

    admin = APIClient()
    token = Token.objects.create(user=make_user(is_superuser=True, is_staff=True))
    admin.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = admin.post("/api/substances/", {"code": "x", "name": "y"}, format="json")
    assert assert_json_error(response, 405)["detail"] == 'Method "POST" not allowed.'


def test_a_method_the_resource_does_not_allow_is_a_405_whoever_asks(chain, editor_token, reader_token, client_anon):
    # DRF checked the permission first: editors and readers were told 403, "You do not have
    # permission", where a superuser was told 405.
    flag = chain["flag"].pk
    for client in (editor_token, reader_token, client_anon):
        for method, path in [
            ("post", "/api/substances/"), ("delete", "/api/substances/alcohol/"),
            ("post", "/api/flags/"), ("put", f"/api/flags/{flag}/"), ("delete", f"/api/flags/{flag}/"),
            ("get", f"/api/flags/{flag}/dismiss/"), ("put", f"/api/claims/{chain['claim'].pk}/override/"),
            ("get", "/api/articles/intake"),
        ]:  # fmt: skip
            response = getattr(client, method)(path, {}, format="json")
            assert assert_json_error(response, 405)["detail"] == f'Method "{method.upper()}" not allowed.', path
    # A method the resource takes still needs the right.
    assert reader_token.post(f"/api/flags/{flag}/dismiss/", {"reason": "x"}, format="json").status_code == 403


def test_an_endpoint_without_its_trailing_slash_redirects_to_it_keeping_method_and_query(client_anon):
    response = client_anon.get("/api/claims", {"accuracy": "inaccurate"})
    assert response.status_code == 308
    assert response["Location"] == "/api/claims/?accuracy=inaccurate"
    assert client_anon.post("/api/claims", {}, format="json").status_code == 308
    # A path that is no endpoint with or without the slash is still a JSON 404.
    assert "No API endpoint" in assert_json_error(client_anon.get("/api/nothing"), 404)["detail"]


def test_a_body_that_is_not_json_is_refused_with_415(editor_token):
    response = editor_token.post("/api/studies/", "title=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert "application/x-www-form-urlencoded" in response.json()["detail"]


def test_a_null_where_the_record_keeps_a_list_is_a_400_naming_the_field(editor_token):
    response = editor_token.post("/api/studies/", {"title": "Ketamine trial", "confirmed_from": None}, format="json")
    assert response.status_code == 400
    assert "confirmed_from" in response.json()


@pytest.mark.parametrize("confirmed_from", [5, {"a": 1}, {}, "", "http://x.org", ["javascript:alert(1)"], [["https://x.org"]]])
def test_confirmed_from_that_is_not_a_list_of_web_addresses_is_a_400_saying_so(editor_token, confirmed_from):
    response = editor_token.post(
        "/api/studies/", {"title": "Ketamine trial", "confirmed_from": confirmed_from}, format="json"
    )
    body = assert_json_error(response, 400)
    assert body["confirmed_from"][0].startswith("Confirmed from must be a list of web addresses")


def test_a_blank_choice_is_quoted_in_its_error_so_that_the_message_reads(client_anon, chain):
    # It read "Select a valid choice.   is not one of the available choices: …".
    body = assert_json_error(client_anon.get("/api/citations/", {"status": " "}), 400)
    assert body["status"][0].startswith("Select a valid choice. ' ' is not one of the available choices: verified,")


@pytest.mark.parametrize(
    "path, field",
    [
        ("/api/claims/", "verdict"), ("/api/claims/", "wording"), ("/api/claims/", "overridden"),
        ("/api/claims/", "article"), ("/api/citations/", "status"), ("/api/citations/", "has_study"),
        ("/api/flags/", "dismissed"), ("/api/studies/", "has_doi"), ("/api/studies/", "design_code"),
        ("/api/studies/", "year"),
    ],
)  # fmt: skip
def test_an_empty_filter_value_means_no_filter_for_every_kind_of_filter(client_anon, chain, path, field):
    # A form with a blank field sends `?verdict=`: choice filters refused it with a 400
    # while boolean, id and number filters ignored it.
    everything = client_anon.get(path).json()["results"]
    response = client_anon.get(path, {field: ""})
    assert response.status_code == 200, response.content
    assert response.json()["results"] == everything != []


def test_an_empty_value_beside_a_real_one_filters_by_the_real_one(client_anon, chain):
    response = client_anon.get("/api/claims/?claim_type=&claim_type=safety")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [chain["other_claim"].pk]


def test_the_json_format_suffix_answers_every_resource_as_without_it(client_anon, chain):
    # `page_url` was reversed with the suffix, which a page's URL does not take: a 500.
    claim, study = chain["claim"].pk, chain["study"].pk
    for path in [
        "/api/claims", f"/api/claims/{claim}", "/api/studies", f"/api/studies/{study}", "/api/articles",
        f"/api/articles/{chain['article'].pk}", f"/api/links/{chain['link'].pk}", "/api/flags", "/api/citations",
    ]:  # fmt: skip
        response = client_anon.get(f"{path}.json")
        assert response.status_code == 200, path
        plain = client_anon.get(f"{path}/").json()
        if "results" in plain:
            rows = response.json()["results"]
            assert [r["id"] for r in rows] == [r["id"] for r in plain["results"]] != [], path
            assert [r.get("page_url") for r in rows] == [r.get("page_url") for r in plain["results"]], path
    body = client_anon.get(f"/api/claims/{claim}.json").json()
    assert body["page_url"] == f"http://testserver/claims/{claim}/"
    assert body["api_url"] == f"http://testserver/api/claims/{claim}.json"


def test_a_write_through_the_json_format_suffix_answers_with_what_it_saved(editor_token, chain):
    claim = chain["claim"]
    response = editor_token.patch(f"/api/claims/{claim.pk}.json", {"wording": "categorical"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["wording"] == "categorical"
    claim.refresh_from_db()
    assert claim.wording == "categorical"


def test_every_enumerated_filter_takes_several_values_as_any_of(client_anon, chain):
    # `wording` and `target` took one value (the last) where every other enumerated filter
    # reads a repeated parameter as "any of".
    both = sorted([chain["claim"].pk, chain["other_claim"].pk])
    wordings = [chain["claim"].wording, "hedged"]
    assert chain["claim"].wording != "hedged"
    response = client_anon.get("/api/claims/", {"wording": wordings})
    assert sorted(row["id"] for row in response.json()["results"]) == both
    flag = chain["flag"]
    citation_flag = factories.make_flag(citation=chain["citation"], code="citation_metadata_mismatch", message="Year.")
    response = client_anon.get("/api/flags/", {"target": ["claim", "citation"]})
    assert sorted(row["id"] for row in response.json()["results"]) == sorted([flag.pk, citation_flag.pk])
    response = client_anon.get("/api/flags/", {"target": ["citation"]})
    assert [row["id"] for row in response.json()["results"]] == [citation_flag.pk]


@pytest.mark.parametrize("year", [0, 1599, 2101, 99999])
def test_a_year_outside_the_range_is_a_400_naming_the_year(editor_token, chain, year):
    response = editor_token.patch(f"/api/studies/{chain['study'].pk}/", {"year": year}, format="json")
    assert assert_json_error(response, 400) == {"year": ["Year must be between 1600 and 2100."]}


@pytest.mark.parametrize("p_value", [-0.01, 1.5, 5])
def test_a_p_value_outside_0_to_1_is_a_400_naming_the_p_value(editor_token, chain, p_value):
    response = editor_token.post(
        "/api/outcomes/", {"study": chain["study"].pk, "measure": "m", "p_value": p_value}, format="json"
    )
    assert assert_json_error(response, 400) == {"p_value": ["A p-value lies between 0 and 1."]}


def test_an_estimate_outside_its_interval_is_a_400_naming_the_estimate(editor_token, chain):
    # OR 7 with a CI of 1 to 2 was saved, and drawn off its own line.
    row = {"study": chain["study"].pk, "measure": "m", "effect_measure": "OR", "estimate": 7, "ci_low": 1, "ci_high": 2}
    response = editor_token.post("/api/outcomes/", row, format="json")
    assert assert_json_error(response, 400) == {
        "estimate": ["The estimate (7) lies outside its confidence interval (1 to 2)."]
    }


def test_a_negative_n_is_a_400_naming_n(editor_token, chain):
    response = editor_token.patch(f"/api/studies/{chain['study'].pk}/", {"n": -1}, format="json")
    assert assert_json_error(response, 400) == {"n": ["N cannot be negative."]}


@pytest.mark.parametrize("field", ["year", "year_min", "year_max"])
@pytest.mark.parametrize("value", ["2019.5", "1e3", "2019,0", "0x7e3"])
def test_a_year_filter_that_is_not_a_whole_number_is_a_400_naming_it(client_anon, chain, field, value):
    # 2019.5 found the studies of 2019, and 1e3 was the year 1000.
    body = assert_json_error(client_anon.get("/api/studies/", {field: value}), 400)
    assert body == {field: ["Enter a whole number."]}


@pytest.mark.parametrize(
    "value, message",
    [
        ("1599", "Ensure this value is greater than or equal to 1600."),
        ("2101", "Ensure this value is less than or equal to 2100."),
        ("99999999999999999999", "Ensure this value is less than or equal to 2100."),
    ],
)
@pytest.mark.parametrize("field", ["year", "year_min", "year_max"])
def test_a_year_filter_outside_the_years_a_study_may_have_is_a_400_naming_it(client_anon, chain, field, value, message):
    assert assert_json_error(client_anon.get("/api/studies/", {field: value}), 400) == {field: [message]}


def test_a_whole_year_filter_finds_the_studies_of_that_year(client_anon, chain):
    for query in ({"year": "2019"}, {"year_min": "2019", "year_max": "2019"}):
        body = client_anon.get("/api/studies/", query).json()
        assert [row["id"] for row in body["results"]] == [chain["study"].pk], query
    assert client_anon.get("/api/studies/", {"year": "2020"}).json()["results"] == []


def test_a_body_past_the_limit_is_told_of_the_endpoint_that_takes_files_only_where_a_page_is_sent(
    editor_token, chain, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    page = "Ketamine reduced cravings. " * 200
    # /api/articles/ reads JSON only (multipart is a 415): the advice names the intake endpoint.
    for response in (
        editor_token.post("/api/articles/", {"key": "long", "title": "t", "captured_text": page}, format="json"),
        editor_token.patch(f"/api/articles/{chain['article'].pk}/", {"captured_text": page}, format="json"),
    ):
        detail = assert_json_error(response, 400)["detail"]
        assert "larger than 2,000 bytes" in detail
        assert "as a file (multipart/form-data) to /api/articles/intake" in detail
    # The intake endpoint takes the file itself.
    detail = assert_json_error(editor_token.post("/api/articles/intake", {"text": page}, format="json"), 400)["detail"]
    assert "Send a long page as a file (multipart/form-data), which" in detail
    # Elsewhere no page is sent, and there is no file to send instead.
    response = editor_token.post("/api/references/check", {"references": [page]}, format="json")
    detail = assert_json_error(response, 400)["detail"]
    assert detail == "The request body is larger than 2,000 bytes."
