"""The OpenAPI schema validates, describes the endpoints, and the docs load no CDN."""

import io

import pytest
from django.core.management import call_command

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_schema_validates_with_no_warnings():
    out = io.StringIO()
    # --fail-on-warn turns any warning (an unannotated field, a clashing enum) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert out.getvalue().startswith("openapi: 3.0.3")


def test_the_schema_served_at_api_schema_lists_the_key_paths(client_anon):
    response = client_anon.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path in [
        "/api/studies/", "/api/studies/{id}/", "/api/studies/export/", "/api/outcomes/",
        "/api/substances/", "/api/articles/", "/api/claims/", "/api/claims/{id}/",
        "/api/claims/{id}/override/", "/api/claims/export/", "/api/citations/", "/api/links/",
        "/api/flags/", "/api/flags/{id}/dismiss/", "/api/references/check",
    ]:
        assert path in paths, path
    assert set(paths["/api/claims/{id}/override/"]) == {"post", "delete"}
    claim_filters = {p["name"] for p in paths["/api/claims/"]["get"]["parameters"]}
    assert {"verdict", "certainty", "flag", "claim_type", "substance", "wording", "article",
            "search", "ordering", "cursor", "page_size"} <= claim_filters
    study_filters = {p["name"] for p in paths["/api/studies/"]["get"]["parameters"]}
    assert {"design_code", "substance", "year", "year_min", "year_max", "source_kind",
            "route_code", "has_doi", "page", "page_size"} <= study_filters
    exports = paths["/api/studies/export/"]["get"]["responses"]["200"]["content"]
    assert set(exports) == {
        "application/vnd.citationstyles.csl+json", "application/x-research-info-systems",
        "application/x-bibtex", "text/csv",
    }
    check = paths["/api/references/check"]["post"]
    assert check["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ReferenceCheckResponse"
    )
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_the_claim_schema_nests_links_citations_and_studies(client_anon):
    components = client_anon.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    assert components["Claim"]["properties"]["links"]["items"]["$ref"].endswith("/ClaimLink")
    assert components["ClaimLink"]["properties"]["citation"]["allOf"][0]["$ref"].endswith("/CitationSummary")
    assert "discrepancies" in components["CitationSummary"]["properties"]


def test_the_docs_page_loads_its_assets_from_our_static_files_not_a_cdn(client_anon):
    response = client_anon.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "https://" not in html and "http://" not in html
    from django.contrib.staticfiles import finders

    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


def test_removing_an_override_is_documented_as_the_200_it_answers(client_anon, editor_token, chain):
    schema = client_anon.get("/api/schema/?format=json").json()
    codes = list(schema["paths"]["/api/claims/{id}/override/"]["delete"]["responses"])
    assert [code for code in codes if code.startswith("2")] == ["200"]
    response = editor_token.delete(f"/api/claims/{chain['claim'].pk}/override/")
    assert response.status_code == 200


