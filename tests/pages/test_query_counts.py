"""Every page runs a fixed number of SQL queries, whatever the number of rows it shows.

Each test renders the page over a small data set, then over one ten times larger (more
articles, claims, citations, links, flags, studies and outcomes), and asserts the same count
both times; the pinned count makes a new query visible in review.
"""

import pytest
from django.urls import reverse

from claims.models import Claim
from tests.factories import make_link
from tests.pages.conftest import build_article

pytestmark = pytest.mark.django_db


def scenario(n_claims):
    """An article of `n_claims` claims whose references all point at one study, and whose
    first claim leans on every reference: the pages of that article, that claim and that
    study all grow with `n_claims`."""
    article, claims = build_article(n_claims, shared_study=True)
    first = claims[0]
    for citation in article.citations.exclude(links__claim=first):
        make_link(first, citation, stance="supports")
    assert first.links.count() == n_claims
    return article, first, first.links.first().citation.study


PAGES = {
    # name: (expected queries, url builder)
    "home": (7, lambda a, c, s: reverse("home")),
    # The map's counts (2), its largest studies (2), the links' size and their claims per cell.
    "evidence_map": (6, lambda a, c, s: reverse("evidence_map")),
    "article_list": (5, lambda a, c, s: reverse("article_list")),
    "article_detail": (4, lambda a, c, s: reverse("article_detail", args=[a.pk])),
    "claim_list": (6, lambda a, c, s: reverse("claim_list")),
    "claim_list_filtered": (
        # The list's 6, the article chosen, the search's newest matches (2), and the
        # articles of the page, read by key rather than joined to the ranked claims.
        10,
        lambda a, c, s: reverse("claim_list")
        + f"?article={a.pk}&verdict=overstated&flag=weak_design_only&substance=alcohol&q=abstinent",
    ),
    "claim_list_citing_a_cell": (
        6,
        lambda a, c, s: reverse("claim_list") + "?cited_substance=alcohol&cited_design=randomized_controlled_trial",
    ),
    "claim_detail": (6, lambda a, c, s: reverse("claim_detail", args=[c.pk])),
    "study_list": (3, lambda a, c, s: reverse("study_list")),
    "study_detail": (4, lambda a, c, s: reverse("study_detail", args=[s.pk])),
    "flagged_citations": (6, lambda a, c, s: reverse("flagged_citations")),
}


@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_the_data(client, django_assert_num_queries, name):
    expected, url_for = PAGES[name]
    for n_claims in (3, 30):
        url = url_for(*scenario(n_claims))
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200
    assert Claim.objects.count() == 33


def flagged_scenario(n_articles):
    """`n_articles` articles of ten citations each, every status but verified in turn, each
    citation leaning two claims and every other one matched to a study."""
    from claims.pages.views import NOT_VERIFIED
    from tests.factories import make_article, make_citation, make_claim, make_study

    for a in range(n_articles):
        quotes = [f"Ketamine claim {a}-{i}." for i in range(20)]
        article = make_article(title=f"Article {a}", captured_text=" ".join(quotes))
        for i in range(10):
            citation = make_citation(
                article,
                status=NOT_VERIFIED[(a + i) % len(NOT_VERIFIED)][0],
                study=make_study() if i % 2 else None,
            )
            for quote in quotes[2 * i : 2 * i + 2]:
                make_link(make_claim(article, quote=quote), citation)


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, 6),
        ({"status": "not_found"}, 6),
        ({"article_title": "Article"}, 6),
        ({"page": 2}, 6),
        ({"article": "first"}, 7),  # and the article chosen, checked and named
    ],
)
def test_the_flagged_citations_page_runs_the_same_queries_for_any_page_size_and_any_rows(
    client, django_assert_num_queries, monkeypatch, params, expected
):
    from claims.models import Citation, SourceArticle
    from claims.pages import views

    for n_articles, per_page in ((3, 2), (12, 2), (12, 40)):
        flagged_scenario(n_articles - SourceArticle.objects.count())
        if params.get("article") == "first":
            params = {**params, "article": SourceArticle.objects.order_by("id").first().pk}
        monkeypatch.setattr(views, "CITATIONS_PER_PAGE", per_page)
        with django_assert_num_queries(expected):
            response = client.get(reverse("flagged_citations"), params)
        assert response.status_code == 200
        # A full page, or what is left of the rows filtered (none here is verified).
        rows = Citation.objects.filter(
            **{f"{name}_id" if name == "article" else name: value
               for name, value in params.items() if name in ("status", "article")}
        ).count()
        skipped = per_page * (params.get("page", 1) - 1)
        shown = response.content.decode().count('<p class="ref-text">')
        assert shown == min(per_page, rows - skipped), (n_articles, per_page, shown)
    assert Citation.objects.count() == 120
