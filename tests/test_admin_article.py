"""Editors add and edit articles in the admin; the content hash follows the text."""

import hashlib

import pytest

from claims.models import Claim, SourceArticle
from tests import factories
from tests.test_admin_conflicts import editor, form_data

pytestmark = pytest.mark.django_db


def test_an_article_added_in_the_admin_gets_the_hash_of_its_text(admin_client):
    text = "Ketamine cured everyone [1]."
    response = admin_client.post(
        "/admin/claims/sourcearticle/add/",
        {
            "key": "added",
            "title": "Added by hand",
            "publisher": "",
            "author": "",
            "url": "",
            "published_on": "",
            "captured_text": text,
            "captured_at_0": "",
            "captured_at_1": "",
            "claims-TOTAL_FORMS": "0",
            "claims-INITIAL_FORMS": "0",
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = SourceArticle.objects.get(key="added")
    assert article.content_hash == hashlib.sha256(text.encode()).hexdigest()


TEXT = "Ketamine helps.\n\nIt cut drinking by half [1].\n\nIt is safe for everyone."


@pytest.fixture
def article_with_claims():
    article = factories.make_article(captured_text=TEXT)
    claims = [
        factories.make_claim(article, quote="It cut drinking by half [1].", wording="categorical"),
        factories.make_claim(article, quote="It is safe for everyone.", claim_type="safety"),
    ]
    return article, claims


def test_saving_an_article_from_a_browser_keeps_its_text_as_it_was(article_with_claims):
    # A textarea sends its lines ended with \r\n: the text was replaced, its hash changed,
    # every claim's span moved (a history row each) and the article was checked again.
    article, claims = article_with_claims
    url = f"/admin/claims/sourcearticle/{article.pk}/change/"
    client = editor("edna")
    data = form_data(client, url)
    data["captured_text"] = data["captured_text"].replace("\n", "\r\n")
    history_before = [claim.history.count() for claim in claims]
    response = client.post(url, {**data, "publisher": "Another Site"})
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.publisher == "Another Site"
    assert article.captured_text == TEXT
    assert article.content_hash == hashlib.sha256(TEXT.encode()).hexdigest()
    assert [claim.history.count() for claim in claims] == history_before


def test_a_claim_changed_with_a_new_text_for_its_article_is_found_where_its_quote_moved(article_with_claims):
    # The claim's row looked for its quote at its old start in the new text, and told the
    # editor the quote was not in the article.
    article, claims = article_with_claims
    url = f"/admin/claims/sourcearticle/{article.pk}/change/"
    client = editor("edna")
    data = form_data(client, url)
    data["captured_text"] = "Editor note. " + data["captured_text"]
    row = next(k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == claims[0].pk)
    data[f"claims-{row}-wording"] = "hedged"
    response = client.post(url, data, follow=True)
    assert "Nothing was saved" not in response.content.decode(), response.content.decode()[-6000:]
    first, second = (Claim.objects.get(pk=claim.pk) for claim in claims)
    assert first.wording == "hedged"
    assert (first.start, second.start) == (claims[0].start + 13, claims[1].start + 13)
    assert article.__class__.objects.get(pk=article.pk).captured_text[first.start : first.end] == first.quote


def test_a_quote_typed_over_two_lines_in_a_browser_matches_the_text(article_with_claims):
    article, claims = article_with_claims
    article.captured_text = TEXT + "\nKetamine works\nfast."
    article.content_hash = hashlib.sha256(article.captured_text.encode()).hexdigest()
    article.save()
    url = f"/admin/claims/claim/{claims[0].pk}/change/"
    client = editor("edna")
    data = form_data(client, url)
    response = client.post(url, {**data, "quote": "Ketamine works\r\nfast."})
    assert response.status_code == 302, response.content.decode()[:3000]
    claim = Claim.objects.get(pk=claims[0].pk)
    assert claim.quote == "Ketamine works\nfast."
    assert article.captured_text[claim.start : claim.end] == claim.quote
