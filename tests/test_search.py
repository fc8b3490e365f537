"""Search: one function per model (claims.selectors.search_claims,
studies.selectors.search_studies), used by the pages and the API alike.

On PostgreSQL it is full-text search on a stored, weighted, GIN-indexed `search_vector`
that database triggers keep up to date; those tests take the `postgresql` fixture, so they
are skipped on the SQLite default and fail in CI if CI ever lost its PostgreSQL. The tests
without it hold on both databases.
"""

import re

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models.functions import Now
from django.test import Client
from rest_framework.test import APIClient

from claims.models import Claim, SourceArticle
from claims.selectors import search_claims
from core.search import ignored_words, substring_terms
from studies.models import Study
from studies.selectors import search_studies
from tests.factories import make_article, make_claim, make_study

pytestmark = pytest.mark.django_db

TEXT = (
    "Ketamine reduced cocaine use in a small trial. "
    "Alcohol and cocaine were both used less. "
    "Use of cocaine was reduced after one infusion."
)


def found(queryset):
    return [row.pk for row in queryset]


@pytest.fixture
def claims():
    article = make_article(title="Plain title", captured_text=TEXT)
    return {
        "trial": make_claim(article, quote="Ketamine reduced cocaine use in a small trial."),
        "alcohol": make_claim(article, quote="Alcohol and cocaine were both used less."),
        "infusion": make_claim(article, quote="Use of cocaine was reduced after one infusion."),
    }


def vector_of(row):
    row.refresh_from_db(fields=["search_vector"])
    return row.search_vector


def weights(vector):
    """{lexeme: its weights} from a tsvector's text form, e.g. "'heroin':5A 'dose':9C"."""
    return {
        lexeme: set(re.findall(r"[A-D]", positions))
        for lexeme, positions in re.findall(r"'([^']+)':(\S+)", vector)
    }


# --- Claims, PostgreSQL ------------------------------------------------------------------


def test_a_search_for_reduces_finds_claims_that_say_reduced(postgresql, claims):
    assert set(found(search_claims(query="reduces"))) == {
        claims["trial"].pk,
        claims["infusion"].pk,
    }


def test_websearch_syntax_excludes_minus_words_and_keeps_quoted_phrases_together(
    postgresql, claims
):
    assert set(found(search_claims(query="cocaine -alcohol"))) == {
        claims["trial"].pk,
        claims["infusion"].pk,
    }
    # The same three words in another order ("Use of cocaine was reduced") are no match.
    assert found(search_claims(query='"reduced cocaine use"')) == [claims["trial"].pk]
    assert set(found(search_claims(query="alcohol OR infusion"))) == {
        claims["alcohol"].pk,
        claims["infusion"].pk,
    }


def test_a_match_in_the_quote_ranks_above_one_in_the_title_above_one_in_the_rationale(postgresql):
    text = "Ketamine cured drinkers. Something else entirely."
    in_quote = make_claim(make_article(title="Plain title", captured_text=text), quote="Ketamine cured drinkers.")
    in_title = make_claim(
        make_article(title="The cure nobody tested", captured_text=text), quote="Something else entirely."
    )
    in_rationale = make_claim(
        make_article(title="Plain title", captured_text=text),
        quote="Something else entirely.",
        computed_verdict="unsupported",
        computed_rationale="The article says ketamine cures people; it cites no source.",
    )
    results = list(search_claims(query="cure"))
    assert [c.pk for c in results] == [in_quote.pk, in_title.pk, in_rationale.pk]
    assert results[0].search_rank > results[1].search_rank > results[2].search_rank > 0


def test_the_stored_vector_is_the_weighted_vector_of_quote_title_and_rationale(postgresql, claims):
    # The triggers' SQL (migration 0004) and the weights documented on search_claims must
    # not drift apart: compare with the same vector computed by Django's expressions.
    expression = (
        SearchVector("quote", weight="A", config="english")
        + SearchVector("article__title", weight="B", config="english")
        + SearchVector("rationale", weight="C", config="english")
    )
    rows = Claim.objects.annotate(expected=expression).values_list("search_vector", "expected")
    assert len(rows) == 3
    for stored, expected in rows:
        assert stored == expected


