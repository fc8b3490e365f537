"""The intake review screen in the admin, through Django's test client: nothing is written
until the editor accepts, and what is written is what the editor chose."""

import hashlib

import pytest

from claims.models import ClaimCitation, SourceArticle
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/admin/claims/sourcearticle/intake/"
PAGE = (
    "Ketamine and alcohol\n\nA randomised trial found that ketamine reduced relapse [1]. "
    "Call us today to book a consultation.\nThis is where the story begins for many people.\n"
    "Ketamine blocks NMDA receptors in the brain.\n\nReferences\n\n[1] Grabski, M., et al. "
    "(2022). Adjunctive ketamine with relapse prevention-based psychological therapy in the "
    "treatment of alcohol use disorder. American Journal of Psychiatry, 179(2), 152-162.\n"
)


@pytest.fixture
def editor_client(client):
    user = factories.make_user("ed", editor=True, is_staff=True)
    client.force_login(user)
    return client


def review(editor_client):
    response = editor_client.post(URL, {"text": PAGE, "title": "Ketamine and alcohol"})
    assert response.status_code == 200
    return response


def hidden(response):
    proposal = response.context["proposal"]
    captured = response.context["captured"]
    return proposal, {
        "step": "accept",
        "captured_text": captured.text,
        "source_hash": captured.source_hash,
        "kind": captured.kind,
        "title": "Ketamine and alcohol",
    }


def test_the_articles_list_links_to_the_intake_screen(editor_client):
    response = editor_client.get("/admin/claims/sourcearticle/")
    assert URL in response.content.decode()


def test_proposing_highlights_every_candidate_and_saves_nothing(editor_client):
    response = review(editor_client)
    html = response.content.decode()
    proposal = response.context["proposal"]
    assert len(proposal["claims"]) == 2
    for i in range(len(proposal["claims"])):
        assert f'id="cand-{i}"' in html
    assert SourceArticle.objects.count() == 0


def test_accept_all_confident_saves_the_confident_claims_and_every_citation(editor_client):
    proposal, form = hidden(review(editor_client))
    response = editor_client.post(URL, {**form, "accept_confident": "1"})
    article = SourceArticle.objects.get()
    assert response.status_code == 302
    assert response.url == f"/admin/claims/sourcearticle/{article.pk}/intake-progress/"
    confident = [c["quote"] for c in proposal["claims"] if c["confident"]]
    assert sorted(article.claims.values_list("quote", flat=True)) == sorted(confident)
    assert article.citations.count() == 1


def test_ticked_rows_with_an_edited_span_a_new_type_and_an_added_claim(editor_client):
    proposal, form = hidden(review(editor_client))
    text = form["captured_text"]
    edited = "ketamine reduced relapse"
    start = text.index(edited)
    added = "Ketamine blocks NMDA receptors"
    added_start = text.index(added)
    response = editor_client.post(URL, {
        **form,
        "accept_selected": "1",
        "claim-0-accept": "1",
        "claim-0-start": str(start),
        "claim-0-end": str(start + len(edited)),
        "claim-0-type": "efficacy",
        "citation-r1-accept": "1",
        "citation-r1-match": "none",
        "added": "1",
        "added-0-start": str(added_start),
        "added-0-end": str(added_start + len(added)),
        "added-0-type": "mechanism",
    })  # fmt: skip
    assert response.status_code == 302
    article = SourceArticle.objects.get()
    assert sorted(article.claims.values_list("quote", "claim_type")) == [
        (added, "mechanism"),
        (edited, "efficacy"),
    ]
    # Narrowed to part of its sentence, the claim still leans on the sentence's marker.
    assert ClaimCitation.objects.filter(claim__quote=edited, citation__marker="[1]").exists()
    assert not ClaimCitation.objects.filter(claim__quote=added).exists()


@pytest.mark.parametrize(
    "choices, message",
    [
        ({"citation-r1-accept": "1", "citation-r1-match": "other", "citation-r1-study": "abc"},
         "citation-r1-study must be a whole number, not &#x27;abc&#x27;"),
        ({"claim-0-accept": "1", "claim-0-start": "5", "claim-0-end": "99999"},
         "Claim 0: 5-99999 is not a span of words in the text"),
        ({"claim-0-accept": "1", "claim-0-start": "x", "claim-0-end": "9"},
         "claim-0-start must be a whole number"),
        ({"claim-0-accept": "1", "claim-0-start": "2", "claim-0-end": "5"},
         "Claim 0: 2-5 is not a span of words in the text"),
        ({"claim-0-accept": "1", "claim-0-start": "8", "claim-0-end": "9"},
         "Claim 0: 8-9 is not a span of words in the text"),
        ({"added-0-start": "0", "added-0-end": "8", "added-0-type": "gossip"},
         "Added claim 1: &#x27;gossip&#x27; is not a claim type"),
    ],
)  # fmt: skip
def test_a_tampered_or_mistyped_choice_is_said_on_the_screen_and_nothing_saved(
    editor_client, choices, message
):
    proposal, form = hidden(review(editor_client))
    response = editor_client.post(URL, {**form, "accept_selected": "1", **choices})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SourceArticle.objects.count() == 0


