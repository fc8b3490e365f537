"""Writing what verification found: a citation's check, a claim's flags and verdict.

What changed goes to a `core.saving.Changes`, which the use case saves once, in bulk, with a
history row for every change; only what changed, so re-running changes nothing and adds no
history. A flag no longer raised is deleted at once (its history says so). A flag
an editor dismissed stays dismissed while its evidence hash is the same; when the evidence
changes the dismissal is cleared, since the editor judged other facts.
"""

from __future__ import annotations

import hashlib
import json

from claims.assessment.facts import FlagResult
from claims.assessment.judging import Judgement
from claims.checking.reference import ReferenceCheck
from claims.models import Citation, Claim, ClaimCitation
from core.saving import Changes, changed_fields

REASON = "verification"


def as_stored(value):
    """The value as a JSON field gives it back, so that comparisons are exact."""
    return json.loads(json.dumps(value, sort_keys=True, default=str))


def evidence_hash(stored_evidence) -> str:
    """The hash of evidence already made as stored (`as_stored`)."""
    text = json.dumps(stored_evidence, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def citation_values(check: ReferenceCheck) -> dict:
    """The citation fields a check sets."""
    matched = check.study is not None
    return {
        "parsed": as_stored(check.parsed.as_dict()),
        "study_id": check.study_id,
        "match_method": (check.match.method or "") if matched else "",
        "match_confidence": round(check.match.confidence, 4) if matched else None,
        "status": check.status,
        "status_reason": check.reason,
        "discrepancies": as_stored(list(check.discrepancies)),
        "evidence": as_stored(check.evidence),
    }


def write_citation(citation: Citation, check: ReferenceCheck, *, now, changes: Changes) -> bool:
    """Store the citation's check if its results changed; True if they did. Moving the time
    of an unchanged check is the caller's (history need not record it)."""
    values = citation_values(check)
    if citation.checked_at is not None and not changed_fields(citation, values):
        return False
    changes.change(citation, {**values, "checked_at": now}, reason=REASON)
    return True


def flag_values(result: FlagResult) -> dict:
    evidence = as_stored(result.evidence)
    return {
        "severity": result.severity,
        "message": result.message,
        "evidence": evidence,
        "evidence_hash": evidence_hash(evidence),
        "rule": result.rule,
        "rule_version": result.rule_version,
    }


def sync_flags(existing, wanted: list[FlagResult], make, counts, changes: Changes) -> set[str]:
    """Upsert the wanted flags on one target by code and delete the ones no longer raised.

    `existing` are the target's current flags; `make(**fields)` builds a new unsaved one;
    new flags, changes to existing ones and deletions go to `changes`. `counts` (a Report) is
    told what was created, updated, deleted and reopened. Returns the codes of the wanted
    flags that stay dismissed (their evidence unchanged).
    """
    by_code = {flag.code: flag for flag in existing}
    dismissed: set[str] = set()
    for result in wanted:
        values = flag_values(result)
        flag = by_code.pop(result.code, None)
        if flag is None:
            changes.create(make(code=result.code, **values), reason=REASON)
            counts.flags_created += 1
            continue
        if flag.is_dismissed:
            if flag.evidence_hash != values["evidence_hash"]:
                # The editor dismissed a finding on other facts: show it again.
                values.update(dismissed_by=None, dismissed_at=None, dismissed_reason="")
                counts.dismissals_cleared += 1
            else:
                dismissed.add(result.code)  # reworded or a new rule version: the same finding
        if changes.change(flag, values, reason=REASON):
            counts.flags_updated += 1
    for flag in by_code.values():
        changes.delete(flag, reason=f"{REASON}: no longer raised")
        counts.flags_deleted += 1
    return dismissed


def write_judgement(link: ClaimCitation, judgement: Judgement | None, changes: Changes) -> bool:
    """Store the machine's judgement of a link (None: there is no study to judge it by)."""
    values = {
        "machine_stance": judgement.stance if judgement else "",
        "machine_misfit_reasons": list(judgement.misfit_codes) if judgement else [],
        "machine_rationale": judgement.rationale if judgement else "",
    }
    return bool(changes.change(link, values, reason=REASON))


# What Claim.derive_verdict() sets from the computed values and the editor's overrides.
DERIVED = ("verdict", "certainty", "rationale", "accuracy", "accuracy_certainty", "accuracy_rationale")


def write_assessment(claim: Claim, verdict, sourcing, accuracy, others, *, now, changes: Changes) -> bool:
    """Store the machine's verdict, the claim's sourcing, the machine's accuracy rating and
    its omitted evidence, those that changed, as one change (one history row per claim and
    run); the effective verdict and accuracy are derived from the overrides or the
    computation, as the claim's save() does. True if the claim changed."""
    values = {}
    verdict_values = {
        "computed_verdict": verdict.verdict,
        "computed_certainty": verdict.certainty,
        "computed_rationale": verdict.rationale,
    }
    if claim.computed_at is None or changed_fields(claim, verdict_values):
        values.update(verdict_values, computed_at=now)
    accuracy_values = {
        "sourcing": sourcing.kind,
        "sourcing_rationale": sourcing.rationale,
        "scope": accuracy.scope,
        "computed_accuracy": accuracy.rating,
        "computed_accuracy_certainty": accuracy.certainty,
        "computed_accuracy_rationale": accuracy.rationale,
        "omitted_evidence": as_stored(
            [
                {
                    "study": other.study.id,
                    "label": other.study.label,
                    "stance": other.stance,
                    "reason": other.rationale,
                }
                for other in others
            ]
        ),
    }
    values.update({name: value for name, value in accuracy_values.items() if getattr(claim, name) != value})
    if not values or not changes.change(claim, values, reason=REASON, also=DERIVED):
        return False
    claim.derive_verdict()
    return True