def stored_and_recomputed_vectors():
    expression = (
        SearchVector("quote", weight="A", config="english")
        + SearchVector("article__title", weight="B", config="english")
        + SearchVector("rationale", weight="C", config="english")
    )
    return list(Claim.objects.annotate(expected=expression).values_list("search_vector", "expected"))


def test_a_new_rationale_alone_gives_the_vector_computed_whole(postgresql, claims):
    # The trigger keeps the quote's and title's part and appends the new rationale's.
    Claim.objects.filter(pk=claims["trial"].pk).update(
        rationale="Its one study is a small open-label trial; the words reduced and cocaine again."
    )
    Claim.objects.filter(pk=claims["alcohol"].pk).update(rationale="First rationale.")
    Claim.objects.filter(pk=claims["alcohol"].pk).update(rationale="")
    for stored, expected in stored_and_recomputed_vectors():
        assert stored == expected
    assert found(search_claims(query="open-label")) == [claims["trial"].pk]
    assert found(search_claims(query="first")) == []


def test_a_claim_moved_to_another_article_takes_that_articles_title(postgresql, claims):
    other = make_article(title="Infusions of hope", captured_text=TEXT)
    Claim.objects.filter(pk=claims["trial"].pk).update(article=other, rationale="Moved.")
    for stored, expected in stored_and_recomputed_vectors():
        assert stored == expected
    assert found(search_claims(query="hope")) == [claims["trial"].pk]


def test_writing_a_claims_text_unchanged_leaves_its_vector_alone(postgresql, claims):
    # A batch writes the rationale of every claim it changes, changed or not: the vector is
    # not computed again for those whose text is the same. A marker shows it was not.
    claim = claims["trial"]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE claims_claim SET search_vector = to_tsvector('english', 'marker') WHERE id = %s",
            [claim.pk],
        )
    Claim.objects.filter(pk=claim.pk).update(quote=claim.quote, rationale=claim.rationale, version=2)
    assert vector_of(claim) == "'marker':1"
    Claim.objects.filter(pk=claim.pk).update(rationale="Changed.")
    assert "'chang':" in vector_of(claim) and "marker" not in vector_of(claim)


def test_editing_a_claims_quote_updates_its_vector_and_its_history(postgresql, claims):
    claim = claims["alcohol"]
    versions = claim.history.count()
    claim.quote = "Use of cocaine was reduced after one infusion."
    claim.start = TEXT.index(claim.quote)
    claim.end = claim.start + len(claim.quote)
    claim.save()

    assert claim.history.count() == versions + 1
    assert claim.pk not in found(search_claims(query="alcohol"))
    assert claim.pk in found(search_claims(query="infusion"))
    # History rows do not carry the derived vector.
    assert not hasattr(claim.history.model, "search_vector")


def test_renaming_an_article_updates_the_vectors_of_its_claims_and_nothing_else(
    postgresql, claims
):
    article = claims["trial"].article
    assert found(search_claims(query="naltrexone")) == []
    before = {
        c.pk: (c.updated_at, c.history.count()) for c in Claim.objects.filter(article=article)
    }

    article.title = "Naltrexone news"
    article.save()

    assert set(found(search_claims(query="naltrexone"))) == set(before)
    assert article.history.count() == 2
    # The claims did not change, only their vectors: no new history row, same updated_at.
    after = {c.pk: (c.updated_at, c.history.count()) for c in Claim.objects.filter(article=article)}
    assert after == before


def test_renaming_an_article_through_the_api_updates_its_claims_vectors(postgresql, claims, editor):
    client = APIClient()
    client.force_authenticate(editor)
    article = claims["trial"].article
    response = client.patch(f"/api/articles/{article.pk}/", {"title": "Naltrexone news"}, format="json")
    assert response.status_code == 200, response.content
    assert len(found(search_claims(query="naltrexone"))) == 3


