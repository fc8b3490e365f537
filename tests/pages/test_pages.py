"""The public pages: known content from factory data, filters, search, errors, escaping."""

import json
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from studies.models import Study
from tests.factories import (
    make_article,
    make_citation,
    make_claim,
    make_flag,
    make_link,
    make_outcome,
    make_study,
    make_user,
)
from tests.pages.conftest import build_article
from tests.plans import plan_of

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def json_ld(response):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html(response), re.S)
    return json.loads(match.group(1)) if match else None


# --- home --------------------------------------------------------------------------------


def test_home_shows_counts_scorecards_and_what_the_research_found(client):
    article, claims = build_article(3, title="Ketamine cures everything")
    make_study(title="Unknown size study", n=None, design_code="case_series", substances=("opioids",))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = html(response)
    # 1 article, 3 claims, 3 citations, 4 studies
    assert re.search(r"<strong>1</strong> articles", page)
    assert re.search(r"<strong>3</strong> claims", page)
    assert re.search(r"<strong>4</strong> studies", page)
    # Scorecard by accuracy: two misleading (claims 1 and 3) and one accurate, as text.
    assert "Ketamine cures everything" in page
    assert "Misleading: <strong>2</strong> (67%)" in page
    assert "Accurate: <strong>1</strong> (33%)" in page
    assert "Metadata mismatch: <strong>2</strong> (67%)" in page
    # What the research found, per substance, in words: build_article's three alcohol
    # studies each favour the intervention on their first (primary) outcome.
    summary = re.sub(r"<[^>]+>", "", page[page.index('class="evidence-summary"'):])
    summary = re.sub(r"\s+", " ", summary)
    assert "Alcohol: 3 studies — 3 favours the intervention" in summary
    assert "Opioids: 1 study — 1 no outcome on record" in summary
    assert f'href="{reverse("evidence_map")}"' in page


def test_the_evidence_map_places_each_study_by_design_and_substance_and_what_it_found(client):
    article, claims = build_article(2)
    make_study(title="Unknown size study", n=None, design_code="case_series", substances=("opioids",))
    page = html(client.get(reverse("evidence_map")))
    study = claims[0].links.first().citation.study
    # One linked circle per study, its words saying what it found.
    assert page.count('<a class="emark f-benefit"') == 2
    assert page.count('<a class="emark f-not_reported hollow"') == 1
    assert f'href="{reverse("study_detail", args=[study.pk])}"' in page
    assert escape(f"{study.short_label}, N = {study.n}: favours the intervention on abstinence") in page
    # Designs are the rows (with the row header), substances the columns.
    assert '<th scope="row">Randomised controlled trial</th>' in page
    assert '<th scope="row">Case series</th>' in page
    assert re.search(r'<th scope="col" id="substance-alcohol">Alcohol<span class="emap-total">2 studies', page)
    # Each cell leads to its studies and to the claims leaning on them.
    assert "?substance=alcohol&amp;design=randomized_controlled_trial&amp;source_kind=peer_reviewed_article" in page
    assert '?cited_substance=alcohol&amp;cited_design=randomized_controlled_trial">2 claims' in page


def test_the_claims_behind_a_map_cell_are_those_citing_a_study_of_both_its_substance_and_design(client):
    build_article(2)
    article = make_article(captured_text="Ketamine helps opioid users.")
    other = make_claim(article, quote="Ketamine helps opioid users.", substances=("opioids",))
    report = make_study(design_code="case_report", substances=("alcohol", "opioids"))
    make_link(other, make_citation(article, study=report, status="verified"))
    url = reverse("claim_list")
    listed = html(client.get(url + "?cited_substance=alcohol&cited_design=randomized_controlled_trial"))
    assert "2 claims match" in listed and "Ketamine helps opioid users." not in listed
    listed = html(client.get(url + "?cited_substance=opioids&cited_design=case_report"))
    assert "1 claim matches" in listed and "Ketamine helps opioid users." in listed
    assert client.get(url + "?cited_design=nonsense").status_code == 400


def test_the_claim_page_shows_the_outcome_the_claim_speaks_of(client):
    article, claims = build_article(1)
    study = claims[0].links.first().citation.study
    other = make_article(captured_text="Ketamine cut drinking days in half.")
    claim = make_claim(other, quote="Ketamine cut drinking days in half.")
    make_link(claim, make_citation(other, study=study, status="verified"))
    page = re.sub(r"\s+", " ", html(client.get(reverse("claim_detail", args=[claim.pk]))))
    assert "What it measured</strong> <span class=\"muted\">(the outcome the claim names)" in page
    assert "<strong>Drinking days</strong> (week 5): Mean difference -3.0 (95% CI -5.0 to -1.0)" in page
    assert "<strong>Abstinence</strong>" not in page
    # A claim naming no outcome shows the study's headline outcome, and says why.
    vague = make_article(captured_text="Ketamine works.")
    claim = make_claim(vague, quote="Ketamine works.")
    make_link(claim, make_citation(vague, study=study, status="verified"))
    page = re.sub(r"\s+", " ", html(client.get(reverse("claim_detail", args=[claim.pk]))))
    assert escape("the study's headline outcome: its primary outcome") in page
    assert "<strong>Abstinence</strong> (week 5): Odds ratio 2.5" in page


def test_the_claim_page_compares_a_study_cited_twice_under_each_citation(client, django_assert_num_queries):
    study = make_study(n=40, substances=["alcohol", "opioids"])
    article = make_article(captured_text="A trial of 90 drinkers found ketamine works.")
    claim = make_claim(article, quote="A trial of 90 drinkers found ketamine works.")
    for position in (1, 2):
        make_link(claim, make_citation(article, study=study, status="verified", position=position))
    with django_assert_num_queries(6):
        response = client.get(reverse("claim_detail", args=[claim.pk]))
    page = re.sub(r"\s+", " ", html(response))
    assert response.status_code == 200
    assert page.count('<th scope="row">Participants</th><td>90</td><td>N=40</td>') == 2


