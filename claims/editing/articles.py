"""Articles: add one, change its details, replace its text, delete it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.editing.common import stamp, unknown_fields
from claims.models import SourceArticle
from claims.texts import SpanProblem, locate_quote
from claims.verification.dispatch import request_verification
from core.saving import changed_fields, check_version, locked

ARTICLE_FIELDS = (
    "key", "title", "publisher", "author", "url", "published_on", "captured_at", "captured_text",
    "source_hash",
)  # fmt: skip


def create_article(
    *, user, note: str = "", key: str, title: str, captured_text: str, **details
) -> SourceArticle:
    """Add an article with its captured text, kept verbatim; captured now unless given."""
    unknown_fields(details, ARTICLE_FIELDS)
    details.setdefault("captured_at", timezone.now())
    with transaction.atomic():
        article = SourceArticle(key=key, title=title, captured_text=captured_text, **details)
        article.full_clean()
        stamp(article, user=user, reason=note or "article added by an editor")
        article.save()
    return article


def moved_quotes(article: SourceArticle, text: str) -> dict:
    """Where each claim's quote stands in a new text: {claim: (start, end)} for the claims
    whose quote moved. Raises ValidationError on `captured_text` naming the claims whose
    quote the new text no longer holds, or holds in several places."""
    moved, missing, ambiguous = {}, [], []
    for claim in article.claims.all():
        if text[claim.start : claim.end] == claim.quote:
            continue
        try:
            moved[claim] = locate_quote(text, claim.quote)
        except SpanProblem as problem:
            (missing if problem.field == "quote" else ambiguous).append(claim.key)
    problems = []
    if missing:
        problems.append(
            f"the new text no longer contains the quotes of {len(missing)} claim(s): "
            + ", ".join(missing[:10])
        )
    if ambiguous:
        problems.append(
            f"the quotes of {len(ambiguous)} claim(s) stand in several places in the new "
            "text: " + ", ".join(ambiguous[:10])
        )
    if problems:
        raise ValidationError(
            {"captured_text": "; ".join(problems).capitalize() + ". Correct those claims first."}
        )
    return moved


def update_article(
    *, article_id: int, user, note: str = "", version: int | None = None, **changes
) -> SourceArticle:
    """Change an article's details or replace its text. A new text must still hold every
    claim's quote: a quote that moved gets its new span, and the change is refused, naming
    the claims, when a quote is gone or stands in several places.

    The article comes back with `moved_claims`, {claim id: (version before, version after)}
    for the claims this change moved: a form that also changes one of those claims, saved in
    the same submission, started from the version before and is no stale copy of it."""
    unknown_fields(changes, ARTICLE_FIELDS)
    with transaction.atomic():
        article = locked(SourceArticle, article_id, "article")
        check_version(article, version, "article")
        article.moved_claims = {}
        if not changed_fields(article, changes):
            return article  # a save of what is there: no new version, no history row
        text = changes.get("captured_text", article.captured_text)
        before_text = article.captured_text
        moved = moved_quotes(article, text) if text != before_text else {}
        for name, value in changes.items():
            setattr(article, name, value)
        article.full_clean()
        stamp(article, user=user, reason=note or "article changed by an editor")
        article.save()
        for claim, (start, end) in moved.items():
            claim.article = article
            claim.start, claim.end = start, end
            before = claim.version
            stamp(
                claim, user=user, reason=note or "the article's text was replaced: quote found anew"
            )
            claim.save()
            article.moved_claims[claim.pk] = (before, claim.version)
        if text != before_text:
            # A claim is read with its paragraph, which the new text may have changed.
            request_verification(article_ids=[article.pk])
    return article


def delete_article(*, article_id: int, user, note: str = "", version: int | None = None) -> None:
    """Delete an article with its claims, citations, links and flags (history keeps them)."""
    with transaction.atomic():
        article = locked(SourceArticle, article_id, "article")
        check_version(article, version, "article")
        stamp(article, user=user, reason=note or "article deleted by an editor")
        article.delete()