def test_writes_that_bypass_save_keep_the_vector_too(postgresql, claims):
    # QuerySet.update() and bulk_create skip save() and simple-history: the triggers don't.
    Claim.objects.filter(pk=claims["trial"].pk).update(rationale="Nobody measured craving.")
    assert found(search_claims(query="craving")) == [claims["trial"].pk]

    article = claims["trial"].article
    quote = "Alcohol and cocaine were both used less."
    start = TEXT.index(quote)
    [bulk] = Claim.objects.bulk_create(
        [Claim(article=article, key="bulk", quote=quote, start=start, end=start + len(quote),
               claim_type="efficacy", wording="categorical")]
    )
    assert vector_of(bulk)
    assert bulk.pk in found(search_claims(query="alcohol"))

    SourceArticle.objects.filter(pk=article.pk).update(title="Esketamine explained")
    assert len(found(search_claims(query="esketamine"))) == 4


def test_the_api_searches_claims_by_full_text_and_keeps_the_lists_order(postgresql, claims):
    response = APIClient().get("/api/claims/", {"search": "reduces"})
    assert response.status_code == 200, response.content
    # Ordered by id, as the list always is (a cursor cannot page by rank).
    assert [row["id"] for row in response.json()["results"]] == [
        claims["trial"].pk,
        claims["infusion"].pk,
    ]


# --- Studies -------------------------------------------------------------------------------


@pytest.fixture
def library():
    return {
        "rct": make_study(
            title="Ketamine infusion for cocaine use disorder: a randomised trial",
            authors=[{"family": "Dakwar", "given": "Elias"}],
            container_title="American Journal of Psychiatry",
            doi="10.1176/appi.ajp.2019.18101123",
            pmid="31230464",
            year=2019,
        ),
        "heroin": make_study(
            title="Ketamine psychotherapy for heroin addiction",
            authors=[{"family": "Krupitsky", "given": "Evgeny"}],
            container_title="Journal of Substance Abuse Treatment",
            abstract="Patients who received a higher dose stayed abstinent for longer.",
            year=2002,
        ),
        "news": make_study(
            title="What ketamine clinics promise",
            authors=[],
            container_title="Daily Paper",
            abstract="Clinics sell infusion packages; no trial backs them, randomised or not.",
            year=2024,
            source_kind="news_or_explainer",
        ),
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        ("heroin", ["heroin"]),  # title
        ("Krupitsky", ["heroin"]),  # authors
        ("daily paper", ["news"]),  # journal
        ("abstinent", ["heroin"]),  # abstract
        ("ketamine -clinics", ["rct", "heroin"]),
        ('"randomised trial"', ["rct"]),
        ("10.1176/appi", ["rct"]),  # the beginning of a DOI
        ("10.1176", ["rct"]),  # a publisher's part of its DOIs
        ("10.1176/", ["rct"]),
        ("10.1080", []),
        ("https://doi.org/10.1176/APPI.AJP.2019.18101123", ["rct"]),
        ("31230464", ["rct"]),  # a PMID
        ("zebra", []),
    ],
)
def test_studies_are_found_by_title_authors_journal_abstract_doi_or_pmid(library, query, expected):
    assert set(found(search_studies(query=query))) == {library[k].pk for k in expected}


def test_the_api_searches_studies_with_the_same_function(library):
    response = APIClient().get("/api/studies/", {"search": "abstinent"})
    assert [row["id"] for row in response.json()["results"]] == [library["heroin"].pk]


def test_a_blank_search_changes_nothing(library):
    everything = Study.objects.order_by("pk")
    assert search_studies(query="  ", queryset=everything) is everything
    assert found(search_claims(query="")) == found(Claim.objects.all())


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ('""', ([], [])),
        ('" "', ([], [])),
        ('-""', ([], [])),
        ('"', ([], [])),
        ('"" ketamine', (["ketamine"], [])),
        ('ketamine ""cocaine', (["ketamine", "cocaine"], [])),
        ('"ketamine  use" -"" -alcohol', (["ketamine use"], ["alcohol"])),
        # An unclosed quote runs to the end, as websearch_to_tsquery reads it.
        ('trial "cocaine use', (["trial", "cocaine use"], [])),
    ],
)
def test_quotes_are_read_as_the_web_search_syntax_reads_them(query, terms):
    assert substring_terms(query) == terms


