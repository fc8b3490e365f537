"""Dismissing a flag with a reason, and restoring it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.editing.common import stamp
from claims.models import Flag
from claims.verification.dispatch import request_verification
from core.errors import StateConflict
from core.saving import locked


def _reassess(flag: Flag) -> None:
    """A claim flag's dismissal changes what the claim's verdict may rest on."""
    if flag.claim_id is not None:
        request_verification(claim_ids=[flag.claim_id])


def dismiss_flag(*, flag_id: int, user, reason: str) -> Flag:
    """Dismiss a flag, recording who, when and why (a reason is required). It stays
    dismissed until its evidence changes; a dismissed claim flag no longer counts against
    the claim, whose verdict is reassessed on commit. A flag dismissed already keeps its
    dismissal: given the same reason again it is left as it is (a dismissal sent twice), and
    given another, StateConflict says who dismissed it, when and why (restore it first to
    give another reason)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give a reason for dismissing the flag."})
    with transaction.atomic():
        flag = locked(Flag, flag_id, "flag")
        if flag.is_dismissed:
            # Dismissed already, by whoever did it and why: kept, not written over, and the
            # editor told so rather than have the new reason dropped without a word.
            if flag.dismissed_reason != reason:
                raise StateConflict(_dismissed_already(flag))
            return flag
        flag.dismissed_by = user if getattr(user, "pk", None) else None
        flag.dismissed_at = timezone.now()
        flag.dismissed_reason = reason
        stamp(flag, user=user, reason="dismissed by an editor")
        flag.save()
        _reassess(flag)
    return flag


def _dismissed_already(flag: Flag) -> str:
    by = f" by {flag.dismissed_by.get_username()}" if flag.dismissed_by is not None else ""
    at = f" at {timezone.localtime(flag.dismissed_at):%Y-%m-%d %H:%M}" if flag.dismissed_at else ""
    return (
        f"The flag was dismissed already{by}{at} ({flag.dismissed_reason!r}) and was left as it "
        "was. Restore it first to dismiss it with another reason."
    )


def restore_flag(*, flag_id: int, user) -> Flag:
    """Undo a dismissal: the flag is shown again; history keeps who dismissed it and why.
    A flag that is not dismissed is left as it is."""
    with transaction.atomic():
        flag = locked(Flag, flag_id, "flag")
        if flag.is_dismissed:
            flag.dismissed_by = None
            flag.dismissed_at = None
            flag.dismissed_reason = ""
            stamp(flag, user=user, reason="restored by an editor")
            flag.save()
            _reassess(flag)
    return flag