def test_the_claim_page_names_the_editors_who_judged_dismissed_and_overrode(client):
    judge, dismisser, overrider = (make_user(name, editor=True) for name in ("ed-judge", "ed-dismiss", "ed-over"))
    when = datetime(2026, 3, 4, tzinfo=UTC)
    claim = make_claim(override_verdict="unsupported", overridden_by=overrider, overridden_at=when)
    citation = make_citation(claim.article, study=make_study(), status="verified")
    make_link(claim, citation, stance="supports", judged_by=judge, judged_at=when)
    make_flag(claim, dismissed_by=dismisser, dismissed_at=when, dismissed_reason="Checked.")
    make_flag(citation=citation, dismissed_by=None, dismissed_at=when, dismissed_reason="Old.")
    page = re.sub(r"\s+", " ", html(client.get(reverse("claim_detail", args=[claim.pk]))))
    assert "<strong>An editor set this verdict</strong> (ed-over, 4 March 2026)" in page
    assert '<span class="muted small">by ed-judge, 4 March 2026</span>' in page
    assert "Dismissed by ed-dismiss on 4 March 2026: Checked." in page
    # A flag whose dismisser's account was since deleted.
    assert "Dismissed by an editor on 4 March 2026: Old." in page


def test_a_study_page_draws_arm_proportions_where_there_is_no_estimate(client):
    study = make_study(n=211)
    make_outcome(study, measure="Total abstinence", effect_measure="", estimate=None, ci_low=None, ci_high=None,
                 p_value_text="<0.01", arms=[{"label": "KPT", "value": "65.8% (73/111)", "n": 111},
                                             {"label": "controls", "value": "24% (24/100)", "n": 100}])
    page = html(client.get(reverse("study_detail", args=[study.pk])))
    assert '<span style="width: 65.8%"></span>' in page and '<span style="width: 24.0%"></span>' in page
    assert "On the evidence map:" in page and "Favours the intervention</strong> on total abstinence" in page


def test_a_study_whose_outcome_states_no_direction_is_not_said_to_have_no_outcome(client):
    study = make_study(n=40, substances=("alcohol",))
    make_outcome(study, measure="Craving", direction="")
    page = html(client.get(reverse("study_detail", args=[study.pk])))
    assert "Direction not reported</strong> on craving" in page
    assert "No outcome on record" not in page
    page = html(client.get(reverse("evidence_map")))
    assert page.count('<a class="emark f-not_stated"') == 1
    assert re.search(r'f-not_stated" style="[^"]*"></span> Direction not reported \(1\)', page)
    assert "No outcome on record" not in page


def test_home_with_nothing_in_it_says_so(client):
    page = html(client.get(reverse("home")))
    assert "No article has been added yet." in page
    assert "nothing to map" in page


# --- article -----------------------------------------------------------------------------


def test_article_page_highlights_every_claim_and_lists_references(client):
    article, claims = build_article(3)
    response = client.get(reverse("article_detail", args=[article.pk]))
    page = html(response)
    assert page.count("<mark ") == 3
    for claim in claims:
        assert f'id="claim-{claim.pk}" class="claim verdict-{claim.accuracy}"' in page
        assert f'href="{reverse("claim_detail", args=[claim.pk])}"' in page
    assert 'class="badge status-metadata_mismatch">Metadata mismatch' in page
    assert "Year differs." in page
    assert "The text, with its 3 claims highlighted" in page


def test_article_text_with_script_is_escaped(client):
    text = "Intro <script>alert('x')</script> and <img src=x onerror=alert(1)>. Ketamine heals."
    article = make_article(captured_text=text, title="<b>Bold</b> title")
    make_claim(article, quote="<img src=x onerror=alert(1)>")
    page = html(client.get(reverse("article_detail", args=[article.pk])))
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>Bold" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_unknown_article_is_404(client):
    assert client.get(reverse("article_detail", args=[999999])).status_code == 404


def test_article_list_shows_each_article(client):
    build_article(1, title="First article")
    build_article(1, title="Second article")
    page = html(client.get(reverse("article_list")))
    assert "First article" in page and "Second article" in page


def test_a_javascript_url_is_never_linked(client):
    article = make_article(url="javascript:alert(1)")
    page = html(client.get(reverse("article_detail", args=[article.pk])))
    assert "javascript:" not in page
    assert "address not known" in page


# --- claims list -------------------------------------------------------------------------


@pytest.fixture
def varied_claims():
    text = (
        "Ketamine cured alcohol addiction in every patient. "
        "Opioid withdrawal was milder with ketamine infusions. "
        "Cocaine craving fell after one session."
    )
    article = make_article(captured_text=text, title="Varied claims")
    other = make_article(title="Another article")
    alcohol = make_claim(
        article, quote="Ketamine cured alcohol addiction in every patient.",
        substances=("alcohol",), computed_verdict="overstated", claim_type="efficacy",
    )
    opioids = make_claim(
        article, quote="Opioid withdrawal was milder with ketamine infusions.",
        substances=("opioids",), computed_verdict="supported", claim_type="safety",
    )
    cocaine = make_claim(
        article, quote="Cocaine craving fell after one session.",
        substances=("cocaine",), computed_verdict="unverifiable", claim_type="efficacy",
    )
    elsewhere = make_claim(other, computed_verdict="supported")
    make_flag(claim=alcohol, code="wording_stronger_than_evidence", message="Says every patient.")
    citation = make_citation(article, status="not_found")
    make_link(cocaine, citation)
    make_flag(citation=citation, code="citation_not_found", message="No such work.")
    make_flag(
        claim=opioids, code="no_citation", message="No source.",
        dismissed_at=datetime(2026, 1, 2, tzinfo=UTC), dismissed_reason="Cited in the next line.",
    )
    return {"article": article, "other": other, "alcohol": alcohol, "opioids": opioids,
            "cocaine": cocaine, "elsewhere": elsewhere}


def listed(response):
    """Ids of the claims a list page shows, in order."""
    return [int(pk) for pk in re.findall(r'<p class="quote"><a href="/claims/(\d+)/"', html(response))]


