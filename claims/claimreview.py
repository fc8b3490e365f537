"""schema.org ClaimReview for a claim, as plain data, and its safe embedding in a page.

Search engines and fact-check aggregators read a `<script type="application/ld+json">` block.
Its text comes from articles we do not control, so the JSON is escaped the way Django's
`json_script` escapes it (`<`, `>` and `&` as \\u escapes): a quote containing `</script>`
cannot close the block.

A ClaimReview says that the evidence behind a claim was assessed. A claim that cites nothing
has no evidence to assess: its verdict ("unsupported: the article gives no source") is a
fact about the article, not a review, so no ClaimReview is published for it, as for a claim
not assessed.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from django.utils.safestring import SafeString, mark_safe

from claims.assessment.verdicts import NO_SOURCE_RATIONALE
from core.pages import safe_url

ORGANISATION = "Ketamine Evidence"

# Verdicts on schema.org's 1 (worst) to 5 (best) scale. "Unverifiable" sits with
# "unsupported": either way the article gives nothing that backs the claim. A claim that is
# not assessed has no review, so it has no rating and no ClaimReview at all.
RATING_VALUES = {
    "supported": 5,
    "partly_supported": 4,
    "overstated": 3,
    "unsupported": 2,
    "unverifiable": 2,
    "contradicted": 1,
}

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
    verdict: str,
    verdict_label: str,
    rationale: str,
    reviewed_on: date | datetime | None,
    article_title: str,
    article_url: str = "",
    article_publisher: str = "",
    article_author: str = "",
    article_published_on: date | None = None,
    cited: bool | None = None,
) -> dict | None:
    """The ClaimReview of one claim, or None when its verdict does not rest on assessed
    evidence: the claim is not assessed, or it cites nothing.

    `cited` says whether the claim has at least one linked citation; when a caller does not
    say (None), a claim whose rationale is the machine's "the article gives no source" is
    taken to cite nothing. Facts the article record does not have (URL, author, date) are
    left out, never filled in.
    """
    rating = RATING_VALUES.get(verdict)
    if rating is None:
        return None
    if cited is False or (cited is None and (rationale or "").strip() == NO_SOURCE_RATIONALE):
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
            "ratingValue": rating,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": verdict_label,
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


def review_of_claim(claim, *, url: str, cited: bool) -> dict | None:
    """The ClaimReview of a claim row (its article loaded), as the claim page and the API's
    export both publish it: reviewed when the editor overrode the verdict, else when the
    machine reached it; the article's address only when it is a web address."""
    article = claim.article
    return claim_review(
        url=url,
        quote=claim.quote,
        verdict=claim.verdict,
        verdict_label=claim.get_verdict_display(),
        rationale=claim.rationale,
        reviewed_on=claim.overridden_at if claim.is_overridden else claim.computed_at,
        article_title=article.title,
        article_url=safe_url(article.url),
        article_publisher=article.publisher,
        article_author=article.author,
        article_published_on=article.published_on,
        cited=cited,
    )
