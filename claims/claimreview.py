"""schema.org ClaimReview for a claim, as plain data, and its safe embedding in a page.

Search engines and fact-check aggregators read a `<script type="application/ld+json">` block.
Its text comes from articles we do not control, so the JSON is escaped the way Django's
`json_script` escapes it (`<`, `>` and `&` as \\u escapes): a quote containing `</script>`
cannot close the block.

A ClaimReview rates a claim's truth: its accuracy (`claims.assessment.accuracy`), from the
evidence in the library whether or not the article cites it, never its sourcing. A claim
that is unverifiable or not assessed has no rating, so no ClaimReview is published for it.

The ratings on schema.org's scale (reviewRating: 1 worst, 5 best, with the rating's name as
alternateName), named as fact-checkers such as Health Feedback name their claim ratings:

| accuracy        | ratingValue |
|-----------------|-------------|
| Accurate        | 5           |
| Mostly accurate | 4           |
| Misleading      | 2           |
| Unsupported     | 2           |
| Inaccurate      | 1           |
"""

from __future__ import annotations

import json
from datetime import date, datetime

from django.utils.safestring import SafeString, mark_safe

from claims.constants import ACCURACY_RATING_VALUES
from core.pages import safe_url

ORGANISATION = "Ketamine Evidence"

RATING_VALUES = ACCURACY_RATING_VALUES

_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    # Line and paragraph separators are valid JSON but end a line in older JavaScript.
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def _iso(value):
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return None


def claim_review(
    *,
    url: str,
    quote: str,
    rating: str,
    rating_label: str,
    rationale: str,
    reviewed_on: date | datetime | None,
    article_title: str,
    article_url: str = "",
    article_publisher: str = "",
    article_author: str = "",
    article_published_on: date | None = None,
) -> dict | None:
    """The ClaimReview of one claim, or None when its accuracy has no rating (unverifiable,
    not assessed). Facts the article record does not have (URL, author, date) are left out,
    never filled in."""
    value = RATING_VALUES.get(rating)
    if value is None:
        return None
    appearance: dict = {"@type": "CreativeWork", "headline": article_title}
    if article_url:
        appearance["url"] = article_url
    if article_publisher:
        appearance["publisher"] = {"@type": "Organization", "name": article_publisher}
    if article_author:
        appearance["author"] = {"@type": "Person", "name": article_author}
    if article_published_on:
        appearance["datePublished"] = _iso(article_published_on)
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": quote,
        "author": {"@type": "Organization", "name": ORGANISATION},
        "itemReviewed": {"@type": "Claim", "appearance": appearance},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": rating_label,
        },
    }
    if rationale:
        review["reviewBody"] = rationale
    if reviewed_on:
        review["datePublished"] = _iso(reviewed_on)
    return review


def script_json(data) -> SafeString:
    """JSON text safe to place between `<script type="application/ld+json">` tags."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)


def review_of_claim(claim, *, url: str) -> dict | None:
    """The ClaimReview of a claim row (its article loaded), as the claim page and the API's
    export both publish it: its accuracy, reviewed when the editor overrode the verdict,
    else when the machine reached it; the article's address only when it is a web address."""
    article = claim.article
    return claim_review(
        url=url,
        quote=claim.quote,
        rating=claim.accuracy,
        rating_label=claim.get_accuracy_display(),
        rationale=claim.accuracy_rationale,
        reviewed_on=claim.overridden_at if claim.is_overridden else claim.computed_at,
        article_title=article.title,
        article_url=safe_url(article.url),
        article_publisher=article.publisher,
        article_author=article.author,
        article_published_on=article.published_on,
    )
