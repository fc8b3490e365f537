"""What the API writes and reads stays true to the data: rows stay with their article, text is
kept verbatim, "judged" means what readers think, restoring a flag goes through the service,
exports cannot smuggle formulas into a spreadsheet, and study search finds names."""

import csv
import io

import pytest

from claims.models import Citation, Claim, ClaimCitation, Flag, SourceArticle
from tests import factories

pytestmark = pytest.mark.django_db


def history_count(instance):
    return type(instance).history.filter(id=instance.pk).count()


# --- Claims and citations stay with their article -------------------------------------------


def test_a_citation_cannot_be_moved_to_another_article(editor_token, chain):
    citation = chain["citation"]
    elsewhere = factories.make_article()
    response = editor_token.patch(f"/api/citations/{citation.pk}/", {"article": elsewhere.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "article": ["A citation cannot move to another article; add a new citation to that article instead."]
    }
    assert Citation.objects.get(pk=citation.pk).article_id == chain["article"].pk


def test_a_claim_cannot_be_moved_to_another_article_even_one_with_the_same_text(editor_token, chain):
    claim = chain["claim"]
    twin = factories.make_article()  # the same default text: the span would still match
    response = editor_token.patch(f"/api/claims/{claim.pk}/", {"article": twin.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "article": ["A claim cannot move to another article; add a new claim to that article instead."]
    }
    assert Claim.objects.get(pk=claim.pk).article_id == chain["article"].pk


def test_naming_a_rows_own_article_in_a_write_is_fine(editor_token, chain):
    article = chain["article"].pk
    response = editor_token.patch(
        f"/api/citations/{chain['citation'].pk}/", {"article": article, "marker": "[7]"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["marker"] == "[7]"
    response = editor_token.patch(
        f"/api/claims/{chain['claim'].pk}/", {"article": article, "wording": "hedged"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["wording"] == "hedged"


def test_a_new_citation_and_claim_still_choose_their_article(editor_token, chain):
    article = factories.make_article()
    response = editor_token.post(
        "/api/citations/", {"article": article.pk, "key": "new-ref", "raw_text": "Smith 2020.",
                            "location": "reference_list", "position": 1}, format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["article"]["id"] == article.pk
    response = editor_token.post(
        "/api/claims/", {"article": article.pk, "key": "new-claim", "quote": factories.DEFAULT_QUOTE,
                         "claim_type": "efficacy", "wording": "categorical"}, format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["article"]["id"] == article.pk


@pytest.mark.parametrize("moved", ["claim", "citation"])
def test_a_link_cannot_be_moved_to_a_claim_or_citation_of_another_article(editor_token, chain, moved):
    elsewhere = factories.make_link()  # a claim and a citation of another article
    target = getattr(elsewhere, moved).pk
    response = editor_token.patch(f"/api/links/{chain['link'].pk}/", {moved: target}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["A claim can only lean on a citation of its own article."]}
    link = ClaimCitation.objects.get(pk=chain["link"].pk)
    assert (link.claim_id, link.citation_id) == (chain["claim"].pk, chain["citation"].pk)


# --- "Judged" links -------------------------------------------------------------------------


def test_a_link_with_an_editors_stance_is_judged_whether_or_not_its_date_was_recorded(client_anon, chain):
    judged = chain["link"]  # stance "partly", no judged_at: as every link of the corpus
    assert (judged.stance, judged.judged_at) == ("partly", None)
    unjudged = factories.make_link(chain["other_claim"], chain["citation"])  # no stance
    assert [row["id"] for row in client_anon.get("/api/links/", {"judged": "true"}).json()["results"]] == [judged.pk]
    assert [row["id"] for row in client_anon.get("/api/links/", {"judged": "false"}).json()["results"]] == [unjudged.pk]


def test_the_judged_filter_is_described_as_having_a_stance(client_anon):
    schema = client_anon.get("/api/schema/", {"format": "json"}).json()
    [judged] = [p for p in schema["paths"]["/api/links/"]["get"]["parameters"] if p["name"] == "judged"]
    assert judged["description"] == "Judged: an editor gave the link a stance (supports, partly, silent or contradicts)"


# --- Restoring a flag -----------------------------------------------------------------------


def test_restoring_a_flag_that_is_not_dismissed_changes_nothing_and_writes_no_history(editor_token, chain):
    flag = chain["flag"]
    before = history_count(flag)
    response = editor_token.post(f"/api/flags/{flag.pk}/restore/")
    assert response.status_code == 200
    assert response.json()["dismissed"] is False
    assert history_count(flag) == before


def test_restoring_a_dismissed_flag_recomputes_its_claim_through_the_service(
    editor_token, editor_user, chain, django_capture_on_commit_callbacks, monkeypatch
):
    from claims.editing import flags as verification

    flag = chain["flag"]
    editor_token.post(f"/api/flags/{flag.pk}/dismiss/", {"reason": "Named in the text."}, format="json")
    calls = []
    real_restore = verification.restore_flag
    monkeypatch.setattr(verification, "restore_flag", lambda **kw: calls.append(kw) or real_restore(**kw))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = editor_token.post(f"/api/flags/{flag.pk}/restore/")
    assert response.status_code == 200
    assert calls == [{"flag_id": flag.pk, "user": editor_user}]
    assert len(callbacks) == 1  # the claim's verdict is recomputed on commit
    flag = Flag.objects.get(pk=flag.pk)
    assert (flag.dismissed_at, flag.dismissed_by, flag.dismissed_reason) == (None, None, "")
    restored = flag.history.get(history_change_reason="restored by an editor")
    assert restored.history_user == editor_user


def test_restoring_a_flag_that_vanished_meanwhile_is_a_404(editor_token, chain, monkeypatch):
    from claims.api import flags as views

    flag = chain["flag"]
    # The view found the flag; it is deleted before the service reads it.
    original = views.FlagViewSet.get_object

    def get_then_delete(self):
        found = original(self)
        Flag.objects.filter(pk=found.pk).delete()
        return found

    monkeypatch.setattr(views.FlagViewSet, "get_object", get_then_delete)
    response = editor_token.post(f"/api/flags/{flag.pk}/restore/")
    assert response.status_code == 404
    assert response.json() == {"detail": f"There is no flag with id {flag.pk}."}


def test_dismissing_a_flag_dismissed_already_with_another_reason_is_a_409_saying_by_whom_and_nothing_changes(
    editor_token, chain
):
    flag = chain["flag"]
    url = f"/api/flags/{flag.pk}/dismiss/"
    assert editor_token.post(url, {"reason": "Named in the text."}, format="json").status_code == 200
    before = history_count(flag)
    response = editor_token.post(url, {"reason": "new"}, format="json")
    assert response.status_code == 409, response.json()
    detail = response.json()["detail"]
    assert "dismissed already by edna at " in detail and "'Named in the text.'" in detail
    assert "left as it was" in detail
    flag = Flag.objects.get(pk=flag.pk)
    assert flag.dismissed_reason == "Named in the text."
    assert history_count(flag) == before
    schema = editor_token.get("/api/schema/?format=json").json()
    documented = schema["paths"]["/api/flags/{id}/dismiss/"]["post"]["responses"]["409"]
    assert documented["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_dismissing_a_flag_again_with_the_same_reason_answers_as_the_first_time(editor_token, chain):
    # A client that sends its dismissal again (it never saw the answer) loses nothing.
    url = f"/api/flags/{chain['flag'].pk}/dismiss/"
    first = editor_token.post(url, {"reason": "Named in the text."}, format="json")
    again = editor_token.post(url, {"reason": " Named in the text. "}, format="json")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json() == first.json()


# --- Verbatim text --------------------------------------------------------------------------


def test_an_articles_captured_text_is_kept_verbatim_with_its_surrounding_whitespace(editor_token):
    text = "\n  Ketamine helps.  \n"
    response = editor_token.post(
        "/api/articles/", {"key": "spaced", "title": "Spaced", "captured_text": text}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["captured_text"] == text
    article = SourceArticle.objects.get(key="spaced")
    assert (article.captured_text, article.content_hash) == (text, factories.sha256(text))


def test_a_claims_quote_is_kept_verbatim_and_its_span_counts_every_character(editor_token):
    article = factories.make_article(captured_text="Ketamine helps. It works .")
    response = editor_token.post(
        "/api/claims/", {"article": article.pk, "key": "spaced", "quote": " It works .",
                         "claim_type": "efficacy", "wording": "categorical"}, format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["quote"], body["start"], body["end"]) == (" It works .", 15, 26)


# --- CSV injection --------------------------------------------------------------------------


def test_a_csv_cell_that_a_spreadsheet_would_run_is_quoted_but_a_negative_number_is_not(client_anon):
    factories.make_study(
        title="-2+3+cmd|' /C calc'!A0", container_title="@SUM(A1)", volume="-2.5", issue="-7",
        pages="-", year=2020,
    )
    response = client_anon.get("/api/studies/export.csv")
    assert response.status_code == 200
    [row] = csv.DictReader(io.StringIO(response.getvalue().decode("utf-8")))
    assert row["title"] == "'-2+3+cmd|' /C calc'!A0"
    assert row["container_title"] == "'@SUM(A1)"
    assert (row["volume"], row["issue"]) == ("-2.5", "-7")
    assert row["pages"] == "'-"


# --- Study search ---------------------------------------------------------------------------
# studies.selectors.search_studies (which the API delegates to) searches the authors' names,
# not the JSON text of `authors`: on SQLite its keys would match, and names outside ASCII
# would not, as JSON stores them \u-escaped. On PostgreSQL the stored vector holds the names.


def test_searching_studies_for_a_json_key_finds_nothing(client_anon):
    factories.make_study(title="Ketamine and alcohol", authors=[{"family": "Dakwar", "given": "E."}])
    assert client_anon.get("/api/studies/", {"search": "family"}).json()["results"] == []


def test_searching_studies_finds_an_author_whose_name_is_not_ascii(client_anon):
    study = factories.make_study(title="Ketamine and alcohol", authors=[{"family": "Müllerová", "given": "J."}])
    results = client_anon.get("/api/studies/", {"search": "Müllerová"}).json()["results"]
    assert [row["id"] for row in results] == [study.pk]
