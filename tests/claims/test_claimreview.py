"""ClaimReview rates a claim's accuracy; it is published only where the accuracy has a rating."""

import json
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from claims.claimreview import claim_review
from claims.verification.runs import verify_article
from studies.models import SettledFact
from tests.factories import make_article, make_claim


def review(**overrides):
    values = {
        "url": "https://evidence.example.org/claims/1/",
        "quote": "Ketamine cures addiction.",
        "rating": "unsupported",
        "rating_label": "Unsupported",
        "rationale": "Unsupported: Smith 2020 says nothing that bears it out.",
        "reviewed_on": datetime(2026, 3, 1, 12, tzinfo=UTC),
        "article_title": "Ketamine and addiction",
    }
    values.update(overrides)
    return claim_review(**values)


def test_an_unverifiable_or_unassessed_claim_has_no_claim_review():
    assert review(rating="unverifiable", rating_label="Unverifiable") is None
    assert review(rating="not_assessed", rating_label="Not assessed") is None


def test_ratings_run_from_inaccurate_to_accurate():
    assert review(rating="inaccurate")["reviewRating"]["ratingValue"] == 1
    assert review(rating="unsupported")["reviewRating"]["ratingValue"] == 2
    assert review(rating="misleading")["reviewRating"]["ratingValue"] == 2
    assert review(rating="mostly_accurate")["reviewRating"]["ratingValue"] == 4
    assert review(rating="accurate")["reviewRating"]["ratingValue"] == 5


def json_ld(response):
    found = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(found.group(1)) if found else None


@pytest.mark.django_db
def test_pages_and_the_export_review_a_claim_a_settled_source_rates_and_not_one_nothing_settles(client):
    text = "Ketamine cures addiction. Ketamine is a dissociative anesthetic."
    article = make_article(captured_text=text)
    unsettled = make_claim(article, quote="Ketamine cures addiction.")
    settled = make_claim(article, quote="Ketamine is a dissociative anesthetic.", claim_type="mechanism")
    SettledFact.objects.create(
        key="dissociative",
        kind="drug_class",
        subject="ketamine",
        value="dissociative anesthetic",
        statement="Ketamine is a dissociative anesthetic.",
        quote="Ketamine is a dissociative anesthetic, mostly used in veterinary practice.",
        source_title="NIDA InfoFacts: Club Drugs",
        url="https://example.org/club-drugs",
        confirmed_from=["https://example.org/club-drugs"],
    )
    verify_article(article_id=article.pk)
    unsettled.refresh_from_db()
    settled.refresh_from_db()
    # Neither cites anything: sourcing says so, accuracy is another answer.
    assert (unsettled.sourcing, settled.sourcing) == ("no_source", "no_source")
    assert (unsettled.accuracy, settled.accuracy) == ("unverifiable", "accurate")

    assert json_ld(client.get(reverse("claim_detail", args=[unsettled.pk]))) is None
    page_review = json_ld(client.get(reverse("claim_detail", args=[settled.pk])))
    assert page_review["reviewRating"]["ratingValue"] == 5
    assert page_review["reviewRating"]["alternateName"] == "Accurate"
    assert "NIDA InfoFacts" in page_review["reviewBody"]

    exported = json.loads(client.get("/api/claims/export.jsonld").getvalue())
    assert [r["claimReviewed"] for r in exported] == ["Ketamine is a dissociative anesthetic."]
