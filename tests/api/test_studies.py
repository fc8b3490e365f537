"""Studies, outcomes and substances: list, detail, filters, search, ordering, pagination."""

import pytest

from tests import factories
from tests.plans import plan_of

pytestmark = pytest.mark.django_db


def ids(response):
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def library():
    """Four studies that differ on every filtered field."""
    return {
        "rct": factories.make_study(
            title="Ketamine for cocaine use disorder: a randomised trial",
            authors=[{"family": "Dakwar", "given": "E."}],
            year=2019, doi="10.1176/appi.ajp.2019.18101123", route_code="intravenous",
            substances=["cocaine"], design_code="randomized_controlled_trial", n=55,
        ),
        "open": factories.make_study(
            title="Ketamine-assisted psychotherapy for heroin addiction",
            authors=[{"family": "Krupitsky", "given": "E."}],
            year=2002, route_code="intramuscular", substances=["opioids"],
            design_code="open_label_trial", n=70,
        ),
        "review": factories.make_study(
            title="Ketamine in substance use disorders: a systematic review",
            authors=[{"family": "Jones", "given": "J. L."}],
            year=2018, doi="10.3389/fpsyt.2018.00277", substances=["alcohol", "cocaine"],
            design_code="systematic_review",
        ),
        "news": factories.make_study(
            title="What to know about ketamine clinics", authors=[{"literal": "Health News"}],
            year=None, source_kind="news_or_explainer", design_code="web_article",
        ),
    }


def test_the_study_list_shows_every_study_newest_first_with_unknown_years_last(client_anon, library):
    response = client_anon.get("/api/studies/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert ids(response) == [library[k].pk for k in ("rct", "review", "open", "news")]


def test_a_study_in_the_list_carries_its_label_substances_and_link(client_anon, library):
    row = client_anon.get("/api/studies/", {"doi": "10.1176/appi.ajp.2019.18101123"}).json()[
        "results"
    ][0]
    assert row["label"] == "Dakwar 2019"
    assert row["substances"] == ["cocaine"]
    assert row["api_url"] == f"http://testserver/api/studies/{library['rct'].pk}/"


def test_a_study_detail_includes_its_outcomes(client_anon, library):
    factories.make_outcome(library["rct"], measure="Cocaine abstinence", position=1)
    factories.make_outcome(library["rct"], measure="Craving", position=0)
    body = client_anon.get(f"/api/studies/{library['rct'].pk}/").json()
    assert body["title"] == "Ketamine for cocaine use disorder: a randomised trial"
    assert [o["measure"] for o in body["outcomes"]] == ["Craving", "Cocaine abstinence"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"design_code": "open_label_trial"}, ["open"]),
        ({"design_code": ["open_label_trial", "systematic_review"]}, ["review", "open"]),
        ({"substance": "cocaine"}, ["rct", "review"]),
        ({"substance": ["cocaine", "alcohol"]}, ["rct", "review"]),
        ({"year": 2002}, ["open"]),
        ({"year_min": 2010}, ["rct", "review"]),
        ({"year_min": 2000, "year_max": 2018}, ["review", "open"]),
        ({"source_kind": "news_or_explainer"}, ["news"]),
        ({"route_code": "intramuscular"}, ["open"]),
        ({"has_doi": "true"}, ["rct", "review"]),
        ({"has_doi": "false"}, ["open", "news"]),
        ({"doi": "https://doi.org/10.3389/FPSYT.2018.00277"}, ["review"]),
    ],
)
def test_the_study_filters_select_the_expected_studies(client_anon, library, query, expected):
    response = client_anon.get("/api/studies/", query)
    assert response.status_code == 200, response.json()
    assert ids(response) == [library[k].pk for k in expected]


@pytest.mark.parametrize(
    "term, expected",
    [("heroin", ["open"]), ("Krupitsky", ["open"]), ("10.1176/appi", ["rct"]), ("ketamine", ["rct", "review", "open", "news"])],
)
def test_searching_studies_looks_in_title_authors_and_doi(client_anon, library, term, expected):
    assert ids(client_anon.get("/api/studies/", {"search": term})) == [library[k].pk for k in expected]


def test_studies_can_be_ordered_by_sample_size(client_anon, library):
    response = client_anon.get("/api/studies/", {"ordering": "-n", "has_doi": "false"})
    assert ids(response) == [library["open"].pk, library["news"].pk]