def test_blank_choices_and_null_values_read_back_are_in_the_schema(client_anon):
    schemas = client_anon.get("/api/schema/?format=json").json()["components"]["schemas"]
    certainty = schemas["ClaimListItem"]["properties"]["certainty"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in certainty["oneOf"]
    stance = schemas["Link"]["properties"]["stance"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in stance["oneOf"]
    assert schemas["Flag"]["properties"]["dismissed_by"]["nullable"] is True
    assert schemas["Article"]["properties"]["captured_at"]["nullable"] is True


def test_each_list_page_is_named_for_its_resource_once(client_anon):
    schema = client_anon.get("/api/schema/?format=json").json()
    names = set(schema["components"]["schemas"])
    assert {"ClaimPage", "StudyPage", "ArticlePage", "CitationPage", "LinkPage", "FlagPage", "OutcomePage"} <= names
    assert not [name for name in names if name.startswith("Paginated") or "ListList" in name]
    listed = schema["paths"]["/api/claims/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert listed == {"$ref": "#/components/schemas/ClaimPage"}
    assert schema["components"]["schemas"]["ClaimPage"]["properties"]["results"]["items"] == {
        "$ref": "#/components/schemas/ClaimListItem"
    }


def test_a_reference_to_another_resource_is_its_summary_when_read_and_its_id_when_written(client_anon):
    schemas = client_anon.get("/api/schema/?format=json").json()["components"]["schemas"]
    assert schemas["Outcome"]["properties"]["study"]["allOf"] == [{"$ref": "#/components/schemas/StudySummary"}]
    assert schemas["OutcomeRequest"]["properties"]["study"]["type"] == "integer"
    assert schemas["Link"]["properties"]["claim"]["allOf"] == [{"$ref": "#/components/schemas/ClaimSummary"}]
    assert schemas["Link"]["properties"]["citation"]["allOf"] == [{"$ref": "#/components/schemas/CitationSummary"}]
    assert schemas["LinkWriteRequest"]["properties"]["claim"]["type"] == "integer"
    for name in ("claim", "citation"):
        assert "$ref" in str(schemas["Flag"]["properties"][name]), name


def test_every_operation_documents_the_errors_it_can_answer(client_anon):
    schema = client_anon.get("/api/schema/?format=json").json()
    claims = schema["paths"]["/api/claims/{id}/"]
    assert {"400", "401", "404", "429"} <= set(claims["get"]["responses"])
    assert {"403", "412", "415"} <= set(claims["patch"]["responses"])
    assert "412" not in schema["paths"]["/api/claims/"]["post"]["responses"]
    error = claims["patch"]["responses"]["412"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/Error"}
    # Any operation may be asked for a format it does not give; a flag has no version to
    # be stale against.
    assert "406" in claims["get"]["responses"] and "406" in schema["paths"]["/api/studies/export/"]["get"]["responses"]
    assert "412" not in schema["paths"]["/api/flags/{id}/dismiss/"]["post"]["responses"]


def test_an_accept_header_the_api_cannot_satisfy_is_a_documented_406(client_anon, chain):
    response = client_anon.get(f"/api/claims/{chain['claim'].pk}/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert response.json()["detail"] == "Could not satisfy the request Accept header."


def test_the_schema_says_anyone_may_read_and_only_editors_may_write(client_anon):
    paths = client_anon.get("/api/schema/", {"format": "json"}).json()["paths"]
    # Anonymous reads work (the README says so); a GET that listed only the token and the
    # session told clients they needed one.
    for path in ("/api/claims/", "/api/claims/{id}/", "/api/studies/", "/api/citations/"):
        assert {} in paths[path]["get"]["security"], path
    assert {} not in paths["/api/claims/{id}/"]["put"]["security"]
    assert {} not in paths["/api/studies/"]["post"]["security"]


def test_the_reference_check_schema_says_the_list_may_not_be_empty(client_anon):
    schemas = client_anon.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    references = schemas["ReferenceCheckRequest"]["properties"]["references"]
    assert references["minItems"] == 1 and references["maxItems"] == 500
    assert client_anon.post("/api/references/check", {"references": []}, format="json").json() == {
        "references": ["This list may not be empty."]
    }


def test_the_schema_lists_the_fields_each_list_sorts_by(client_anon):
    paths = client_anon.get("/api/schema/", {"format": "json"}).json()["paths"]
    ordering = next(p for p in paths["/api/studies/"]["get"]["parameters"] if p["name"] == "ordering")
    assert ordering["schema"]["type"] == "array"
    assert (ordering["style"], ordering["explode"]) == ("form", False)
    assert set(ordering["schema"]["items"]["enum"]) == {
        "year", "-year", "title", "-title", "n", "-n", "created_at", "-created_at",
        "updated_at", "-updated_at", "id", "-id",
    }
    claims = next(p for p in paths["/api/claims/"]["get"]["parameters"] if p["name"] == "ordering")
    assert "-verdict" in claims["schema"]["items"]["enum"]
    assert "title" not in claims["schema"]["items"]["enum"]


def test_a_comma_separated_ordering_from_the_schema_sorts_by_each_field(client_anon):
    for year, title in [(2019, "B"), (2021, "C"), (2019, "A"), (2021, "A")]:
        factories.make_study(year=year, title=title)
    response = client_anon.get("/api/studies/", {"ordering": "-year,title"})
    assert response.status_code == 200
    rows = [(s["year"], s["title"]) for s in response.json()["results"]]
    assert rows == [(2021, "A"), (2021, "C"), (2019, "A"), (2019, "B")]


def test_the_schema_gives_the_bounds_a_study_and_an_outcome_are_kept_within(client_anon):
    # It said a year was any of 0 to 2^63-1, and a p-value any number.
    schemas = client_anon.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    for name in ("StudyRequest", "PatchedStudyRequest"):
        year = schemas[name]["properties"]["year"]
        assert (year["minimum"], year["maximum"]) == (1600, 2100), name
    for name in ("OutcomeRequest", "PatchedOutcomeRequest"):
        p_value = schemas[name]["properties"]["p_value"]
        assert (p_value["minimum"], p_value["maximum"]) == (0, 1), name


def test_the_schema_says_a_year_filter_is_a_whole_number_within_the_years_a_study_may_have(client_anon):
    paths = client_anon.get("/api/schema/", {"format": "json"}).json()["paths"]
    for path in ("/api/studies/", "/api/studies/export/"):
        parameters = {p["name"]: p for p in paths[path]["get"]["parameters"]}
        for name in ("year", "year_min", "year_max"):
            assert parameters[name]["schema"] == {"type": "integer", "minimum": 1600, "maximum": 2100}, (path, name)


@pytest.mark.parametrize("path", ["/api/studies/", "/api/outcomes/", "/api/claims/", "/api/flags/"])
def test_the_schema_says_a_page_size_is_a_whole_number_from_1_and_what_a_larger_one_gives(client_anon, path):
    paths = client_anon.get("/api/schema/", {"format": "json"}).json()["paths"]
    page_size = next(p for p in paths[path]["get"]["parameters"] if p["name"] == "page_size")
    assert page_size["schema"] == {"type": "integer", "minimum": 1}
    assert page_size["description"] == "Rows per page, 50 unless given; a number past 200 gives pages of 200."


def test_the_intake_schema_documents_a_page_already_taken_in_as_a_200_with_what_was_not_applied(
    client_anon,
):
    schema = client_anon.get("/api/schema/", {"format": "json"}).json()
    responses = schema["paths"]["/api/articles/intake"]["post"]["responses"]
    assert "already taken in" in responses["200"]["description"]
    answers = schema["components"]["schemas"]["IntakeProposalOrSaved"]["oneOf"]
    assert [a["$ref"].rsplit("/", 1)[1] for a in answers] == ["IntakeProposal", "IntakeSaved"]
    saved = schema["components"]["schemas"]["IntakeSaved"]["properties"]
    assert {"already_taken_in", "added", "not_applied", "detail"} <= set(saved)
    assert responses["201"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/IntakeSaved"
    )


def test_every_error_an_operation_lists_says_its_json_body(client_anon):
    # A response without `content` says there is no body: a client (and schemathesis) then
    # checks nothing of the JSON the API sends.
    paths = client_anon.get("/api/schema/?format=json").json()["paths"]
    bare = [
        f"{method.upper()} {path} {code}"
        for path, operations in paths.items()
        for method, operation in operations.items()
        for code, response in operation.get("responses", {}).items()
        if int(code) >= 400 and "application/json" not in response.get("content", {})
    ]
    assert bare == []
    check = paths["/api/references/check"]["post"]["responses"]
    assert check["429"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "Retry-After" in check["429"]["headers"]
    assert "410" in paths["/api/flags/{id}/restore/"]["post"]["responses"]


def test_the_intake_schema_says_what_a_proposal_and_a_saved_article_hold(client_anon):
    schema = client_anon.get("/api/schema/?format=json").json()
    responses = schema["paths"]["/api/articles/intake"]["post"]["responses"]
    schemas = schema["components"]["schemas"]
    answer = responses["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    proposal = schemas[answer]["oneOf"][0]
    saved = responses["201"]["content"]["application/json"]["schema"]
    assert {"text", "references", "markers", "citations", "claims", "captured", "article", "already_saved",
            "saved_citations", "saved_claims"} <= set(schemas[proposal["$ref"].rsplit("/", 1)[1]]["properties"])
    assert {"article", "claims", "citations"} <= set(schemas[saved["$ref"].rsplit("/", 1)[1]]["properties"])
    # Its 400s are often a field's messages, not `detail`.
    assert "`detail`" not in responses["400"]["description"] or "field" in responses["400"]["description"]