def test_claims_list_filters(client, varied_claims):
    c = varied_claims
    url = reverse("claim_list")
    assert set(listed(client.get(url))) == {c["alcohol"].pk, c["opioids"].pk, c["cocaine"].pk, c["elsewhere"].pk}
    assert listed(client.get(url, {"article": c["article"].pk})) == [c["alcohol"].pk, c["opioids"].pk, c["cocaine"].pk]
    assert listed(client.get(url, {"verdict": "overstated"})) == [c["alcohol"].pk]
    assert listed(client.get(url, {"claim_type": "safety"})) == [c["opioids"].pk]
    assert listed(client.get(url, {"substance": "cocaine"})) == [c["cocaine"].pk]
    assert listed(client.get(url, {"flag": "wording_stronger_than_evidence"})) == [c["alcohol"].pk]
    # A flag on a citation the claim leans on counts; a dismissed flag does not.
    assert listed(client.get(url, {"flag": "citation_not_found"})) == [c["cocaine"].pk]
    assert listed(client.get(url, {"flag": "no_citation"})) == []
    # Filters combine.
    assert listed(client.get(url, {"verdict": "supported", "article": c["other"].pk})) == [c["elsewhere"].pk]
    # Empty values mean "any", as a submitted form sends them.
    assert len(listed(client.get(url, {"verdict": "", "flag": "", "q": ""}))) == 4


def test_claims_search_finds_words_in_quotes_and_titles(client, varied_claims):
    c = varied_claims
    url = reverse("claim_list")
    assert listed(client.get(url, {"q": "withdrawal"})) == [c["opioids"].pk]
    assert set(listed(client.get(url, {"q": "ketamine"}))) >= {c["alcohol"].pk, c["opioids"].pk}
    assert set(listed(client.get(url, {"q": "varied"}))) == {c["alcohol"].pk, c["opioids"].pk, c["cocaine"].pk}
    assert listed(client.get(url, {"q": "cocaine craving", "verdict": "unverifiable"})) == [c["cocaine"].pk]
    assert listed(client.get(url, {"q": "zebra"})) == []
    assert "No claim matches these filters" in html(client.get(url, {"q": "zebra"}))
    # websearch syntax: -word excludes, "a phrase" is kept together (on both databases).
    assert set(listed(client.get(url, {"q": "ketamine -cocaine"}))) == {c["alcohol"].pk, c["opioids"].pk}
    assert listed(client.get(url, {"q": '"cocaine craving"'})) == [c["cocaine"].pk]
    # An empty phrase is no word to look for: every claim, as for an empty search.
    assert len(listed(client.get(url, {"q": '""'}))) == 4


def test_a_search_that_reaches_the_ranking_bound_says_so(client, varied_claims, monkeypatch):
    from claims import selectors

    url = reverse("claim_list")
    every_match = listed(client.get(url, {"q": "ketamine"}))
    assert len(every_match) > 2
    monkeypatch.setattr(selectors, "RANKED_MATCHES", 2)
    page = html(client.get(url, {"q": "ketamine"}))
    assert "2 claims match for “ketamine”." in page
    assert "A search ranks the 2 newest matching claims: add words or filters" in page
    assert sorted(listed(client.get(url, {"q": "ketamine"}))) == sorted(every_match)[-2:]
    assert "newest matching claims" not in html(client.get(url, {"q": "withdrawal"}))


def test_postgresql_search_stems_words_and_ranks_quotes_first(client, postgresql):
    article = make_article(captured_text="Ketamine cured drinkers. Something else entirely.", title="Plain title")
    in_rationale = make_claim(
        article, quote="Something else entirely.", computed_verdict="unsupported",
        computed_rationale="The article says ketamine cured people; no source.",
    )
    in_quote = make_claim(article, quote="Ketamine cured drinkers.")
    assert listed(client.get(reverse("claim_list"), {"q": "cure"})) == [in_quote.pk, in_rationale.pk]


def test_claims_list_shows_active_flags_only(client, varied_claims):
    page = html(client.get(reverse("claim_list"), {"article": varied_claims["article"].pk}))
    assert "Wording stronger than the evidence" in page
    assert 'class="chip severity-warning">No citation' not in page


@pytest.mark.parametrize(
    "params, words",
    [
        ({"verdict": "bogus"}, "There is no verdict “bogus”"),
        ({"flag": "nope"}, "There is no flag “nope”"),
        ({"claim_type": "x"}, "There is no type of claim “x”"),
        ({"substance": "caffeine"}, "There is no substance “caffeine”"),
        ({"article": "999999"}, "There is no article"),
        ({"article": "abc"}, "There is no article"),
        ({"page": "two"}, "Give a whole number"),
        ({"page": "0"}, "Page"),
        ({"q": "x" * 201}, "Search claims"),
    ],
)
def test_claims_list_bad_params_are_400_with_a_message(client, params, words):
    response = client.get(reverse("claim_list"), params)
    assert response.status_code == 400
    assert words in html(response)


def test_claims_list_paginates(client):
    build_article(3)
    from claims.pages import views

    original = views.CLAIMS_PER_PAGE
    views.CLAIMS_PER_PAGE = 2
    try:
        first = client.get(reverse("claim_list"))
        second = client.get(reverse("claim_list"), {"page": 2})
        assert len(listed(first)) == 2 and len(listed(second)) == 1
        assert "Page 1 of 2" in html(first) and 'rel="next" href="?page=2"' in html(first)
        assert client.get(reverse("claim_list"), {"page": 3}).status_code == 404
    finally:
        views.CLAIMS_PER_PAGE = original


def test_claim_text_with_script_is_escaped_in_lists(client):
    article = make_article(captured_text="Ketamine <script>alert(1)</script> works.")
    make_claim(article, quote="Ketamine <script>alert(1)</script> works.")
    page = html(client.get(reverse("claim_list")))
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- claim detail ------------------------------------------------------------------------


