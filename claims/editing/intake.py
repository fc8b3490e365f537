"""Intake: the proposals an editor accepted, written as one article with its citations,
claims and links, through the editor services, in one transaction. Verification follows on
commit, once for the whole article."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from claims.editing.articles import create_article
from claims.editing.citations import create_citation
from claims.editing.claims import create_claim
from claims.editing.links import create_link
from claims.models import SourceArticle
from claims.verification.dispatch import batched


def _free_key(model_keys, base: str) -> str:
    key, n = base, 2
    while key in model_keys:
        key = f"{base}-{n}"
        n += 1
    return key


def _article_key(title: str) -> str:
    base = slugify(title)[:60].strip("-") or "article"
    taken = set(SourceArticle.objects.filter(key__startswith=base).values_list("key", flat=True))
    return _free_key(taken, base)


def _date(value: str):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None  # a date the page shows in a form we do not read stays unknown


def accept_intake(
    *,
    user,
    captured,
    citations: list[dict],
    claims: list[dict],
    title: str = "",
    publisher: str = "",
    author: str = "",
    url: str = "",
    note: str = "",
) -> SourceArticle:
    """Save what the editor accepted. `captured` is the capture (`Captured`); `citations`
    are proposals ({"key", "location", "marker", "raw", "study_id"?}) and `claims` too
    ({"quote", "start", "claim_type", "wording", "substances", "citation_keys"}). An article
    with this very text is added to, not duplicated; a citation it already holds (same
    written text) is reused. A claim leaning on a key that is not accepted is refused."""
    reason = note or "accepted from intake"
    with transaction.atomic(), batched():
        article = SourceArticle.objects.filter(content_hash=captured.text_hash).first()
        if article is None:
            article = create_article(
                user=user,
                note=reason,
                key=_article_key(title or captured.title),
                title=(title or captured.title or "Untitled page")[:400],
                captured_text=captured.text,
                publisher=(publisher or captured.publisher)[:200],
                author=(author or captured.author)[:200],
                url=url or captured.url,
                published_on=_date(captured.published),
                source_hash=captured.source_hash,
            )
        existing = {c.raw_text: c for c in article.citations.all()}
        keys = set(article.citations.values_list("key", flat=True))
        by_key = {}
        position = len(existing)
        for proposal in citations:
            if proposal["raw"] in existing:
                by_key[proposal["key"]] = existing[proposal["raw"]]
                continue
            position += 1
            key = _free_key(keys, proposal["key"])
            keys.add(key)
            by_key[proposal["key"]] = create_citation(
                user=user,
                note=reason,
                article_id=article.pk,
                key=key,
                raw_text=proposal["raw"],
                location=proposal["location"],
                marker=proposal.get("marker", "")[:20],
                position=position,
                editor_study_id=proposal.get("study_id"),
            )
        claim_keys = set(article.claims.values_list("key", flat=True))
        number = len(claim_keys)
        for proposal in claims:
            missing = [k for k in proposal.get("citation_keys", []) if k not in by_key]
            if missing:
                raise ValidationError(
                    {"claims": f"The claim {proposal['quote'][:60]!r} leans on citation(s) "
                     f"{', '.join(missing)}, which are not accepted."}
                )  # fmt: skip
            number += 1
            key = _free_key(claim_keys, f"c{number:02d}")
            claim_keys.add(key)
            claim = create_claim(
                user=user,
                note=reason,
                article_id=article.pk,
                key=key,
                quote=proposal["quote"],
                start=proposal["start"],
                claim_type=proposal["claim_type"],
                wording=proposal["wording"],
                substances=proposal.get("substances", ()),
            )
            for citation_key in dict.fromkeys(proposal.get("citation_keys", [])):
                create_link(
                    user=user,
                    note=reason,
                    claim_id=claim.pk,
                    citation_id=by_key[citation_key].pk,
                    reliance="marker",
                )
    return article
