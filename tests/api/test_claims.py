"""Articles, claims, citations, links and flags: list, detail, nesting, filters, search."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_a_claim_carries_its_whole_evidence_chain(client_anon, chain):
    body = client_anon.get(f"/api/claims/{chain['claim'].pk}/").json()
    assert body["quote"] == factories.DEFAULT_QUOTE
    assert body["article"]["key"] == "health-site"
    assert body["substances"] == ["cocaine"]
    [link] = body["links"]
    assert link["stance"] == "partly"
    assert link["misfit_reasons"] == ["different_substance"]
    citation = link["citation"]
    assert citation["status"] == "verified"
    assert citation["status_reason"] == "Matched by DOI."
    assert citation["discrepancies"] == [{"field": "year", "written": "2020", "canonical": "2019"}]
    assert citation["study"]["doi"] == "10.1176/appi.ajp.2019.18101123"
    assert citation["study"]["api_url"] == f"http://testserver/api/studies/{chain['study'].pk}/"


def test_a_claim_shows_its_flags(client_anon, chain):
    body = client_anon.get(f"/api/claims/{chain['other_claim'].pk}/").json()
    assert [(f["code"], f["dismissed"]) for f in body["flags"]] == [("vague_attribution", False)]
    assert body["links"] == []


def test_the_claim_list_is_in_entry_order_and_cursor_paginated(client_anon, chain):
    body = client_anon.get("/api/claims/").json()
    assert [row["key"] for row in body["results"]] == ["reduced-cocaine", "safe"]
    assert "count" not in body
    first = client_anon.get("/api/claims/", {"page_size": 1}).json()
    assert [row["key"] for row in first["results"]] == ["reduced-cocaine"]
    second = client_anon.get(first["next"]).json()
    assert [row["key"] for row in second["results"]] == ["safe"]
    assert second["next"] is None


@pytest.fixture
def claims(chain):
    article2 = factories.make_article(key="clinic", title="Our ketamine clinic")
    promo = factories.make_claim(
        article2, claim_type="promotional", wording="categorical", substances=["alcohol"],
        computed_verdict="unsupported", computed_certainty="very_low", key="promo",
    )
    factories.make_flag(promo, code="no_citation")
    dismissed = factories.make_flag(promo, code="weak_design_only")
    dismissed.dismissed_at = dismissed.created_at
    dismissed.dismissed_reason = "Checked: the design is not the issue."
    dismissed.save()
    return {"cited": chain["claim"], "safe": chain["other_claim"], "promo": promo, "article2": article2}


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"verdict": "unsupported"}, ["promo"]),
        ({"verdict": ["unsupported", "not_assessed"]}, ["cited", "safe", "promo"]),
        ({"certainty": "very_low"}, ["promo"]),
        ({"claim_type": "safety"}, ["safe"]),
        ({"wording": "hedged"}, ["safe"]),
        ({"substance": "cocaine"}, ["cited"]),
        ({"flag": "no_citation"}, ["promo"]),
        ({"flag": "vague_attribution"}, ["safe"]),
        ({"flag": "weak_design_only"}, []),  # dismissed flags do not count
        ({"article_key": "clinic"}, ["promo"]),
        ({"overridden": "false", "claim_type": "efficacy"}, ["cited"]),
    ],
)
def test_the_claim_filters_select_the_expected_claims(client_anon, claims, query, expected):
    assert ids(client_anon.get("/api/claims/", query)) == [claims[k].pk for k in expected]


def test_filters_on_a_claims_own_columns_ask_for_no_distinct_rows(client_anon, claims):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client_anon.get("/api/claims/", {"verdict": "unsupported", "flag": "no_citation"})
    assert ids(response) == [claims["promo"].pk]
    listing = next(q["sql"] for q in queries.captured_queries if 'FROM "claims_claim"' in q["sql"])
    assert "DISTINCT" not in listing, listing


def test_a_claim_with_two_of_the_substances_asked_for_is_listed_once(client_anon, claims):
    claims["cited"].substances.add(factories.substance("alcohol"))  # it was about cocaine
    found = ids(client_anon.get("/api/claims/", {"substance": ["cocaine", "alcohol"]}))
    assert found.count(claims["cited"].pk) == 1
    assert len(found) == len(set(found))


def test_claims_filter_by_article_id_and_by_cited_study(client_anon, claims, chain):
    assert ids(client_anon.get("/api/claims/", {"article": claims["article2"].pk})) == [claims["promo"].pk]
    assert ids(client_anon.get("/api/claims/", {"study": chain["study"].pk})) == [claims["cited"].pk]


def test_searching_claims_looks_in_the_quote_and_the_article_title(client_anon, claims):
    assert ids(client_anon.get("/api/claims/", {"search": "safe for most"})) == [claims["safe"].pk]
    assert ids(client_anon.get("/api/claims/", {"search": "our ketamine clinic"})) == [claims["promo"].pk]


def test_claims_can_be_ordered_by_verdict(client_anon, claims):
    keys = [r["key"] for r in client_anon.get("/api/claims/", {"ordering": "-verdict"}).json()["results"]]
    assert keys[0] == "promo"


def test_the_article_list_leaves_out_the_text_and_the_detail_has_it(client_anon, chain):
    row = client_anon.get("/api/articles/").json()["results"][0]
    assert row["key"] == "health-site"
    assert "captured_text" not in row
    body = client_anon.get(f"/api/articles/{chain['article'].pk}/").json()
    assert body["captured_text"] == factories.DEFAULT_TEXT


def test_articles_are_searched_by_title(client_anon, claims, chain):
    response = client_anon.get("/api/articles/", {"search": "clinic"})
    assert [r["key"] for r in response.json()["results"]] == ["clinic"]


@pytest.fixture
def citations(chain):
    article = chain["article"]
    return {
        "verified": chain["citation"],
        "missing": factories.make_citation(article, key="ref-2", marker="[2]", status="not_found",
                                           raw_text="Smith J. Ketamine cures all. J Imag Med. 2021."),
        "inline": factories.make_citation(article, key="in-text", marker="", location="in_text",
                                          status="anonymous", raw_text="Study A, 30 participants"),
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"status": "not_found"}, ["missing"]),
        ({"status": ["not_found", "anonymous"]}, ["missing", "inline"]),
        ({"location": "in_text"}, ["inline"]),
        ({"has_study": "true"}, ["verified"]),
        ({"search": "cures all"}, ["missing"]),
    ],
)
def test_the_citation_filters_select_the_expected_citations(client_anon, citations, query, expected):
    assert ids(client_anon.get("/api/citations/", query)) == [citations[k].pk for k in expected]


def test_citations_filter_by_article_and_study(client_anon, citations, chain):
    assert ids(client_anon.get("/api/citations/", {"study": chain["study"].pk})) == [citations["verified"].pk]
    assert len(ids(client_anon.get("/api/citations/", {"article": chain["article"].pk}))) == 3
    assert ids(client_anon.get("/api/citations/", {"article": chain["article"].pk + 1000})) == []


def test_a_citation_detail_shows_its_study_and_flags(client_anon, citations):
    flag = factories.make_flag(citation=citations["missing"], code="citation_not_found")
    body = client_anon.get(f"/api/citations/{citations['missing'].pk}/").json()
    assert body["study"] is None
    assert [f["id"] for f in body["flags"]] == [flag.pk]
    verified = client_anon.get(f"/api/citations/{citations['verified'].pk}/").json()
    assert verified["study"]["label"] == "Dakwar & Levin 2019"


def test_links_filter_by_claim_and_stance(client_anon, chain):
    assert ids(client_anon.get("/api/links/", {"claim": chain["claim"].pk})) == [chain["link"].pk]
    assert ids(client_anon.get("/api/links/", {"stance": "supports"})) == []
    assert ids(client_anon.get("/api/links/", {"stance": "partly"})) == [chain["link"].pk]
    body = client_anon.get(f"/api/links/{chain['link'].pk}/").json()
    # A reference to another resource is its summary, with its id and addresses.
    assert body["claim"] == {
        "id": chain["claim"].pk,
        "api_url": f"http://testserver/api/claims/{chain['claim'].pk}/",
        "page_url": f"http://testserver/claims/{chain['claim'].pk}/",
        "key": chain["claim"].key,
        "quote": chain["claim"].quote,
    }
    assert body["citation"]["key"] == "ref-1"


def test_flags_filter_by_code_severity_dismissed_and_target(client_anon, claims, chain):
    all_flags = ids(client_anon.get("/api/flags/"))
    assert len(all_flags) == 3
    assert ids(client_anon.get("/api/flags/", {"code": "vague_attribution"})) == [chain["flag"].pk]
    assert len(ids(client_anon.get("/api/flags/", {"dismissed": "true"}))) == 1
    assert len(ids(client_anon.get("/api/flags/", {"dismissed": "false"}))) == 2
    assert ids(client_anon.get("/api/flags/", {"severity": "critical"})) == []
    assert len(ids(client_anon.get("/api/flags/", {"target": "claim"}))) == 3
    assert ids(client_anon.get("/api/flags/", {"target": "citation"})) == []
    assert len(ids(client_anon.get("/api/flags/", {"article": claims["article2"].pk}))) == 2


def test_one_articles_claims_can_be_listed_in_text_order(client_anon, chain):
    article = chain["article"]
    later_in_text = factories.make_claim(
        article, quote="A single infusion helped people with alcohol use disorder drink less [2].",
        key="aud",
    )
    earlier_in_text = factories.make_claim(article, quote="Ketamine significantly reduced cocaine use", key="short")
    response = client_anon.get("/api/claims/", {"article": article.pk, "ordering": "start"})
    keys = [row["key"] for row in response.json()["results"]]
    assert keys.index(earlier_in_text.key) < keys.index("safe") < keys.index(later_in_text.key)


def test_a_claim_list_item_is_lean_and_its_detail_has_the_verdicts_provenance(client_anon, chain):
    item = client_anon.get("/api/claims/").json()["results"][0]
    detail = client_anon.get(f"/api/claims/{chain['claim'].pk}/").json()
    assert "computed_verdict" not in item and "start" not in item
    assert set(item) < set(detail)
    assert (detail["start"], detail["end"]) == (0, len(factories.DEFAULT_QUOTE))
    assert detail["computed_verdict"] == "not_assessed"
    assert {k: v for k, v in detail.items() if k in item} == item


@pytest.mark.parametrize("ordering", ["id", "-id", "article_id", "start", "-verdict", "claim_type", "created_at", "-updated_at"])
def test_the_claim_cursor_pages_through_every_ordering(client_anon, claims, ordering):
    """The list reads claims as plain rows: the cursor takes its position from them."""
    everything = client_anon.get("/api/claims/", {"ordering": ordering}).json()["results"]
    assert len(everything) == 3
    seen, url, params = [], "/api/claims/", {"ordering": ordering, "page_size": 1}
    while url:
        body = client_anon.get(url, params).json()
        seen += [row["key"] for row in body["results"]]
        url, params = body["next"], None
    assert seen == [row["key"] for row in everything]


def test_a_list_item_shows_its_article_and_override_as_the_detail_does(client_anon, claims, editor_user):
    from claims.editing import overrides as verification

    verification.override_verdict(
        claim_id=claims["promo"].pk, user=editor_user, verdict="contradicted", rationale="Checked."
    )
    items = {row["key"]: row for row in client_anon.get("/api/claims/").json()["results"]}
    assert items["promo"]["is_overridden"] is True and items["safe"]["is_overridden"] is False
    assert items["promo"]["verdict"] == "contradicted"
    assert items["promo"]["article"] == {
        "id": claims["article2"].pk,
        "api_url": f"http://testserver/api/articles/{claims['article2'].pk}/",
        "key": "clinic",
        "title": "Our ketamine clinic",
        "publisher": claims["article2"].publisher,
    }
    for key, claim in claims.items():
        if key == "article2":
            continue
        detail = client_anon.get(f"/api/claims/{claim.pk}/").json()
        assert {k: v for k, v in detail.items() if k in items[claim.key]} == items[claim.key]