def test_a_claim_taken_in_later_still_leans_on_the_citation_saved_before(editor_client):
    proposal, form = hidden(review(editor_client))
    # First only the reference and the sentence that does not cite it.
    editor_client.post(URL, {
        **form, "accept_selected": "1", "citation-r1-accept": "1",
        "claim-1-accept": "1", "claim-1-start": proposal["claims"][1]["start"],
        "claim-1-end": proposal["claims"][1]["end"],
    })  # fmt: skip
    again = review(editor_client).context["proposal"]
    assert again["citations"] == [] and list(again["saved_citations"]) == ["r1"]
    assert [c["citation_keys"] for c in again["claims"]] == [["r1"]]
    editor_client.post(URL, {**form, "accept_confident": "1"})
    article = SourceArticle.objects.get()
    assert article.citations.count() == 1
    link = ClaimCitation.objects.get(claim__article=article)
    assert link.citation.marker == "[1]" and "reduced relapse" in link.claim.quote


def test_taking_in_a_page_again_says_which_details_given_were_not_applied(editor_client):
    _, form = hidden(review(editor_client))
    editor_client.post(URL, {**form, "accept_confident": "1"})
    _, again = hidden(review(editor_client))
    response = editor_client.post(
        URL, {**again, "title": "Another title", "author": "A. Writer", "accept_confident": "1"}, follow=True
    )
    article = SourceArticle.objects.get()
    assert (article.title, article.author) == ("Ketamine and alcohol", "")
    page = response.content.decode()
    assert "This page was taken in before, as “Ketamine and alcohol”. The title and author given were not applied" in page
    response = editor_client.post(URL, {**again, "accept_confident": "1"}, follow=True)
    assert "not applied" not in response.content.decode()


def test_the_progress_page_says_when_verification_is_done(
    editor_client, django_capture_on_commit_callbacks
):
    proposal, form = hidden(review(editor_client))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(URL, {**form, "accept_confident": "1"})
    page = editor_client.get(response.url).content.decode()
    assert "1 of 1 citation checked" in page and "done" in page


def test_bad_input_is_said_on_the_form(editor_client):
    response = editor_client.post(URL, {"text": "", "title": "x"})
    assert "Give the page one way" in response.content.decode()
    binary = factories.uploaded("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    response = editor_client.post(URL, {"file": binary})
    assert "binary" in response.content.decode()


def test_readers_cannot_open_the_intake_screen(client):
    client.force_login(factories.make_user("reader", is_staff=True))
    assert client.get(URL).status_code == 403


def test_a_tampered_source_hash_is_dropped_not_a_server_error(editor_client):
    proposal, form = hidden(review(editor_client))
    response = editor_client.post(
        URL, {**form, "source_hash": "<not a digest>", "accept_confident": "1"}
    )
    assert response.status_code == 302
    assert SourceArticle.objects.get().source_hash == ""


def test_a_pasted_text_keeps_the_hash_of_its_bytes(editor_client):
    proposal, form = hidden(review(editor_client))
    editor_client.post(URL, {**form, "accept_confident": "1"})
    article = SourceArticle.objects.get()
    assert article.source_hash == hashlib.sha256(PAGE.encode()).hexdigest()


@pytest.mark.parametrize(
    "field, limit", [("title", 400), ("publisher", 200), ("author", 200)]
)  # fmt: skip
def test_a_detail_longer_than_its_limit_is_refused_on_the_review_form_not_cut(
    editor_client, field, limit
):
    proposal, form = hidden(review(editor_client))
    response = editor_client.post(
        URL, {**form, field: "K" * (limit + 100), "accept_confident": "1"}
    )
    assert response.status_code == 200
    assert response.context["details_form"].errors[field] == [
        f"Ensure this value has at most {limit} characters (it has {limit + 100})."
    ]
    assert f"at most {limit} characters" in response.content.decode()
    assert SourceArticle.objects.count() == 0
