"""Editors add and edit articles in the admin; the content hash follows the text."""

import hashlib

import pytest

from claims.models import SourceArticle

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
