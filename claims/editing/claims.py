"""Claims: add one (its span found from the quote), change it, delete it."""

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.editing.common import existing, stamp, unknown_fields
from claims.models import Claim, ClaimCitation, SourceArticle
from claims.texts import SpanProblem, locate_quote
from claims.verification.dispatch import request_verification
from core.saving import check_version, history_held, locked
from studies.library.editing import substances_by_code

CLAIM_FIELDS = ("key", "quote", "start", "claim_type", "wording", "substances")
# A claim's facts that its flags and verdict read; the citations' status reads its type.
ASSESSED_FIELDS = ("quote", "claim_type", "wording", "substances")
SPAN_FIELDS = ("quote", "start", "end", "claim_type", "wording")


def _place(claim: Claim, *, start=None) -> None:
    try:
        claim.start, claim.end = locate_quote(claim.article.captured_text, claim.quote, start=start)
    except SpanProblem as problem:
        raise ValidationError({problem.field: str(problem)}) from None


def _linked_citations(claim_id: int) -> list[int]:
    return list(
        ClaimCitation.objects.filter(claim_id=claim_id).values_list("citation_id", flat=True)
    )


def create_claim(
    *,
    user,
    note: str = "",
    article_id: int,
    key: str,
    quote: str,
    claim_type: str,
    wording: str,
    substances=(),
    start: int | None = None,
) -> Claim:
    """Add a claim, quoted verbatim: its span is where the quote stands in the article's text
    (give `start` when it stands in several places). Its flags and verdict follow on commit."""
    with transaction.atomic():
        article = existing(SourceArticle, article_id, "article", field="article")
        claim = Claim(article=article, key=key, quote=quote, claim_type=claim_type, wording=wording)
        _place(claim, start=start)
        rows = substances_by_code(substances)
        claim.full_clean()
        stamp(claim, user=user, reason=note or "claim added by an editor")
        claim.save()
        claim.substances.set(rows)
        request_verification(claim_ids=[claim.pk])
    return claim


def update_claim(*, claim_id: int, user, note: str = "", version: int | None = None, **changes) -> Claim:
    """Change a claim. A new quote is placed anew in the text; a claim stays in its article.
    Its flags and verdict are reassessed, and when its type changed, its citations are
    checked again too (what counts as a secondary source depends on the claims on it)."""
    unknown_fields(changes, CLAIM_FIELDS)
    with transaction.atomic():
        claim = locked(Claim, claim_id, "claim")
        check_version(claim, version, "claim")
        codes = changes.pop("substances", None)
        start = changes.pop("start", None)
        before = {name: getattr(claim, name) for name in ("key", *SPAN_FIELDS)}
        for name, value in changes.items():
            setattr(claim, name, value)
        if claim.quote != before["quote"] or start is not None:
            _place(claim, start=start)
        changed = {name for name, value in before.items() if getattr(claim, name) != value}
        if codes is not None:
            rows = substances_by_code(codes)
            if {s.pk for s in rows} != set(claim.substances.values_list("pk", flat=True)):
                # Set without history rows of their own (the history's m2m signal writes one
                # for the removal and one for the addition, before the claim's own): the one
                # row the save below writes holds the new substances with the rest.
                with history_held(claim):
                    claim.substances.set(rows)
                changed.add("substances")
        if changed:
            claim.full_clean()
            # The version moves with the substances too (saved with the row).
            stamp(claim, user=user, reason=note or "claim changed by an editor")
            claim.save()
        # A claim is read beside the other claims of its article (which it may contradict):
        # they are reassessed with it.
        if "claim_type" in changed:
            request_verification(
                citation_ids=_linked_citations(claim.pk), claim_ids=_article_claims(claim.article_id)
            )
        elif changed & set(ASSESSED_FIELDS):
            request_verification(claim_ids=_article_claims(claim.article_id))
    return claim


def _article_claims(article_id: int) -> list[int]:
    return list(Claim.objects.filter(article_id=article_id).values_list("pk", flat=True))


def delete_claim(*, claim_id: int, user, note: str = "", version: int | None = None) -> None:
    """Delete a claim; the citations it leaned on are checked again, since what counts as a
    secondary source depends on the claims that lean on it, and the other claims of its
    article are reassessed (it may have contradicted them)."""
    with transaction.atomic():
        claim = locked(Claim, claim_id, "claim")
        check_version(claim, version, "claim")
        citation_ids = _linked_citations(claim.pk)
        stamp(claim, user=user, reason=note or "claim deleted by an editor")
        claim.delete()
        # The claims it contradicted lose that finding.
        request_verification(citation_ids=citation_ids, claim_ids=_article_claims(claim.article_id))