@pytest.mark.parametrize("query", ['""', '" "', "-", '-""', "OR", "the", '"of the"', "-the", "The OR a"])
def test_a_search_with_no_term_in_it_changes_nothing(library, claims, query):
    assert found(search_claims(query=query)) == found(Claim.objects.all())
    assert sorted(found(search_studies(query=query))) == sorted(found(Study.objects.all()))
    response = APIClient().get("/api/claims/", {"search": query})
    assert len(response.json()["results"]) == 3


def test_stop_words_are_left_out_of_a_search_on_both_databases(library, claims):
    assert substring_terms('the cocaine -"of the" "in a small trial"') == (
        ["cocaine", "in a small trial"], []
    )
    assert found(search_claims(query="the cocaine")) == found(search_claims(query="cocaine"))
    assert found(search_claims(query="the cocaine")) != []


def test_the_words_left_out_of_a_search_are_named_once_each():
    assert ignored_words('The ketamine -"of the" the !!! trial') == ["The", "of the", "!!!"]
    assert ignored_words("ketamine trial") == []


def test_the_claims_page_says_which_words_it_did_not_search_for(library, claims):
    page = Client().get("/claims/", {"q": "the cocaine"}).content.decode()
    assert "Not searched for: “the”" in page
    assert "Not searched for" not in Client().get("/claims/", {"q": "cocaine"}).content.decode()


def test_the_claims_page_ranks_its_matches_without_joining_every_article(claims):
    # Joined, PostgreSQL hashed the whole article table to rank a search's few hundred
    # matches; the page's own articles are read by key instead.
    captured = []

    def capture(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        page = Client().get("/claims/", {"q": "cocaine"}).content.decode()
    assert "Plain title" in page
    # The query that reads the page's claims (their quotes among its columns).
    rows = [sql for sql in captured if '"claims_claim"."quote", ' in sql]
    assert rows and not any("JOIN" in sql for sql in rows), rows


def test_a_study_search_stems_words_and_ranks_titles_above_abstracts(postgresql, library):
    # "infusions" finds "infusion"; the title match (weight A) beats the abstract's (C).
    assert found(search_studies(query="infusions")) == [library["rct"].pk, library["news"].pk]


def test_editing_a_study_updates_its_vector(postgresql, library):
    study = library["heroin"]
    study.title = "Ketamine-assisted psychotherapy for opioid dependence"
    study.save()
    assert found(search_studies(query="heroin")) == []
    assert found(search_studies(query="opioid")) == [study.pk]

    # Authors are JSON; a write that bypasses save() (and history) still reaches the vector.
    Study.objects.filter(pk=study.pk).update(authors=[{"family": "Jovaisa"}], updated_at=Now())
    assert found(search_studies(query="Krupitsky")) == []
    assert found(search_studies(query="Jovaisa")) == [study.pk]
    assert study.history.count() == 2


def test_a_study_search_vector_is_weighted_title_a_authors_and_journal_b_abstract_c(
    postgresql, library
):
    found_weights = weights(vector_of(library["heroin"]))
    assert found_weights["heroin"] == {"A"}  # title
    assert found_weights["evgeni"] == {"B"}  # an author's given name
    assert found_weights["substanc"] == {"B"}  # journal
    assert found_weights["abstin"] == {"C"}  # abstract
    assert found_weights["ketamin"] == {"A"}


def test_the_api_keeps_the_study_lists_order_when_searching(postgresql, library):
    # Newest first, as without a search (rank orders the pages, not the API).
    response = APIClient().get("/api/studies/", {"search": "ketamine"})
    assert [row["id"] for row in response.json()["results"]] == [
        library["news"].pk,
        library["rct"].pk,
        library["heroin"].pk,
    ]


# --- The GIN indexes -----------------------------------------------------------------------


def test_the_search_vectors_have_gin_indexes(postgresql):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_indexes "
            "WHERE indexdef LIKE '%%USING gin (search_vector)%%' ORDER BY tablename"
        )
        assert [table for (table,) in cursor.fetchall()] == ["claims_claim", "studies_study"]


