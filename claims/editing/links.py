"""Claim-citation links and the editor's judgement of them."""

from django.db import transaction
from django.utils import timezone

from claims.editing.common import existing, stamp, unknown_fields
from claims.models import Citation, Claim, ClaimCitation
from claims.verification.dispatch import request_verification
from core.saving import check_version, locked

LINK_FIELDS = ("claim_id", "citation_id", "reliance", "stance", "misfit_reasons", "rationale")
# The editor's judgement: who made it and when is stamped whenever it changes.
JUDGEMENT_FIELDS = ("stance", "misfit_reasons", "rationale")


def _check(link: ClaimCitation) -> None:
    existing(Claim, link.claim_id, "claim", field="claim")
    existing(Citation, link.citation_id, "citation", field="citation")
    link.full_clean()


def _judged(link: ClaimCitation, user) -> None:
    """Who judged and when; a change with no editor behind it (the seed corpus, whose
    judgements were curated as files) records neither."""
    signed_in = getattr(user, "pk", None) is not None
    link.judged_by = user if signed_in else None
    link.judged_at = timezone.now() if signed_in else None


def _recheck(*, claim_ids, citation_ids) -> None:
    # What counts as a secondary source depends on the claims that lean on a citation, so
    # the citations are checked again (which reassesses the claims on them), and the claims
    # are reassessed, also one whose last link was removed.
    request_verification(citation_ids=citation_ids, claim_ids=claim_ids)


def create_link(
    *,
    user,
    note: str = "",
    claim_id: int,
    citation_id: int,
    reliance: str,
    stance: str = "",
    misfit_reasons=(),
    rationale: str = "",
) -> ClaimCitation:
    """Say that a claim leans on a citation of its article, with the editor's judgement of
    what the cited study says about it (empty: not judged yet)."""
    with transaction.atomic():
        link = ClaimCitation(
            claim_id=claim_id,
            citation_id=citation_id,
            reliance=reliance,
            stance=stance,
            misfit_reasons=list(misfit_reasons),
            rationale=rationale,
        )
        if stance or link.misfit_reasons or rationale:
            _judged(link, user)
        _check(link)
        stamp(link, user=user, reason=note or "link added by an editor")
        link.save()
        _recheck(claim_ids=[claim_id], citation_ids=[citation_id])
    return link


def update_link(
    *, link_id: int, user, note: str = "", version: int | None = None, **changes
) -> ClaimCitation:
    """Change a link or its judgement; both the claim and citation it left and the ones it
    now joins are checked again."""
    unknown_fields(changes, LINK_FIELDS)
    if "misfit_reasons" in changes:
        changes["misfit_reasons"] = list(changes["misfit_reasons"])
    with transaction.atomic():
        link = locked(ClaimCitation, link_id, "claim-citation link")
        check_version(link, version, "claim-citation link")
        before = (link.claim_id, link.citation_id)
        changed = [name for name, value in changes.items() if getattr(link, name) != value]
        if not changed:
            return link
        for name in changed:
            setattr(link, name, changes[name])
        if set(changed) & set(JUDGEMENT_FIELDS):
            _judged(link, user)
        _check(link)
        stamp(link, user=user, reason=note or "link changed by an editor")
        link.save()
        _recheck(claim_ids={before[0], link.claim_id}, citation_ids={before[1], link.citation_id})
    return link


def delete_link(*, link_id: int, user, note: str = "", version: int | None = None) -> None:
    with transaction.atomic():
        link = locked(ClaimCitation, link_id, "claim-citation link")
        check_version(link, version, "claim-citation link")
        claim_id, citation_id = link.claim_id, link.citation_id
        stamp(link, user=user, reason=note or "link deleted by an editor")
        link.delete()
        _recheck(claim_ids=[claim_id], citation_ids=[citation_id])
