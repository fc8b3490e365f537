"""An editor's verdict on a claim, kept beside the machine's."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims import constants as c
from claims.editing.common import stamp
from claims.models import Claim
from core.saving import changed_fields, check_version, locked

VERDICT_CODES = {code for code, _ in c.VERDICTS}
CERTAINTY_CODES = {code for code, _ in c.CERTAINTIES}


def validate_override(*, verdict: str, certainty: str, rationale: str) -> None:
    """Raise ValidationError unless the override is complete and uses known codes."""
    errors = {}
    if verdict and verdict not in VERDICT_CODES:
        errors["override_verdict"] = f"Unknown verdict {verdict!r}."
    if certainty and certainty not in CERTAINTY_CODES:
        errors["override_certainty"] = f"Unknown certainty {certainty!r}."
    if verdict and not (rationale or "").strip():
        errors["override_rationale"] = "Say why the verdict is overridden."
    if verdict == "not_assessed" and certainty:
        errors["override_certainty"] = "A claim not assessed has no certainty: leave it empty."
    if not verdict and (certainty or (rationale or "").strip()):
        errors["override_verdict"] = "Choose a verdict, or clear certainty and rationale too."
    if errors:
        raise ValidationError(errors)


def override_verdict(
    *,
    claim_id: int,
    user,
    verdict: str,
    certainty: str = "",
    rationale: str = "",
    note: str = "",
    version: int | None = None,
) -> Claim:
    """Set (or, with an empty verdict, clear) an editor's verdict, recorded with who, when
    and why. The machine's own verdict stays stored and shown beside it."""
    verdict = verdict or ""
    certainty = certainty or ""
    rationale = (rationale or "").strip()
    validate_override(verdict=verdict, certainty=certainty, rationale=rationale)
    with transaction.atomic():
        claim = locked(Claim, claim_id, "claim")
        check_version(claim, version, "claim")
        given = {
            "override_verdict": verdict,
            "override_certainty": certainty if verdict else "",
            "override_rationale": rationale if verdict else "",
        }
        if not changed_fields(claim, given):
            return claim  # the override it has (or none, cleared again): nothing to record
        for name, value in given.items():
            setattr(claim, name, value)
        # Who and when; an override with no editor behind it (the seed corpus's, curated as
        # files) records neither.
        signed_in = bool(verdict) and getattr(user, "pk", None) is not None
        claim.overridden_by = user if signed_in else None
        claim.overridden_at = timezone.now() if signed_in else None
        stamp(
            claim,
            user=user,
            reason=note or ("verdict overridden by an editor" if verdict else "override cleared"),
        )
        claim.save()
    return claim


def clear_override(*, claim_id: int, user, version: int | None = None) -> Claim:
    """Remove an editor's verdict: the computed one applies again."""
    return override_verdict(claim_id=claim_id, user=user, verdict="", version=version)
