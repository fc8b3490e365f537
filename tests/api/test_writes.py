"""Anonymous clients only read; editors write, with a session or a token, and every write is
kept in history with the editor's name."""

import pytest

from claims.models import Citation, Claim, ClaimCitation, Flag, SourceArticle
from studies.models import Outcome, Study
from tests import factories

pytestmark = pytest.mark.django_db


def latest_history(instance):
    return type(instance).history.filter(id=instance.pk).order_by("-history_id").first()


# --- Refused -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("post", "/api/studies/", {"title": "New"}),
        ("patch", "/api/studies/{study}/", {"title": "Changed"}),
        ("delete", "/api/studies/{study}/", None),
        ("post", "/api/outcomes/", {"study": "{study}", "measure": "x"}),
        ("post", "/api/articles/", {"key": "a", "title": "t", "captured_text": "x"}),
        ("patch", "/api/claims/{claim}/", {"wording": "hedged"}),
        ("post", "/api/claims/{claim}/override/", {"verdict": "supported", "rationale": "r"}),
        ("patch", "/api/citations/{citation}/", {"marker": "[9]"}),
        ("patch", "/api/links/{link}/", {"stance": "supports"}),
        ("delete", "/api/links/{link}/", None),
        ("post", "/api/flags/{flag}/dismiss/", {"reason": "r"}),
    ],
)
def test_anonymous_writes_are_refused_and_change_nothing(client_anon, chain, method, path, body):
    path = path.format(**{k: v.pk for k, v in chain.items()})
    if body and "study" in body:
        body = {**body, "study": chain["study"].pk}
    before = (Study.objects.count(), Claim.objects.get(pk=chain["claim"].pk).wording,
              ClaimCitation.objects.count(), Flag.objects.filter(dismissed_at__isnull=False).count())
    response = getattr(client_anon, method)(path, body, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    after = (Study.objects.count(), Claim.objects.get(pk=chain["claim"].pk).wording,
             ClaimCitation.objects.count(), Flag.objects.filter(dismissed_at__isnull=False).count())
    assert after == before


def test_a_signed_in_user_who_is_not_an_editor_can_read_but_not_write(reader_token, chain):
    assert reader_token.get("/api/claims/").status_code == 200
    response = reader_token.patch(f"/api/claims/{chain['claim'].pk}/", {"wording": "hedged"}, format="json")
    assert response.status_code == 403
    assert Claim.objects.get(pk=chain["claim"].pk).wording == "categorical"


def test_an_editor_cannot_delete_a_study_which_is_left_to_admins(editor_token, chain):
    response = editor_token.delete(f"/api/studies/{chain['study'].pk}/")
    assert response.status_code == 403
    assert Study.objects.filter(pk=chain["study"].pk).exists()


# --- Accepted and recorded -----------------------------------------------------------------


@pytest.mark.parametrize("client_fixture", ["editor_session", "editor_token"])
def test_an_editor_creates_a_study_and_history_records_the_editor(request, client_fixture, editor_user):
    client = request.getfixturevalue(client_fixture)
    response = client.post(
        "/api/studies/",
        {
            "title": "Ketamine for alcohol use disorder",
            "authors": [{"family": "Grabski", "given": "M."}],
            "year": 2022,
            "doi": "https://doi.org/10.1176/APPI.AJP.21030277",
            "substances": ["alcohol"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["doi"] == "10.1176/appi.ajp.21030277"  # normalised as stored
    assert body["substances"] == ["alcohol"]
    study = Study.objects.get(pk=body["id"])
    record = latest_history(study)
    assert record.history_type == "+"
    assert record.history_user == editor_user


@pytest.mark.parametrize("client_fixture", ["editor_session", "editor_token"])
def test_an_editor_changes_a_claim_and_history_records_the_editor(request, client_fixture, editor_user, chain):
    client = request.getfixturevalue(client_fixture)
    response = client.patch(f"/api/claims/{chain['claim'].pk}/", {"wording": "hedged"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["wording"] == "hedged"
    assert response.json()["links"][0]["citation"]["key"] == "ref-1"  # answered as read
    record = latest_history(chain["claim"])
    assert record.history_type == "~"
    assert record.wording == "hedged"
    assert record.history_user == editor_user


def test_an_editor_adds_a_claim_whose_span_is_found_from_the_quote(editor_token, editor_user, chain):
    quote = "A single infusion helped people with alcohol use disorder drink less [2]."
    response = editor_token.post(
        "/api/claims/",
        {"article": chain["article"].pk, "key": "aud", "quote": quote, "claim_type": "efficacy",
         "wording": "categorical", "substances": ["alcohol"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    start = factories.DEFAULT_TEXT.index(quote)
    assert (body["start"], body["end"]) == (start, start + len(quote))
    claim = Claim.objects.get(pk=body["id"])
    assert list(claim.substances.values_list("code", flat=True)) == ["alcohol"]
    assert latest_history(claim).history_user == editor_user


def test_a_claim_whose_quote_is_not_in_the_text_is_refused(editor_token, chain):
    response = editor_token.post(
        "/api/claims/",
        {"article": chain["article"].pk, "key": "made-up", "quote": "Ketamine cures everything.",
         "claim_type": "efficacy", "wording": "categorical"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"quote": ["The quote is not in the article's captured text."]}


def test_a_claim_with_a_span_that_does_not_match_its_quote_is_refused(editor_token, chain):
    response = editor_token.post(
        "/api/claims/",
        {"article": chain["article"].pk, "key": "off", "quote": "Studies show", "start": 3,
         "claim_type": "efficacy", "wording": "hedged"},
        format="json",
    )
    assert response.status_code == 400
    assert "not in the article's text at 3" in response.json()["start"][0]


def test_an_editor_overrides_a_verdict_with_a_reason_and_can_remove_it(editor_token, editor_user, chain):
    url = f"/api/claims/{chain['claim'].pk}/override/"
    response = editor_token.post(
        url, {"verdict": "overstated", "certainty": "low", "rationale": "One small trial."}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["verdict"], body["certainty"], body["is_overridden"]) == ("overstated", "low", True)
    assert body["overridden_by"] == "edna"
    assert latest_history(chain["claim"]).history_user == editor_user

    response = editor_token.delete(url)
    assert response.status_code == 200
    assert (response.json()["verdict"], response.json()["is_overridden"]) == ("not_assessed", False)


def test_an_override_without_a_rationale_is_refused(editor_token, chain):
    response = editor_token.post(
        f"/api/claims/{chain['claim'].pk}/override/", {"verdict": "supported"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["rationale"]
    assert Claim.objects.get(pk=chain["claim"].pk).override_verdict == ""


def test_an_override_the_service_refuses_names_the_requests_field(editor_token, chain):
    response = editor_token.post(
        f"/api/claims/{chain['claim'].pk}/override/",
        {"verdict": "not_assessed", "certainty": "high", "rationale": "Not checkable."},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["certainty"]


@pytest.mark.parametrize("client_fixture", ["editor_session", "editor_token"])
def test_an_editor_judges_a_link_and_who_and_when_are_recorded(request, client_fixture, editor_user, chain):
    client = request.getfixturevalue(client_fixture)
    response = client.patch(
        f"/api/links/{chain['link'].pk}/",
        {"stance": "supports", "misfit_reasons": [], "rationale": "Same drug, route and outcome."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["judged_by"] == "edna"
    link = ClaimCitation.objects.get(pk=chain["link"].pk)
    assert (link.stance, link.judged_by) == ("supports", editor_user)
    assert link.judged_at is not None
    assert latest_history(link).history_user == editor_user


def test_a_link_to_another_articles_citation_is_refused(editor_token, chain):
    elsewhere = factories.make_citation()  # on a new article
    response = editor_token.post(
        "/api/links/",
        {"claim": chain["claim"].pk, "citation": elsewhere.pk, "reliance": "marker"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["A claim can only lean on a citation of its own article."]}


def test_an_unknown_misfit_reason_is_refused(editor_token, chain):
    response = editor_token.patch(
        f"/api/links/{chain['link'].pk}/", {"misfit_reasons": ["too_blue"]}, format="json"
    )
    assert response.status_code == 400
    assert "misfit_reasons" in response.json()


def test_an_editor_deletes_a_link_and_history_keeps_who(editor_token, editor_user, chain):
    link = chain["link"]
    assert editor_token.delete(f"/api/links/{link.pk}/").status_code == 204
    assert not ClaimCitation.objects.filter(pk=link.pk).exists()
    record = ClaimCitation.history.filter(id=link.pk).order_by("-history_id").first()
    assert (record.history_type, record.history_user) == ("-", editor_user)


def test_link_edits_tell_the_verification_service_which_claim_and_citation_changed(editor_token, chain, monkeypatch):
    from claims.editing import links

    calls = []
    monkeypatch.setattr(links, "request_verification", lambda **kw: calls.append(kw))
    editor_token.patch(f"/api/links/{chain['link'].pk}/", {"stance": "supports"}, format="json")
    editor_token.delete(f"/api/links/{chain['link'].pk}/")
    expected = {"claim_ids": {chain["claim"].pk}, "citation_ids": {chain["citation"].pk}}
    assert [{k: set(v) for k, v in call.items()} for call in calls] == [expected, expected]


def test_a_judged_link_gets_its_claim_recomputed_when_the_edit_commits(
    editor_token, chain, django_capture_on_commit_callbacks
):
    assert chain["claim"].computed_at is None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = editor_token.patch(f"/api/links/{chain['link'].pk}/", {"stance": "supports"}, format="json")
    assert response.status_code == 200
    assert len(callbacks) == 2  # re-verify the citation, recompute the claim
    chain["claim"].refresh_from_db()
    assert chain["claim"].computed_at is not None


def test_an_editor_dismisses_a_flag_with_a_reason_and_restores_it(editor_token, editor_user, chain):
    url = f"/api/flags/{chain['flag'].pk}/"
    response = editor_token.post(url + "dismiss/", {"reason": "The article names the study."}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["dismissed"], response.json()["dismissed_by"]) == (True, "edna")
    assert latest_history(chain["flag"]).history_user == editor_user
    assert editor_token.post(url + "dismiss/", {}, format="json").status_code == 400
    response = editor_token.post(url + "restore/")
    assert response.json()["dismissed"] is False
    assert Flag.objects.get(pk=chain["flag"].pk).dismissed_reason == ""


def test_an_editor_adds_an_article_whose_hash_is_computed(editor_token, editor_user):
    response = editor_token.post(
        "/api/articles/",
        {"key": "new-site", "title": "Ketamine news", "captured_text": "Ketamine helps."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    article = SourceArticle.objects.get(key="new-site")
    assert article.content_hash == factories.sha256("Ketamine helps.")
    assert article.captured_at is not None
    assert latest_history(article).history_user == editor_user


def test_an_article_text_cannot_change_under_its_claims(editor_token, chain):
    response = editor_token.patch(
        f"/api/articles/{chain['article'].pk}/", {"captured_text": "Something else entirely."}, format="json"
    )
    assert response.status_code == 400
    assert "reduced-cocaine" in response.json()["captured_text"][0]


def test_an_editor_adds_an_outcome_and_an_inverted_interval_is_refused(editor_token, chain):
    good = editor_token.post(
        "/api/outcomes/",
        {"study": chain["study"].pk, "measure": "Drinks per day", "estimate": -1.2, "ci_low": -2.0, "ci_high": -0.4},
        format="json",
    )
    assert good.status_code == 201, good.json()
    bad = editor_token.post(
        "/api/outcomes/",
        {"study": chain["study"].pk, "measure": "Bad CI", "estimate": 1, "ci_low": 3, "ci_high": 2},
        format="json",
    )
    assert bad.status_code == 400
    assert "lower bound" in str(bad.json())
    assert Outcome.objects.filter(measure="Bad CI").count() == 0


def test_a_study_breaking_a_database_rule_is_a_400_not_a_500(editor_token, chain):
    response = editor_token.post("/api/studies/", {"title": "Far future", "year": 3020}, format="json")
    assert response.status_code == 400
    assert "Year must be between" in str(response.json())
    duplicate = editor_token.post(
        "/api/studies/", {"title": "Same DOI", "doi": chain["study"].doi}, format="json"
    )
    assert duplicate.status_code == 400
    assert "already exists" in duplicate.json()["doi"][0]


def test_a_topic_set_by_an_editor_is_marked_as_the_editors(editor_token, chain):
    response = editor_token.patch(
        f"/api/studies/{chain['study'].pk}/", {"about_substance_use": False}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["topic_source"] == "editor"


def test_an_editor_points_a_citation_at_a_study(editor_token, chain):
    other = factories.make_study(title="Another trial")
    response = editor_token.patch(
        f"/api/citations/{chain['citation'].pk}/", {"editor_study": other.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["editor_study"] == other.pk
    assert Citation.objects.get(pk=chain["citation"].pk).editor_study == other


def test_an_editor_names_a_studys_trial_and_a_reference_to_the_trial_then_finds_it(editor_token):
    response = editor_token.post(
        "/api/studies/",
        {"title": "Ketamine for alcohol use disorder", "authors": [{"family": "Grabski", "given": "M."}],
         "year": 2022, "trial_names": "KARE"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["trial_names"] == "KARE"

    (checked,) = editor_token.post(
        "/api/references/check", {"references": ["the KARE trial in the UK"]}, format="json"
    ).json()["results"]
    assert checked["study"]["id"] == response.json()["id"], checked["reason"]


def test_an_empty_study_key_is_no_key_when_a_study_is_added_or_changed(editor_token, chain):
    # The key is "empty for imports": many studies have none, so "" cannot be one study's.
    first = editor_token.post("/api/studies/", {"title": "First", "key": ""}, format="json")
    second = editor_token.post("/api/studies/", {"title": "Second", "key": ""}, format="json")
    assert (first.status_code, second.status_code) == (201, 201), second.json()
    assert first.json()["key"] is None and second.json()["key"] is None
    changed = editor_token.patch(f"/api/studies/{chain['study'].pk}/", {"key": ""}, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["key"] is None
    assert Study.objects.filter(key="").count() == 0
    assert Study.objects.filter(key__isnull=True).count() == 3


def test_an_empty_key_sent_for_a_study_without_one_changes_nothing(editor_token, chain):
    study = chain["study"]
    version = Study.objects.get(pk=study.pk).version
    response = editor_token.patch(f"/api/studies/{study.pk}/", {"key": ""}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == version


def test_a_claim_whose_quote_is_only_whitespace_is_a_400_naming_the_quote(editor_token, chain):
    text, quote = chain["article"].captured_text, " "
    response = editor_token.post(
        "/api/claims/",
        {"article": chain["article"].pk, "key": "ws", "quote": quote, "start": text.index(quote),
         "claim_type": "efficacy", "wording": "hedged"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400, response.json()
    assert "quote" in response.json()
    assert not Claim.objects.filter(key="ws").exists()
    claim = chain["other_claim"]
    changed = editor_token.patch(
        f"/api/claims/{claim.pk}/", {"quote": quote, "start": text.index(quote)}, format="json"
    )
    assert changed.status_code == 400 and "quote" in changed.json()


@pytest.mark.parametrize("text", ["   ", "\n \t\n"])
def test_an_article_whose_text_is_only_whitespace_is_a_400_naming_the_text(editor_token, text):
    response = editor_token.post(
        "/api/articles/", {"key": "blank-text", "title": "t", "captured_text": text}, format="json"
    )
    assert response.status_code == 400, response.json()
    assert "captured_text" in response.json()
    assert not SourceArticle.objects.filter(key="blank-text").exists()
    article = factories.make_article(captured_text="Ketamine helps.")
    changed = editor_token.patch(f"/api/articles/{article.pk}/", {"captured_text": text}, format="json")
    assert changed.status_code == 400 and "captured_text" in changed.json()


@pytest.mark.parametrize(
    "field, first, again, message",
    [
        ("doi", "10.1234/dup.1", "10.1234/dup.1", "A study with this DOI already exists."),
        ("doi", "10.1234/dup.1", "doi:10.1234/DUP.1", "A study with this DOI already exists."),
        ("doi", "10.1234/dup.1", "https://doi.org/10.1234/Dup.1", "A study with this DOI already exists."),
        ("pmid", "31230464", "31230464", "A study with this PMID already exists."),
        ("pmcid", "PMC11649595", "pmc11649595", "A study with this PMCID already exists."),
    ],
)
def test_a_duplicate_identifier_however_written_is_one_error_under_its_field(editor_token, field, first, again, message):
    assert editor_token.post("/api/studies/", {"title": "First", field: first}, format="json").status_code == 201
    duplicate = editor_token.post("/api/studies/", {"title": "Again", field: again}, format="json")
    assert duplicate.status_code == 400
    assert duplicate.json() == {field: [message]}
    other = factories.make_study(title="Other")
    changed = editor_token.patch(f"/api/studies/{other.pk}/", {field: again}, format="json")
    assert changed.status_code == 400
    assert changed.json() == {field: [message]}


def test_a_studys_page_range_is_stored_as_the_import_stores_it(editor_token, chain):
    added = editor_token.post("/api/studies/", {"title": "Pages", "pages": "1--2"}, format="json")
    assert added.status_code == 201, added.json()
    assert added.json()["pages"] == "1-2"
    changed = editor_token.patch(f"/api/studies/{chain['study'].pk}/", {"pages": "923 – 930"}, format="json")
    assert changed.json()["pages"] == "923-930"
    bib = editor_token.get("/api/studies/export.bib").getvalue().decode()
    assert "pages = {1--2}" in bib and "pages = {923--930}" in bib and "----" not in bib