@pytest.fixture
def chain():
    text = (
        "Background sentence.\n\nStudies show ketamine cured 90% of drinkers [1]. "
        "It was given by mouth.\n\nAnother paragraph."
    )
    article = make_article(captured_text=text, title="Ketamine miracle", url="https://example.org/miracle")
    editor = make_user("edith", editor=True)
    claim = make_claim(
        article, quote="Studies show ketamine cured 90% of drinkers [1].", substances=("alcohol",),
        computed_verdict="supported", computed_certainty="low", computed_rationale="Machine says yes.",
    )
    claim.override_verdict = "overstated"
    claim.override_certainty = "low"
    claim.override_rationale = "One trial of 40 people, IV not oral."
    claim.overridden_by = editor
    claim.overridden_at = datetime(2026, 2, 3, tzinfo=UTC)
    claim.save()
    study = make_study(
        title="A single ketamine infusion for alcohol use disorder", n=40, route_code="intravenous",
        route="IV", dose="0.71 mg/kg", comparator="", follow_up="", substances=("alcohol",),
        doi="10.1176/appi.ajp.2020.20030278", pmid="33167675",
    )
    make_outcome(study, measure="Abstinent days", effect_measure="OR", estimate=2.5, ci_low=1.2, ci_high=5.0)
    citation = make_citation(
        article, marker="[1]", study=study, status="metadata_mismatch",
        status_reason="Year and pages differ from the record.",
        discrepancies=[{"field": "year", "written": "2019", "canonical": "2020"},
                       {"field": "pages", "written": "", "canonical": "1-9"}],
    )
    make_link(claim, citation, stance="partly", misfit_reasons=["different_route"],
              rationale="The trial gave ketamine intravenously.", judged_by=editor)
    make_flag(claim=claim, code="wording_stronger_than_evidence", severity="warning", message="Says 90% of drinkers.")
    make_flag(
        claim=claim, code="vague_attribution", severity="info", message="Says 'studies show'.",
        dismissed_by=editor, dismissed_at=datetime(2026, 2, 4, tzinfo=UTC),
        dismissed_reason="It names its study in [1].",
    )
    make_flag(citation=citation, code="citation_metadata_mismatch", message="Year differs: 2019 vs 2020.")
    return {"article": article, "claim": claim, "study": study, "citation": citation}


def test_claim_detail_shows_the_whole_chain(client, chain):
    response = client.get(reverse("claim_detail", args=[chain["claim"].pk]))
    page = html(response)
    # The quote in its paragraph, not the neighbouring paragraphs.
    assert 'verdict-overstated">Studies show ketamine cured 90% of drinkers [1].</mark> It was given by mouth.' in page
    assert "Another paragraph" not in page and "Background sentence" not in page
    # Verdict, certainty, rationale, the override with who and when, and the computed verdict.
    assert 'class="badge verdict-overstated">Overstated' in page
    assert "Low" in page and "One trial of 40 people, IV not oral." in page
    assert "edith" in page and "3 February 2026" in page and "Machine says yes." in page
    # The citation as written, its status, reason and discrepancies.
    assert "Metadata mismatch" in page and "Year and pages differ from the record." in page
    assert re.search(r"<th scope=\"row\">Year</th><td>2019</td><td>2020</td>", page)
    assert re.search(r"<th scope=\"row\">Pages</th><td><span class=\"unknown\">not written</span></td><td>1-9</td>", page)
    # The study: design, N, route, dose; unknown fields read "not confirmed".
    assert "A single ketamine infusion for alcohol use disorder" in page
    assert "40 participants" in page and "Intravenous (IV)" in page and "0.71 mg/kg" in page
    assert re.search(r"<dt>Comparator</dt><dd><span class=\"unknown\">not confirmed</span>", page)
    assert re.search(r"<dt>Follow-up</dt><dd><span class=\"unknown\">not confirmed</span>", page)
    # The editor's stance, misfit and rationale.
    assert "Partly supports" in page and "Different route of administration" in page
    assert "The trial gave ketamine intravenously." in page
    # Flags, the dismissed one shown as such with its reason.
    assert "Says 90% of drinkers." in page and "Year differs: 2019 vs 2020." in page
    assert "Dismissed" in page and "It names its study in [1]." in page


def test_claim_detail_embeds_a_claim_review(client, chain):
    response = client.get(reverse("claim_detail", args=[chain["claim"].pk]))
    data = json_ld(response)
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == chain["claim"].quote
    assert data["author"]["name"] == "Ketamine Evidence"
    assert data["itemReviewed"]["@type"] == "Claim"
    assert data["itemReviewed"]["appearance"]["url"] == "https://example.org/miracle"
    # The editor's "overstated" stands for the accuracy too: misleading.
    assert data["reviewRating"]["alternateName"] == "Misleading"
    assert data["reviewRating"]["ratingValue"] == 2
    assert data["url"].endswith(reverse("claim_detail", args=[chain["claim"].pk]))


def test_json_ld_with_script_in_the_quote_stays_inside_its_block(client):
    text = "Ketamine </script><script>alert(1)</script> works."
    article = make_article(captured_text=text)
    claim = make_claim(article, quote=text, computed_accuracy="unsupported")  # a rated claim
    response = client.get(reverse("claim_detail", args=[claim.pk]))
    page = html(response)
    assert "<script>alert(1)" not in page
    assert json_ld(response)["claimReviewed"] == text


def test_a_claim_not_assessed_has_no_claim_review(client):
    claim = make_claim()
    assert json_ld(client.get(reverse("claim_detail", args=[claim.pk]))) is None


def test_a_claim_with_no_citation_says_so(client):
    claim = make_claim(computed_verdict="unsupported")
    page = html(client.get(reverse("claim_detail", args=[claim.pk])))
    assert "The article gives no reference for this claim." in page


def test_an_unmatched_citation_says_no_study(client):
    link = make_link(citation=None)
    link.citation.status = "not_found"
    link.citation.save()
    page = html(client.get(reverse("claim_detail", args=[link.claim.pk])))
    assert "No study has been matched to this reference." in page and "Not judged yet." in page


def test_unknown_claim_is_404(client):
    assert client.get(reverse("claim_detail", args=[999999])).status_code == 404
    assert client.get("/claims/abc/").status_code == 404


