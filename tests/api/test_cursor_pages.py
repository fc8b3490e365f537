"""The cursor lists (claims, citations, links, flags), walked forwards and back in every
order they allow: every row once, and back the way they came."""

import base64
import json

import pytest

from claims.api.citations import CitationViewSet, LinkViewSet
from claims.api.claims import ClaimViewSet
from claims.api.flags import FlagViewSet
from claims.models import Citation
from tests import factories

pytestmark = pytest.mark.django_db

LISTS = {
    "/api/claims/": ClaimViewSet, "/api/citations/": CitationViewSet,
    "/api/links/": LinkViewSet, "/api/flags/": FlagViewSet,
}  # fmt: skip
MAX_PAGES = 100


@pytest.fixture
def many(chain):
    """Enough rows that pages end in the middle of runs of equal values."""
    article = factories.make_article(key="second-site", title="Another page on ketamine")
    for n in range(7):
        claim = factories.make_claim(
            article, key=f"c{n}", claim_type="efficacy" if n % 3 else "safety",
            computed_verdict="unsupported" if n % 2 else "supported",
        )  # fmt: skip
        citation = factories.make_citation(article, key=f"r{n}", marker=f"[{n + 1}]", position=n + 1,
                                           status="not_found" if n % 2 else "unchecked")  # fmt: skip
        factories.make_link(claim, citation)
        factories.make_flag(claim, code="no_citation" if n % 2 else "weak_design_only")
    return article


def walk(client, url, params, direction):
    """Every page's ids, following `next` (then, from the last page, `previous`)."""
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    pages = []
    for _ in range(MAX_PAGES):
        body = response.json()
        pages.append([row["id"] for row in body["results"]])
        if not body[direction]:
            return pages, body
        response = client.get(body[direction])
        assert response.status_code == 200, response.content
    raise AssertionError(f"still a {direction} page after {MAX_PAGES}: the cursor goes round in circles")


@pytest.mark.parametrize("url", LISTS)
def test_every_order_pages_through_every_row_once_and_back_again(client_anon, many, url):
    everything = [row["id"] for row in client_anon.get(url, {"page_size": 200}).json()["results"]]
    assert len(everything) >= 8
    for field in LISTS[url].ordering_fields:
        for ordering in (field, f"-{field}"):
            params = {"ordering": ordering, "page_size": 3}
            forward, last = walk(client_anon, url, params, "next")
            seen = [i for page in forward for i in page]
            assert sorted(seen) == sorted(everything), (url, ordering)
            assert seen == [row["id"] for row in client_anon.get(url, {"ordering": ordering, "page_size": 200}).json()["results"]]
            # From the last page back to the first: the same pages, in reverse.
            back = [[row["id"] for row in last["results"]]]
            response = last
            while response["previous"]:
                response = client_anon.get(response["previous"]).json()
                back.append([row["id"] for row in response["results"]])
            assert back[::-1] == forward, (url, ordering)


def test_a_run_of_equal_values_longer_than_any_offset_is_paged_through(client_anon, chain):
    # DRF's cursor counted the rows that tie on the sort field by offset, which it caps at
    # 1,000: past that, `next` led to the same page again and again.
    article = chain["article"]
    Citation.objects.bulk_create(
        Citation(article=article, key=f"bulk-{n}", raw_text=f"Reference {n}.", location="reference_list",
                 position=100 + n, status="unchecked")
        for n in range(2_100)
    )  # fmt: skip
    total = Citation.objects.count()
    pages, _last = walk(client_anon, "/api/citations/", {"ordering": "status", "page_size": 200}, "next")
    seen = [i for page in pages for i in page]
    assert len(seen) == len(set(seen)) == total


def test_a_cursor_this_list_did_not_write_is_a_404(client_anon, chain):
    written = [
        {"k": ["1"], "r": 0},  # for an ordering of one field
        {"k": ["supported", "xx"], "r": 0},  # an id that is no number
        {"k": ["supported", str(10**30)], "r": 0},  # a number no column holds
        {"k": ["supported", "1"], "r": 2},
        {"k": ["supported", None], "r": 0},
    ]
    cursors = ["abc", *(base64.urlsafe_b64encode(json.dumps(c).encode()).decode() for c in written)]
    for cursor in cursors:
        response = client_anon.get("/api/claims/", {"cursor": cursor, "ordering": "verdict"})
        assert response.status_code == 404, cursor


def _cursor(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode()


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_a_cursor_at_a_moment_before_year_one_or_after_9999_in_utc_is_a_404(client_anon, chain, moment):
    # The database keeps times in UTC: converting these overflowed, a 500.
    for url in ("/api/claims/", "/api/flags/"):
        for reverse in (0, 1):
            cursor = _cursor({"k": [moment, "1"], "r": reverse, "o": "created_at,id"})
            response = client_anon.get(url, {"cursor": cursor, "ordering": "created_at"})
            assert response.status_code == 404, (url, reverse)


def test_a_cursor_written_for_another_ordering_is_a_404(client_anon, many):
    first = client_anon.get("/api/claims/", {"ordering": "-start", "page_size": 2}).json()
    cursor = first["next"].split("cursor=")[1].split("&")[0]

    assert client_anon.get("/api/claims/", {"ordering": "-start", "page_size": 2, "cursor": cursor}).status_code == 200
    # Its key is a position and an id: read as a verdict and an id it was taken for page one.
    response = client_anon.get("/api/claims/", {"ordering": "verdict", "page_size": 2, "cursor": cursor})
    assert response.status_code == 404