def explain_without_sequential_scans(queryset):
    """The plan of a query when sequential scans are ruled out: a test table has a handful
    of rows, which PostgreSQL rightly reads whole; this shows the query can use an index at
    all. bench/bench_search.py shows the plan it picks on its own at 100,000 claims."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


def test_a_claim_search_reads_the_gin_index(postgresql, claims):
    # The search first lists a rare word's few matches: that query reads the index.
    captured = []

    def capture(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        found_ids = found(search_claims(query="infusion"))
    assert found_ids == [claims["infusion"].pk]
    sql, params = next((sql, params) for sql, params in captured if "@@" in sql)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on claims_claim_search_vector_gin" in plan, plan


def test_a_search_for_a_word_many_claims_hold_is_not_listed_first(postgresql, claims, monkeypatch):
    from claims import selectors

    monkeypatch.setattr(selectors, "FEW_MATCHES", 2)
    # Three claims say "cocaine": more than "few", so the list is filtered as it is read.
    assert "@@" in str(search_claims(query="cocaine").query)
    assert "@@" not in str(search_claims(query="infusion").query)  # one: listed by id
    assert sorted(found(search_claims(query="cocaine"))) == sorted(c.pk for c in claims.values())


def test_a_study_search_reads_the_gin_index(postgresql, library):
    plan = explain_without_sequential_scans(search_studies(query="infusion"))
    assert "Bitmap Index Scan on studies_study_search_vector_gin" in plan, plan


# --- A bounded ranking -------------------------------------------------------------------


def test_a_bounded_search_keeps_only_the_newest_matches(claims):
    newest_two = search_claims(query="cocaine", best_of=2)
    assert sorted(found(newest_two)) == sorted([claims["alcohol"].pk, claims["infusion"].pk])


def test_a_bounded_search_keeps_the_newest_matches_not_the_newest_claims(claims):
    # The trial is the only claim saying "trial": the bound counts matches, not claims.
    assert found(search_claims(query="trial", best_of=1)) == [claims["trial"].pk]


def test_a_bound_that_holds_every_match_keeps_the_ranked_order(postgresql, claims):
    ranked = found(search_claims(query="reduced cocaine", best_of=10))
    assert sorted(ranked) == sorted([claims["trial"].pk, claims["infusion"].pk])
    assert ranked == found(search_claims(query="reduced cocaine"))


def test_a_bounded_search_reads_the_newest_claims_off_the_primary_key_in_order(postgresql, claims):
    captured = []

    def capture(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        found(search_claims(query="infusion", best_of=1000))
    sql, params = next((sql, params) for sql, params in captured if "AS r(id, vector)" in sql)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan Backward using claims_claim_pkey" in plan, plan


def test_a_bounded_search_finds_a_word_the_newest_claims_lack_in_older_ones(postgresql, claims, monkeypatch):
    from claims import selectors

    monkeypatch.setattr(selectors, "RECENT_WINDOW", 1)  # only the newest claim is read first
    # Common: the newest claim holds it.
    assert found(search_claims(query="cocaine", best_of=1)) == [claims["infusion"].pk]
    # Rarer: the newest claim lacks it, so the index finds the older one.
    assert found(search_claims(query="trial", best_of=1)) == [claims["trial"].pk]
    assert found(search_claims(query="zebra", best_of=1)) == []


def test_a_word_the_newest_claims_lack_is_read_off_the_index_without_a_longer_look(postgresql, claims, monkeypatch):
    from claims import selectors

    monkeypatch.setattr(selectors, "FIRST_WINDOW", 1)  # a glance at the newest claim
    monkeypatch.setattr(selectors, "RECENT_WINDOW", 1000)
    windows = []

    def count_windows(execute, sql, params, many, context):
        windows.extend([sql] if "AS r(id, vector)" in sql else [])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count_windows):
        # The newest claim lacks "trial": the index finds the older one, no longer look.
        assert found(search_claims(query="trial", best_of=5)) == [claims["trial"].pk]
        assert len(windows) == 1
        # It holds "cocaine": the newest claims are read further for more of its matches.
        every = sorted(found(search_claims(query="cocaine")))
        windows.clear()
        assert sorted(found(search_claims(query="cocaine", best_of=5))) == every
        assert len(windows) == 2