# --- studies -----------------------------------------------------------------------------


@pytest.fixture
def studies():
    return {
        "rct": make_study(title="Alcohol RCT", year=2020, design_code="randomized_controlled_trial", substances=("alcohol",)),
        "series": make_study(title="Opioid case series", year=2014, design_code="case_series", substances=("opioids",)),
        "news": make_study(title="News story", year=2024, design_code="web_article", source_kind="news_or_explainer",
                           authors=[], container_title="Daily Paper"),
        "undated": make_study(title="Undated report", year=None, design_code="unknown"),
    }


def listed_studies(response):
    return [int(pk) for pk in re.findall(r'<th scope="row"><a href="/studies/(\d+)/"', html(response))]


def test_studies_list_filters(client, studies):
    s = studies
    url = reverse("study_list")
    # Newest first; unknown year last.
    assert listed_studies(client.get(url)) == [s["news"].pk, s["rct"].pk, s["series"].pk, s["undated"].pk]
    assert listed_studies(client.get(url, {"design": "case_series"})) == [s["series"].pk]
    assert listed_studies(client.get(url, {"substance": "alcohol"})) == [s["rct"].pk]
    assert listed_studies(client.get(url, {"year": "2020"})) == [s["rct"].pk]
    assert listed_studies(client.get(url, {"source_kind": "news_or_explainer"})) == [s["news"].pk]
    assert listed_studies(client.get(url, {"q": "opioid series"})) == [s["series"].pk]
    assert listed_studies(client.get(url, {"q": "daily paper"})) == [s["news"].pk]


@pytest.mark.parametrize(
    "params, words",
    [
        ({"design": "meta"}, "There is no design “meta”"),
        ({"substance": "tea"}, "There is no substance “tea”"),
        ({"year": "twenty"}, "Give a year"),
        ({"year": "3020"}, "Year"),
        ({"source_kind": "blog"}, "There is no kind of source “blog”"),
        ({"page": "-1"}, "Page"),
    ],
)
def test_studies_list_bad_params_are_400(client, params, words):
    response = client.get(reverse("study_list"), params)
    assert response.status_code == 400 and words in html(response)


def test_study_detail_shows_record_outcomes_forest_plot_and_citing_claims(client, chain):
    study = chain["study"]
    make_outcome(study, measure="Drinks per day", effect_measure="MD", estimate=-1.5, ci_low=-2.5, ci_high=-0.5)
    make_outcome(study, measure="Craving", effect_measure="", estimate=None, ci_low=None, ci_high=None)
    page = html(client.get(reverse("study_detail", args=[study.pk])))
    assert '<a href="https://doi.org/10.1176/appi.ajp.2020.20030278"' in page
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/33167675/"' in page
    assert "Randomised controlled trial" in page and "40 participants" in page
    # Outcomes table has all three; the forest plot has one panel per measure with an estimate.
    assert "Abstinent days" in page and "Drinks per day" in page and "Craving" in page
    assert page.count('<figure class="forest">') == 2
    assert "Odds ratio</strong>, on a log scale" in page and "Mean difference</strong>." in page
    assert "2.5 (1.2 to 5)" in page and "-1.5 (-2.5 to -0.5)" in page
    # The claims citing it, with the stance and misfit.
    assert f'href="{reverse("claim_detail", args=[chain["claim"].pk])}"' in page
    assert "Partly supports" in page and "Different route of administration" in page


def test_study_without_estimates_says_there_is_nothing_to_plot(client):
    study = make_study(n=None, route_code="", dose="")
    page = html(client.get(reverse("study_detail", args=[study.pk])))
    assert "nothing to plot" in page
    assert "<svg" not in page.split('id="forest-heading"')[1].split("</section>")[0]
    assert re.search(r"<dt>Participants \(N\)</dt><dd><span class=\"unknown\">not confirmed</span>", page)
    assert "No claim in the tracked articles cites this study." in page


@pytest.mark.parametrize("confirmed_from", [5, {"a": 1}, "http://x.org"])
def test_a_study_stored_confirmed_from_no_list_of_pages_still_shows_its_page(client, confirmed_from):
    # Rows saved before the field was validated; an update() writes them as they are.
    study = make_study()
    Study.objects.filter(pk=study.pk).update(confirmed_from=confirmed_from)
    response = client.get(reverse("study_detail", args=[study.pk]))
    assert response.status_code == 200
    assert "x.org" not in response.content.decode()


def test_unknown_study_is_404(client):
    assert client.get(reverse("study_detail", args=[999999])).status_code == 404


# --- flagged citations -------------------------------------------------------------------


def test_flagged_citations_are_grouped_by_status_with_reasons(client):
    article = make_article(title="Source article")
    study = make_study()
    verified = make_citation(article, raw_text="Verified ref", status="verified", study=study)
    not_found = make_citation(article, raw_text="Ghost et al. 2020", status="not_found",
                              status_reason="No such work in the library.")
    off_topic = make_citation(article, raw_text="Childcare review", status="off_topic",
                              status_reason="About childcare, not ketamine.", study=study)
    unchecked = make_citation(article, raw_text="Later ref", status="unchecked")
    page = html(client.get(reverse("flagged_citations")))
    assert "Verified ref" not in page
    assert "No such work in the library." in page and "About childcare, not ketamine." in page
    # Groups in the order of the statuses: off-topic before not found before unchecked.
    assert page.index("Childcare review") < page.index("Ghost et al. 2020") < page.index("Later ref")
    assert page.count('<section class="status-group"') == 3
    only = html(client.get(reverse("flagged_citations"), {"status": "not_found"}))
    assert "Ghost et al. 2020" in only and "Childcare review" not in only
    assert verified and not_found and off_topic and unchecked


def test_flagged_citations_bad_status_is_400(client):
    response = client.get(reverse("flagged_citations"), {"status": "verified"})
    assert response.status_code == 400
    assert "There is no status of an unverified citation “verified”" in html(response)


