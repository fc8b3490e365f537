"""Two editors who load the same row and both save: one success, one clear conflict (412),
never a silent overwrite. The version is the row's count of editors' changes, sent as an
ETag and given back in If-Match (or as "version" in the body)."""

import pytest
from rest_framework.test import APIClient

from claims.models import Claim, ClaimCitation
from claims.verification.runs import verify_citation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors():
    clients = []
    for name in ("edna", "ezra"):
        client = APIClient()
        client.force_authenticate(factories.make_user(name, editor=True))
        clients.append(client)
    return clients


def test_two_editors_saving_from_the_same_version_get_one_success_and_one_412(two_editors, chain):
    edna, ezra = two_editors
    url = f"/api/claims/{chain['claim'].pk}/"
    loaded = edna.get(url)
    etag = loaded["ETag"]
    assert etag == f'"{loaded.json()["version"]}"'
    assert ezra.get(url)["ETag"] == etag

    first = edna.patch(url, {"wording": "hedged"}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200
    assert first["ETag"] != etag
    second = ezra.patch(url, {"claim_type": "safety"}, format="json", HTTP_IF_MATCH=etag)
    assert second.status_code == 412
    body = second.json()
    assert "changed since you loaded it by edna" in body["detail"]
    # What changed, named: the editor knows what to look at before making the change again.
    assert "(claim changed by an editor): its wording changed; you started from version" in body["detail"]
    assert body["version"] == first.json()["version"]
    claim = Claim.objects.get(pk=chain["claim"].pk)
    assert (claim.wording, claim.claim_type) == ("hedged", "efficacy")  # the first change kept

    # Reloaded, the second editor's change goes through; history has both editors.
    retry = ezra.patch(url, {"claim_type": "safety"}, format="json", HTTP_IF_MATCH=first["ETag"])
    assert retry.status_code == 200
    assert {h.history_user.username for h in claim.history.all() if h.history_user} >= {"edna", "ezra"}


def test_the_version_may_be_given_in_the_body(two_editors, chain):
    edna, _ezra = two_editors
    url = f"/api/citations/{chain['citation'].pk}/"
    version = edna.get(url).json()["version"]
    stale = edna.patch(url, {"marker": "[9]", "version": version - 1}, format="json")
    assert stale.status_code == 412
    assert edna.patch(url, {"marker": "[9]", "version": version}, format="json").status_code == 200


def test_a_weak_if_match_never_matches_the_strong_etags_the_api_gives_and_is_a_412(two_editors, chain):
    # RFC 9110: If-Match compares strongly, and a weak tag matches nothing.
    edna, _ezra = two_editors
    url = f"/api/citations/{chain['citation'].pk}/"
    loaded = edna.get(url)
    assert not loaded["ETag"].startswith("W/")
    weak = edna.patch(url, {"marker": "[9]"}, format="json", HTTP_IF_MATCH=f"W/{loaded['ETag']}")
    assert weak.status_code == 412, weak.json()
    assert "weak" in weak.json()["detail"]
    assert edna.get(url).json()["marker"] == chain["citation"].marker
    assert edna.delete(url, HTTP_IF_MATCH=f"W/{loaded['ETag']}").status_code == 412


def test_a_version_that_cannot_be_read_is_named_with_a_list_of_messages_as_every_field_error_is(two_editors, chain):
    edna, _ezra = two_editors
    url = f"/api/claims/{chain['claim'].pk}/"
    header = edna.patch(url, {"wording": "hedged"}, format="json", HTTP_IF_MATCH='"abc"')
    assert header.json() == {"If-Match": ["'\"abc\"' is not a version this API gave."]}
    body = edna.patch(url, {"wording": "hedged", "version": "abc"}, format="json")
    assert body.json() == {"version": ["'abc' is not a version number."]}


def test_a_stale_delete_is_refused_and_deletes_nothing(two_editors, chain):
    edna, ezra = two_editors
    link = ClaimCitation.objects.get(claim=chain["claim"], citation=chain["citation"])
    url = f"/api/links/{link.pk}/"
    etag = ezra.get(url)["ETag"]
    assert edna.patch(url, {"stance": "partly", "rationale": "Only cocaine."}, format="json").status_code == 200
    response = ezra.delete(url, HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert ClaimCitation.objects.filter(pk=link.pk).exists()


def test_a_stale_override_does_not_revert_another_editors_change(two_editors, chain):
    edna, ezra = two_editors
    claim_url = f"/api/claims/{chain['claim'].pk}/"
    etag = ezra.get(claim_url)["ETag"]
    assert edna.patch(claim_url, {"wording": "hedged"}, format="json").status_code == 200
    response = ezra.post(
        claim_url + "override/", {"verdict": "supported", "rationale": "Read the trial."},
        format="json", HTTP_IF_MATCH=etag,
    )  # fmt: skip
    assert response.status_code == 412
    assert Claim.objects.get(pk=chain["claim"].pk).override_verdict == ""


def test_articles_and_studies_are_guarded_the_same_way(two_editors, chain):
    edna, ezra = two_editors
    for url, change in (
        (f"/api/articles/{chain['article'].pk}/", {"publisher": "Another site"}),
        (f"/api/studies/{chain['study'].pk}/", {"notes": "Checked against the PDF."}),
    ):
        etag = ezra.get(url)["ETag"]
        assert edna.patch(url, change, format="json", HTTP_IF_MATCH=etag).status_code == 200
        assert ezra.patch(url, change, format="json", HTTP_IF_MATCH=etag).status_code == 412


def test_a_change_of_substances_alone_moves_the_version_so_a_stale_save_cannot_undo_it(
    two_editors, chain
):
    edna, ezra = two_editors
    url = f"/api/studies/{chain['study'].pk}/"
    etag = ezra.get(url)["ETag"]
    first = edna.patch(url, {"substances": ["opioids", "cocaine"]}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200 and first["ETag"] != etag
    stale = ezra.patch(url, {"substances": ["alcohol"]}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert sorted(edna.get(url).json()["substances"]) == ["cocaine", "opioids"]
    # The same substances again change nothing, and keep the version.
    again = edna.patch(url, {"substances": ["cocaine", "opioids"]}, format="json", HTTP_IF_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] == first["ETag"]


def test_saving_what_is_there_moves_no_version_and_writes_no_history(two_editors, chain):
    edna, ezra = two_editors
    article_url = f"/api/articles/{chain['article'].pk}/"
    loaded = ezra.get(article_url)
    rows = chain["article"].history.count()
    assert edna.patch(article_url, {}, format="json")["ETag"] == loaded["ETag"]
    same = {"publisher": loaded.json()["publisher"], "title": loaded.json()["title"]}
    assert edna.patch(article_url, same, format="json")["ETag"] == loaded["ETag"]
    assert chain["article"].history.count() == rows
    # So another editor's save from what they loaded still goes through.
    change = {"publisher": "Another site"}
    assert ezra.patch(article_url, change, format="json", HTTP_IF_MATCH=loaded["ETag"]).status_code == 200

    claim = chain["claim"]
    claim_url = f"/api/claims/{claim.pk}/"
    etag, rows = edna.get(claim_url)["ETag"], claim.history.count()
    cleared = edna.delete(f"{claim_url}override/")  # it has no override to clear
    assert cleared.status_code == 200 and edna.get(claim_url)["ETag"] == etag
    assert claim.history.count() == rows


def test_outcomes_are_guarded_like_the_rows_they_belong_to(two_editors, chain):
    edna, ezra = two_editors
    url = f"/api/outcomes/{chain['outcome'].pk}/"
    etag = ezra.get(url)["ETag"]
    assert edna.patch(url, {"time_point": "6 months"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    assert ezra.patch(url, {"time_point": "12 months"}, format="json", HTTP_IF_MATCH=etag).status_code == 412
    assert ezra.delete(url, HTTP_IF_MATCH=etag).status_code == 412
    assert edna.get(url).json()["time_point"] == "6 months"


def test_an_if_match_that_is_no_version_is_a_400(two_editors, chain):
    edna, _ezra = two_editors
    response = edna.patch(f"/api/claims/{chain['claim'].pk}/", {"wording": "hedged"}, format="json", HTTP_IF_MATCH='"abc"')
    assert response.status_code == 400 and "If-Match" in response.json()


@pytest.mark.parametrize("if_match", ['"²"', '"١"', '"-1"', '"1.0"'])
def test_an_if_match_of_digits_int_cannot_read_is_a_400_not_a_500(two_editors, chain, if_match):
    edna, _ezra = two_editors
    url = f"/api/claims/{chain['claim'].pk}/"
    response = edna.patch(url, {"wording": "hedged"}, format="json", HTTP_IF_MATCH=if_match)
    assert response.status_code == 400 and "If-Match" in response.json()


@pytest.mark.parametrize("version", ["1e400", "true", "1.9", '"²"', "[1]"])
def test_a_version_in_the_body_that_is_no_whole_number_is_a_400_not_a_500(two_editors, chain, version):
    edna, _ezra = two_editors
    claim = chain["claim"]
    body = '{"wording": "hedged", "version": ' + version + "}"
    for method, url in (
        (edna.patch, f"/api/claims/{claim.pk}/"),
        (edna.delete, f"/api/claims/{claim.pk}/override/"),
    ):
        response = method(url, body, content_type="application/json")
        assert response.status_code == 400, (url, response.content)
        assert "version" in response.json()
    claim.refresh_from_db()
    assert claim.wording != "hedged"


def test_verification_does_not_move_the_version_an_editor_loaded(chain):
    claim = chain["claim"]
    before = Claim.objects.get(pk=claim.pk).version
    verify_citation(citation_id=chain["citation"].pk)
    assert Claim.objects.get(pk=claim.pk).version == before


def test_a_conflict_names_every_field_changed_since_the_version_loaded(two_editors, chain):
    edna, ezra = two_editors
    url = f"/api/claims/{chain['claim'].pk}/"
    etag = ezra.get(url)["ETag"]
    assert edna.patch(url, {"wording": "hedged"}, format="json").status_code == 200
    assert edna.patch(url, {"key": "renamed"}, format="json").status_code == 200
    refused = ezra.patch(url, {"claim_type": "safety"}, format="json", HTTP_IF_MATCH=etag)
    assert refused.status_code == 412
    assert "its key and wording changed;" in refused.json()["detail"]