def test_the_page_size_can_be_chosen_up_to_a_maximum(client_anon, library):
    body = client_anon.get("/api/studies/", {"page_size": 2}).json()
    assert len(body["results"]) == 2
    assert body["count"] == 4
    assert "page=2" in body["next"]


def test_a_page_size_past_the_maximum_is_capped(client_anon, library, monkeypatch):
    from core.api import PageNumberPagination

    monkeypatch.setattr(PageNumberPagination, "max_page_size", 3)
    body = client_anon.get("/api/studies/", {"page_size": 100000}).json()
    assert len(body["results"]) == 3


def test_the_outcome_list_filters_by_study(client_anon, library):
    mine = factories.make_outcome(library["rct"])
    factories.make_outcome(library["open"])
    response = client_anon.get("/api/outcomes/", {"study": library["rct"].pk})
    assert ids(response) == [mine.pk]
    study = client_anon.get(f"/api/outcomes/{mine.pk}/").json()["study"]
    assert (study["id"], study["api_url"]) == (library["rct"].pk, f"http://testserver/api/studies/{library['rct'].pk}/")


def test_substances_are_listed_by_code_and_name(client_anon):
    body = client_anon.get("/api/substances/").json()
    assert {"code": "alcohol", "name": "Alcohol"} in body
    assert len(body) == 8
    assert client_anon.get("/api/substances/opioids/").json() == {"code": "opioids", "name": "Opioids"}


@pytest.mark.parametrize("ordering", [None, "-n", "title", "-year"])
def test_paging_through_the_studies_gives_each_once_in_the_lists_order(client_anon, ordering):
    # Ties on year and title, unknown years and sizes: the id settles each tie.
    for year, title, n in [
        (2020, "B", 10), (2020, "A", None), (None, "C", 5), (2019, "A", 10), (2020, "A", 7),
        (None, "A", None), (2021, "Z", 3),
    ]:  # fmt: skip
        factories.make_study(year=year, title=title, n=n)
    params = {"page_size": 2, **({"ordering": ordering} if ordering else {})}
    whole = ids(client_anon.get("/api/studies/", {**params, "page_size": 50}))
    paged, page = [], 1
    while True:
        body = client_anon.get("/api/studies/", {**params, "page": page}).json()
        paged += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
        page += 1
    assert len(whole) == 7
    assert paged == whole


def test_postgresql_walks_the_library_order_index_for_a_page_of_studies(postgresql):
    from studies.models import Study
    from studies.selectors import STUDY_ORDER

    factories.make_study()
    sql, params = Study.objects.order_by(*STUDY_ORDER).values_list("pk", flat=True)[500:550].query.sql_with_params()
    plan = plan_of(sql, params)
    assert "study_list_order" in plan, plan
    # A page past the middle is read from the end: the same index, walked backward.
    backward = Study.objects.order_by(*STUDY_ORDER).reverse().values_list("pk", flat=True)[500:550]
    plan = plan_of(*backward.query.sql_with_params())
    assert "study_list_order" in plan, plan


@pytest.mark.parametrize("page_size", [1, 2, 3, 50])
def test_every_page_from_either_end_holds_the_rows_a_whole_list_holds_there(client_anon, page_size):
    # Pages past the middle are read from the end: the same rows as reading from the start,
    # with ties on year and title, unknown years, and a last page short of a full one.
    for year, title in [(2020, "B"), (2020, "A"), (None, "C"), (2019, "A"), (2020, "A"), (None, "A"), (2021, "Z")]:
        factories.make_study(year=year, title=title)
    whole = ids(client_anon.get("/api/studies/", {"page_size": 50}))
    pages = -(-len(whole) // page_size)
    for number in range(1, pages + 1):
        body = client_anon.get("/api/studies/", {"page_size": page_size, "page": number}).json()
        assert [row["id"] for row in body["results"]] == whole[(number - 1) * page_size : number * page_size], number


def test_substances_are_searched_and_ordered_like_every_other_list(client_anon, library):
    names = [s["code"] for s in client_anon.get("/api/substances/", {"search": "coca"}).json()]
    assert names == ["cocaine"]
    by_code = [s["code"] for s in client_anon.get("/api/substances/", {"ordering": "-code"}).json()]
    assert by_code == sorted(by_code, reverse=True) and len(by_code) > 1
    assert client_anon.get("/api/substances/", {"ordering": "bogus"}).status_code == 400