@pytest.mark.parametrize(
    "params, words",
    [
        ({"status": "bogus"}, "There is no status of an unverified citation “bogus”"),
        ({"article": "999999"}, "There is no article"),
        ({"article": "abc"}, "There is no article"),
        ({"article_title": "x" * 201}, "Article title contains"),
        ({"page": "two"}, "Give a whole number"),
        ({"page": "0"}, "Page"),
    ],
)
def test_flagged_citations_bad_params_are_400_with_a_message(client, params, words):
    response = client.get(reverse("flagged_citations"), params)
    assert response.status_code == 400
    assert words in html(response)


def flagged_refs(response):
    """The flagged citations' reference texts, in the order the page lists them."""
    return re.findall(r'<p class="ref-text">(?:<span class="marker">[^<]*</span> )?([^<]*)</p>', html(response))


def test_flagged_citations_go_status_by_status_then_article_by_article_in_the_order_they_were_added(client):
    # Zebra was added first, so its citations come first within a status, whatever the titles.
    zebra = make_article(title="Zebra")
    aardvark = make_article(title="Aardvark")
    make_citation(aardvark, raw_text="A1 not found", status="not_found", position=1)
    make_citation(zebra, raw_text="Z2 not found", status="not_found", position=2)
    make_citation(zebra, raw_text="Z1 not found", status="not_found", position=1)
    make_citation(aardvark, raw_text="A unchecked", status="unchecked", position=0)
    make_citation(aardvark, raw_text="A mismatch", status="metadata_mismatch", position=5, study=make_study())
    make_citation(zebra, raw_text="Z anonymous", status="anonymous", position=0)
    make_citation(zebra, raw_text="Z verified", status="verified", position=0, study=make_study())
    assert flagged_refs(client.get(reverse("flagged_citations"))) == [
        "A mismatch", "Z1 not found", "Z2 not found", "A1 not found", "Z anonymous", "A unchecked",
    ]
    # Filters narrow that order down: a status, an article, words of a title, or all three.
    assert flagged_refs(client.get(reverse("flagged_citations"), {"status": "not_found"})) == [
        "Z1 not found", "Z2 not found", "A1 not found",
    ]
    assert flagged_refs(client.get(reverse("flagged_citations"), {"article": aardvark.pk})) == [
        "A mismatch", "A1 not found", "A unchecked",
    ]
    assert flagged_refs(client.get(reverse("flagged_citations"), {"article_title": "zebr"})) == [
        "Z1 not found", "Z2 not found", "Z anonymous",
    ]
    both = {"status": "not_found", "article": aardvark.pk, "article_title": "aard"}
    assert flagged_refs(client.get(reverse("flagged_citations"), both)) == ["A1 not found"]
    assert flagged_refs(client.get(reverse("flagged_citations"), {"status": "off_topic"})) == []


def test_flagged_citations_show_their_article_study_and_the_claims_leaning_on_them(client):
    article = make_article(title="Ketamine clinic", captured_text="First claim here. Second claim there.")
    study = make_study(title="The matched trial")
    citation = make_citation(article, raw_text="Wrong year ref", status="metadata_mismatch", study=study)
    second = make_claim(article, quote="Second claim there.")
    first = make_claim(article, quote="First claim here.")
    make_link(second, citation)
    make_link(first, citation)
    page = html(client.get(reverse("flagged_citations")))
    assert f'href="{reverse("article_detail", args=[article.pk])}#citation-{citation.pk}">Ketamine clinic</a>' in page
    assert f'matched to <a href="{reverse("study_detail", args=[study.pk])}">' in page
    # The claims in the order of the article's text.
    assert page.index("“First claim here.”") < page.index("“Second claim there.”")


def test_flagged_citations_count_each_status_but_verified(client):
    article = make_article()
    for status in ("not_found", "not_found", "off_topic", "unchecked"):
        make_citation(article, status=status)
    make_citation(article, status="verified", study=make_study())
    page = html(client.get(reverse("flagged_citations")))
    summary = re.search(r'<ul class="status-summary"[^>]*>(.*?)</ul>', page, re.S).group(1)
    summary = re.sub(r"<[^>]+>", "", summary)
    assert summary.split() == [
        "Metadata", "mismatch", "0", "Identifier", "mismatch", "0", "Off-topic", "1",
        "Secondary", "source", "0", "Not", "found", "2", "Anonymous", "0", "Unchecked", "1",
    ]
    assert "4 citations." in page and "about" not in summary


def test_flagged_citations_say_about_of_a_count_the_database_estimated(client, monkeypatch):
    from claims import selectors

    make_citation(status="not_found")
    monkeypatch.setattr(
        selectors,
        "estimated_counts_by_value",
        lambda model, *, field, values: {v: (123_456, False) if v == "not_found" else (0, True) for v in values},
    )
    page = html(client.get(reverse("flagged_citations")))
    assert "about <strong>123,456</strong>" in page
    assert page.count("about <strong>") == 1


# --- shared layout -----------------------------------------------------------------------


def test_every_page_has_the_nav_search_and_skip_link(client, chain):
    for url in [
        reverse("home"), reverse("article_list"), reverse("claim_list"), reverse("study_list"),
        reverse("flagged_citations"), reverse("claim_detail", args=[chain["claim"].pk]),
        reverse("article_detail", args=[chain["article"].pk]),
        reverse("study_detail", args=[chain["study"].pk]),
    ]:
        page = html(client.get(url))
        assert '<a class="skip" href="#main">' in page, url
        assert '<nav aria-label="Sections">' in page, url
        assert '<form class="site-search" role="search"' in page, url
        assert '<label for="site-search-q"' in page, url
        assert 'aria-current="page"' in page, url
        # Nothing is loaded from another site: no CDN stylesheet, script, font or image.
        assert not re.search(r'<(link|script|img|iframe)[^>]+(href|src)="(https?:)?//', page), url


