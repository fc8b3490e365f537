"""ClaimReview is published only for claims whose verdict rests on assessed evidence."""

import json
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from claims.assessment.verdicts import NO_SOURCE_RATIONALE
from claims.claimreview import claim_review
from claims.verification.runs import recompute_claim, verify_article
from tests.claims.library import library_study
from tests.factories import make_article, make_citation, make_claim, make_link


def review(**overrides):
    values = {
        "url": "https://evidence.example.org/claims/1/",
        "quote": "Ketamine cures addiction.",
        "verdict": "unsupported",
        "verdict_label": "Unsupported",
        "rationale": "Unsupported: it rests only on secondary (non-research) sources.",
        "reviewed_on": datetime(2026, 3, 1, 12, tzinfo=UTC),
        "article_title": "Ketamine and addiction",
    }
    values.update(overrides)
    return claim_review(**values)


def test_a_claim_that_cites_nothing_has_no_claim_review():
    assert review(rationale=NO_SOURCE_RATIONALE) is None
    assert review(cited=False) is None


def test_an_unsupported_claim_whose_citations_were_assessed_is_rated_two():
    assert review()["reviewRating"]["ratingValue"] == 2
    assert review(cited=True, rationale=NO_SOURCE_RATIONALE)["reviewRating"]["ratingValue"] == 2


def json_ld(response):
    found = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(found.group(1)) if found else None


@pytest.mark.django_db
def test_pages_and_the_export_publish_no_review_for_a_claim_that_cites_nothing(client):
    text = "Ketamine cures addiction. Ketamine is safe [1]."
    article = make_article(captured_text=text)
    uncited = make_claim(article, quote="Ketamine cures addiction.")
    cited = make_claim(article, quote="Ketamine is safe [1].", claim_type="safety")
    library_study("webmd")
    make_link(
        cited,
        make_citation(
            article,
            raw_text="https://www.webmd.com/mental-health/addiction/ketamine-for-addiction-what-to-know",
        ),
    )
    verify_article(article_id=article.pk)
    recompute_claim(claim_id=uncited.pk)
    uncited.refresh_from_db()
    cited.refresh_from_db()
    assert (uncited.verdict, uncited.rationale) == ("unsupported", NO_SOURCE_RATIONALE)
    assert cited.verdict == "unsupported"  # it rests only on WebMD, which was assessed

    assert json_ld(client.get(reverse("claim_detail", args=[uncited.pk]))) is None
    page_review = json_ld(client.get(reverse("claim_detail", args=[cited.pk])))
    assert page_review["reviewRating"]["ratingValue"] == 2

    exported = json.loads(client.get("/api/claims/export.jsonld").content)
    assert [r["claimReviewed"] for r in exported] == ["Ketamine is safe [1]."]
