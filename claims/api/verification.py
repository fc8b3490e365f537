"""The API's one door to the verification services (claims.services.verification).

Views call these functions, never the services directly, so that the services' errors come
back as API errors (a Django ValidationError as a 400 naming the field, a row that vanished
meanwhile as a 404) and the API's needs are listed in one place.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers

from claims.services import verification as service


def _call(function, **kwargs):
    try:
        return function(**kwargs)
    except DjangoValidationError as e:
        raise serializers.ValidationError(serializers.as_serializer_error(e)) from None
    except service.VerificationError as e:
        raise exceptions.NotFound(str(e)) from None


def recompute_claim(claim):
    """A claim's own fields changed (quote, wording, type): recompute its flags and verdict."""
    _call(service.recompute_claim, claim_id=claim.pk)


def links_changed(claim_id, citation_ids=()):
    """A claim's links were added, changed or removed: the service re-verifies the citations
    and recomputes the claim when the transaction commits (in a worker, with a broker)."""
    _call(service.links_changed, claim_id=claim_id, citation_ids=list(citation_ids))


def verify_citation(citation):
    """A citation's text changed: check it again now, so the answer shows its new status."""
    _call(service.verify_citation, citation_id=citation.pk)


def accept_match(citation, *, study, user):
    """An editor said which study a citation is (or, with None, that it is none)."""
    _call(service.accept_match, citation_id=citation.pk, study_id=study.pk if study else None, user=user)


def override_verdict(claim, *, verdict, certainty, rationale, user):
    """Set an editor's verdict on a claim; recorded with who, when and why."""
    _call(
        service.override_verdict,
        claim_id=claim.pk, user=user, verdict=verdict, certainty=certainty, rationale=rationale,
    )


def clear_override(claim, *, user):
    """Remove an editor's verdict: the computed one applies again."""
    _call(service.override_verdict, claim_id=claim.pk, user=user, verdict="")


def dismiss_flag(flag, *, reason, user):
    """Dismiss a flag with a reason; it stays dismissed until its evidence changes."""
    _call(service.dismiss_flag, flag_id=flag.pk, user=user, reason=reason)


def restore_flag(flag, *, user):
    """Undo a dismissal: the flag is shown again and its claim's verdict recomputed; a flag
    that is not dismissed is left as it is."""
    _call(service.restore_flag, flag_id=flag.pk, user=user)