def test_404_page_is_the_sites(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Nothing here" in html(response)


def test_claim_detail_shows_the_editors_note_on_a_citation(client):
    link = make_link()
    link.citation.editor_note = "No work by Olsson (2014) is in the library."
    link.citation.save()
    response = client.get(reverse("claim_detail", args=[link.claim.pk]))
    assert "No work by Olsson (2014) is in the library." in response.content.decode()


def test_claims_list_filters_by_accuracy_and_sourcing_and_names_a_bad_value(client):
    article = make_article(captured_text="Ketamine is a dissociative anesthetic. Ketamine cures addiction.")
    right = make_claim(article, quote="Ketamine is a dissociative anesthetic.", computed_accuracy="accurate")
    make_claim(article, quote="Ketamine cures addiction.", computed_accuracy="unverifiable")
    Claim = type(right)
    Claim.objects.filter(pk=right.pk).update(sourcing="no_source")

    page = client.get(reverse("claim_list"), {"accuracy": "accurate"}).content.decode()
    assert "Ketamine is a dissociative anesthetic." in page and "Ketamine cures addiction." not in page
    assert "Accurate" in page and "No source given" in page
    page = client.get(reverse("claim_list"), {"sourcing": "no_source"}).content.decode()
    assert "Ketamine cures addiction." not in page

    response = client.get(reverse("claim_list"), {"accuracy": "true-ish"})
    assert response.status_code == 400
    assert "accuracy" in response.content.decode()


def test_favicon_ico_leads_to_the_icon_the_pages_name(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_the_admin_carries_the_projects_name(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert "Ketamine Evidence administration" in page
    assert "Django administration" not in page


def test_claims_leaning_on_a_citation_are_cut_between_words(client):
    quote = "Ketamine infusions reduced cravings substantially among participants enrolled in the outpatient programme over twelve weeks."
    article = make_article(captured_text=quote)
    claim = make_claim(article, quote=quote)
    make_link(claim, make_citation(article, raw_text="Smith J. Ketamine. J Addict. 2020."))
    page = client.get(reverse("article_detail", args=[article.pk])).content.decode()
    snippet = re.search(r"Claims leaning on it: <a [^>]*>“([^”]*)”", page).group(1)
    assert snippet == "Ketamine infusions reduced cravings substantially among participants enrolled in the …"


def test_the_study_page_shows_the_records_judgement_where_no_editor_judged(client):
    study = make_study(title="A trial of intramuscular ketamine")
    article = make_article(captured_text="IV ketamine is the most effective method [1].")
    claim = make_claim(article, quote="IV ketamine is the most effective method [1].", computed_accuracy="unsupported")
    citation = make_citation(article, marker="[1]", study=study, status="verified")
    make_link(
        claim, citation, machine_stance="silent", machine_misfit_reasons=["different_route"],
        machine_rationale="the claim says IV; the trial gave ketamine intramuscularly (IM)",
    )  # fmt: skip
    page = client.get(reverse("study_detail", args=[study.pk])).content.decode()
    assert "By the study&#x27;s record" in page or "By the study's record" in page
    assert "the claim says IV; the trial gave ketamine intramuscularly (IM)" in page
    assert "Not judged yet" not in page
    assert 'class="badge accuracy-unsupported">Unsupported' in page


def test_home_shows_the_newest_articles_only_newest_first_and_leads_to_every_article(client):
    titles = [f"Article {i:02d}" for i in (3, 7, 0, 5, 1, 6, 2, 4)]
    for title in titles:
        make_article(title=title, captured_text="Ketamine helps.")
    page = html(client.get(reverse("home")))
    shown = re.findall(r'<h3><a href="/articles/\d+/">(Article \d+)</a></h3>', page)
    assert shown == titles[:1:-1]  # the six added last, newest first
    assert f'<a href="{reverse("article_list")}">Every article</a>' in page
    assert re.search(r"<li><a href=\"/articles/\"><strong>8</strong> articles", page)


def test_the_article_list_is_paged_by_title(client):
    for i in range(30):
        make_article(title=f"Article {i:02d}", captured_text="Ketamine helps.")
    first = html(client.get(reverse("article_list")))
    assert re.findall(r'<h3><a href="/articles/\d+/">(Article \d+)</a></h3>', first) == [f"Article {i:02d}" for i in range(24)]
    assert "30 in all, by title" in first and "Page 1 of 2" in first
    second = html(client.get(reverse("article_list"), {"page": 2}))
    assert re.findall(r'<h3><a href="/articles/\d+/">(Article \d+)</a></h3>', second) == [f"Article {i:02d}" for i in range(24, 30)]
    assert client.get(reverse("article_list"), {"page": 3}).status_code == 404
    assert client.get(reverse("article_list"), {"page": "x"}).status_code == 400


def test_a_big_table_is_counted_by_the_databases_estimate(postgresql, monkeypatch):
    from django.db import connection

    from core import db
    from studies.models import Study

    for i in range(3):
        make_study(title=f"Study {i}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE studies_study")
    assert db.estimated_counts([Study]) == [(3, True)]
    monkeypatch.setattr(db, "EXACT_COUNT_LIMIT", 1)
    assert db.estimated_counts([Study]) == [(3, False)]  # ANALYZE's figure, not a COUNT


def test_a_table_grown_past_its_statistics_is_counted_only_up_to_the_limit(postgresql, monkeypatch):
    from django.db import connection

    from core import db
    from studies.models import Study

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE studies_study")  # statistics of an empty table
    for i in range(5):
        make_study(title=f"Study {i}")
    monkeypatch.setattr(db, "EXACT_COUNT_LIMIT", 3)
    # The statistics say small, so rows are counted, but only up to the limit: "about 3".
    assert db.estimated_counts([Study]) == [(3, False)]


def test_a_full_cell_of_the_evidence_map_draws_its_largest_studies_and_counts_them_all(client):
    for i in range(15):
        make_study(title=f"Trial {i}", n=10 + i, substances=("alcohol", "opioids"))
    make_study(title="Unknown size", n=None, substances=("alcohol",))
    page = html(client.get(reverse("evidence_map")))
    drawn = re.findall(r'<a class="emark f-not_reported[^"]*" style="[^"]*" href="/studies/\d+/" title="([^"]+)"', page)
    # Each of the two substance columns draws its 12 largest trials, largest first.
    assert len(drawn) == 24
    assert [t.split(", N = ")[1].split(":")[0] for t in drawn[:12]] == [str(n) for n in range(24, 12, -1)]
    assert ">all 16 studies<" in page and ">all 15 studies<" in page
    assert "and 4 more" in page and "and 3 more" in page
    # The substance totals count every study once.
    assert re.search(r'id="substance-alcohol">Alcohol<span class="emap-total">16 studies', page)


def test_postgresql_draws_the_same_largest_studies_as_ranking_every_study(postgresql):
    from studies import selectors as study_selectors
    from studies.library.map_counts import read_map_counts

    for i in range(9):
        make_study(title=f"Trial {i}", n=[40, None, 12, 40, 300, 7, None, 90, 12][i], year=2000 + i % 3,
                   substances=[("alcohol",), ("alcohol", "opioids"), ()][i % 3],
                   design_code=["randomized_controlled_trial", "case_series"][i % 2])  # fmt: skip
    make_study(title="News", n=5000, source_kind="news_or_explainer", substances=("alcohol",))
    cells, _ = read_map_counts()
    laterally = study_selectors._largest_per_cell(cells, 2)
    ranked = study_selectors._largest_per_cell_ranked(2)
    assert sorted(laterally, key=str) == sorted(ranked, key=str)
    # Six cells: four hold two studies or more (two drawn each), two hold one.
    assert len(laterally) == 10


def test_postgresql_reads_each_cells_largest_studies_off_the_map_index(postgresql):
    from django.db import connection

    from studies import selectors as study_selectors

    make_study(title="Trial", n=40, substances=("alcohol",))
    captured = []

    def capture(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        study_selectors.evidence_map_data(per_cell=2)
    sql, params = next((sql, params) for sql, params in captured if "LATERAL" in sql)
    plan = plan_of(sql, params)
    assert "study_map_order" in plan, plan


def test_with_too_many_links_to_count_the_map_links_each_cell_to_its_claims_without_a_number(
    client, postgresql, monkeypatch
):
    from core import db

    build_article(2)
    monkeypatch.setattr(db, "EXACT_COUNT_LIMIT", -1)  # every table counts as big
    page = html(client.get(reverse("evidence_map")))
    assert '?cited_substance=alcohol&amp;cited_design=randomized_controlled_trial">Claims citing them' in page
    assert ">2 claims<" not in page


def test_with_many_articles_the_claim_filter_asks_for_title_words_instead_of_listing_every_article(client, monkeypatch):
    from claims.pages import views

    article, claims = build_article(2, title="Ketamine and alcohol")
    other = make_article(title="Esketamine news", captured_text="Esketamine works.")
    make_claim(other, quote="Esketamine works.")
    url = reverse("claim_list")
    # A few articles: a select of them.
    assert '<select name="article"' in html(client.get(url))
    monkeypatch.setattr(views, "ARTICLE_SELECT_LIMIT", 1)
    page = html(client.get(url))
    assert '<select name="article"' not in page and 'name="article_title"' in page
    listed = html(client.get(url, {"article_title": "alcohol"}))
    assert "2 claims match" in listed and "Esketamine works." not in listed
    # An article chosen from its page travels hidden, named in words.
    chosen = html(client.get(url, {"article": other.pk}))
    assert f'<input type="hidden" name="article" value="{other.pk}"' in chosen and "Esketamine news" in chosen
    flagged = html(client.get(reverse("flagged_citations"), {"article_title": "alcohol"}))
    assert 'name="article_title"' in flagged and 'value="alcohol"' in flagged


def test_a_long_list_counts_up_to_its_cap_and_still_pages_past_it(client, monkeypatch):
    from core.pages import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 60)
    article = make_article(captured_text=" ".join(f"Ketamine helped {i}." for i in range(120)))
    for i in range(120):
        make_claim(article, quote=f"Ketamine helped {i}.")
    first = html(client.get(reverse("claim_list")))
    assert "More than 60 claims" in first and "Page 1 of more than 2" in first
    # Page 3 lies past the counted rows; its claims are served, with a link to the next.
    third = html(client.get(reverse("claim_list"), {"page": 3}))
    assert "Ketamine helped 100." in third and 'rel="next"' in third
    assert client.get(reverse("claim_list"), {"page": 4}).status_code == 404


def test_the_claim_list_keeps_each_articles_claims_together_in_text_order(client):
    first = make_article(title="Zebra article", captured_text="Ketamine one. Ketamine two.")
    second = make_article(title="Aardvark article", captured_text="Ketamine three.")
    make_claim(first, quote="Ketamine two.")
    make_claim(second, quote="Ketamine three.")
    make_claim(first, quote="Ketamine one.")
    page = html(client.get(reverse("claim_list")))
    positions = [page.index(q) for q in ("Ketamine one.", "Ketamine two.", "Ketamine three.")]
    assert positions == sorted(positions)


def test_every_page_answers_a_post_with_405_naming_the_methods_it_takes(small_article):
    from django.test import Client

    article, claims = small_article
    client = Client(enforce_csrf_checks=True)  # as a browser's form post without a token
    study = claims[0].links.first().citation.study
    urls = [
        reverse("home"), reverse("evidence_map"), reverse("article_list"),
        reverse("article_detail", args=[article.pk]), reverse("claim_list"),
        reverse("claim_detail", args=[claims[0].pk]), reverse("flagged_citations"),
        reverse("study_detail", args=[study.pk]), reverse("study_list"), reverse("health"),
    ]  # fmt: skip
    for url in urls:
        for method in ("post", "put", "delete"):
            response = getattr(client, method)(url)
            assert response.status_code == 405, (method, url)
            assert response["Allow"] == "GET, HEAD"
            assert "this page only shows" in html(response)
        assert client.head(url).status_code == 200, url
    # The exemption is the read-only pages' own: a form that acts still wants its token.
    assert client.post(reverse("admin:login"), {"username": "x", "password": "y"}).status_code == 403
