"""Every list endpoint and export runs the same number of SQL queries for 3 rows as for 30:
nested data is fetched with joins and prefetches, never row by row."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def build(n):
    """n claims in one article, each leaning on its own citation of its own study, each
    study with an outcome and a substance, each claim and citation with a flag."""
    quotes = [f"Claim number {i} says ketamine works." for i in range(n)]
    article = factories.make_article(captured_text=" ".join(quotes))
    for i, quote in enumerate(quotes):
        study = factories.make_study(title=f"Study {i}", substances=["alcohol", "opioids"])
        factories.make_outcome(study)
        claim = factories.make_claim(article, quote=quote, substances=["alcohol"])
        citation = factories.make_citation(article, study=study, status="verified", marker=f"[{i}]")
        factories.make_link(claim, citation, stance="supports")
        factories.make_flag(claim, code="weak_design_only")
        factories.make_flag(citation=citation, code="citation_metadata_mismatch")
    # Each article is one row in the article list: give it n rows too.
    for _ in range(n - 1):
        factories.make_article()


# path -> queries. Page-number lists count (1) and fetch (1) plus one per prefetch; cursor
# lists only fetch. The numbers are exact so that a new N+1 shows up as a failure here.
ENDPOINTS = {
    "/api/studies/": 4,  # count, the page's ids, its studies, substances
    "/api/outcomes/": 2,  # count, outcomes
    "/api/substances/": 1,
    "/api/articles/": 2,  # count, articles
    "/api/claims/": 4,  # claims+article, substances, links+citation+study, flags
    "/api/citations/": 2,  # citations+article+study, flags
    "/api/links/": 1,  # links+citation+study+user
    "/api/flags/": 1,  # flags+user
    "/api/studies/export.ris": 2,  # studies, substances
    "/api/studies/export.csv": 2,
    "/api/claims/export.csv": 5,
    "/api/claims/export.jsonld": 5,
}


@pytest.mark.parametrize("n", [3, 30])
@pytest.mark.parametrize("path", list(ENDPOINTS))
def test_a_list_endpoint_runs_a_fixed_number_of_queries(client_anon, django_assert_num_queries, path, n):
    build(n)
    with django_assert_num_queries(ENDPOINTS[path]):
        response = client_anon.get(path, {"page_size": 100})
        response.getvalue()  # an export runs its queries while it is sent
    assert response.status_code == 200
    if "export" not in path and path != "/api/substances/":
        assert len(response.json()["results"]) >= n  # every row came back on one page
