"""Reference checking: citation statuses, flags and verdicts, written to the database.

Use cases, each in one transaction:

- `verify_citation(citation_id=)`: parse the reference, match it (or take the editor's
  study), decide its status, store its flag; then recompute the claims that lean on it.
- `verify_article(article_id=)`: the same for every citation of an article, then every claim.
- `verify_all(progress=)`: every article, one transaction each (a long run must not lock the
  whole corpus against editors).
- `recompute_claim(claim_id=)`: flags and verdict of one claim, after an editor changed a link.
- Editors' helpers: `accept_match`, `dismiss_flag`, `restore_flag`, `override_verdict`.
- Sending work to Celery when the transaction commits: `links_changed`,
  `request_verification` (and `accept_match`, which re-verifies its citation).

The pure work is done elsewhere — `studies.parsing`, `studies.matching`,
`claims.citation_status`, `claims.rules`, `claims.verdicts` — and this module only reads
rows into plain facts and writes the results back. Rows are written with `.save()` so that
history records every change, and only when something changed, so re-running changes
nothing and adds no history. A flag an editor dismissed stays dismissed while its evidence
hash is the same; when the evidence changes the dismissal is cleared, since the editor
judged other facts.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Prefetch
from django.utils import timezone

from studies.discrepancies import find_discrepancies
from studies.matching import MatchIndex, MatchResult, StudyRecord, record_label
from studies.models import Study
from studies.parsing import ParsedReference, parse_reference

from .. import constants as c
from ..citation_status import citation_status
from ..facts import CitationFacts, ClaimFacts, FlagResult, LinkFacts, StudyFacts, citation_label
from ..models import Citation, Claim, ClaimCitation, Flag, SourceArticle
from ..rules import check_citation, check_claim
from ..verdicts import compute_verdict

VERDICT_CODES = {code for code, _ in c.VERDICTS}
CERTAINTY_CODES = {code for code, _ in c.CERTAINTIES}
CITATION_RESULT_FIELDS = (
    "parsed",
    "study_id",
    "match_method",
    "match_confidence",
    "status",
    "status_reason",
    "discrepancies",
    "evidence",
)


class VerificationError(ValueError):
    """A use case was asked for something that cannot be done; the message says why."""


@dataclass
class Report:
    """What a verification run did, for commands and callers."""

    citations: int = 0
    citations_changed: int = 0
    claims: int = 0
    claims_changed: int = 0
    flags_created: int = 0
    flags_updated: int = 0
    flags_deleted: int = 0
    dismissals_cleared: int = 0
    statuses: Counter = field(default_factory=Counter)
    verdicts: Counter = field(default_factory=Counter)

    def add(self, other: Report) -> Report:
        for name in (
            "citations",
            "citations_changed",
            "claims",
            "claims_changed",
            "flags_created",
            "flags_updated",
            "flags_deleted",
            "dismissals_cleared",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.statuses.update(other.statuses)
        self.verdicts.update(other.verdicts)
        return self


# --- The match index, cached on a cheap fingerprint of the studies table ---------------

_index_lock = threading.Lock()
_index_cache: dict = {"fingerprint": None, "index": None}


def study_record(study: Study) -> StudyRecord:
    """The bibliographic facts of a study that matching compares, keyed by its primary key."""
    return StudyRecord.from_dict(
        {
            "id": study.pk,
            "title": study.title,
            "authors": study.authors,
            "container_title": study.container_title,
            "year": study.year,
            "volume": study.volume,
            "issue": study.issue,
            "pages": study.pages,
            "doi": study.doi,
            "pmid": study.pmid,
            "pmcid": study.pmcid,
            "url": study.url,
        },
        id_field="id",
    )


def _fingerprint():
    # Any insert, delete or save of a study changes one of these (auto_now on updated_at).
    row = Study.objects.aggregate(n=Count("pk"), last_id=Max("pk"), last=Max("updated_at"))
    return (row["n"], row["last_id"], row["last"])


def match_index() -> MatchIndex:
    """The index of every study, rebuilt only when the studies table changed."""
    fingerprint = _fingerprint()
    with _index_lock:
        if _index_cache["fingerprint"] != fingerprint or _index_cache["index"] is None:
            studies = Study.objects.only(
                "pk", "title", "authors", "container_title", "year", "volume", "issue",
                "pages", "doi", "pmid", "pmcid", "url",
            )  # fmt: skip
            _index_cache["index"] = MatchIndex(study_record(s) for s in studies.iterator())
            _index_cache["fingerprint"] = fingerprint
        return _index_cache["index"]


def clear_match_index_cache() -> None:
    with _index_lock:
        _index_cache.update(fingerprint=None, index=None)


# --- Rows to plain facts ---------------------------------------------------------------


def study_facts(study: Study) -> StudyFacts:
    """Plain facts of a study; `substances` must be prefetched to avoid a query per study."""
    return StudyFacts(
        id=study.pk,
        label=study.short_label,
        design_code=study.design_code or "unknown",
        n=study.n,
        n_studies=study.n_studies,
        follow_up=study.follow_up,
        route_code=study.route_code,
        route=study.route,
        substances=tuple(sorted(s.code for s in study.substances.all())),
        about_ketamine=study.about_ketamine,
        about_substance_use=study.about_substance_use,
        source_kind=study.source_kind,
        topic_summary=study.topic_summary,
    )


def label_for(citation: Citation) -> str:
    """'[1] Dakwar et al. (2020)' from the parsed fields, else the start of the raw text."""
    parsed = citation.parsed or {}
    authors = parsed.get("authors") or []
    if authors and authors[0] and parsed.get("year"):
        name = authors[0][0]
        if len(authors) > 2 or parsed.get("et_al"):
            name += " et al."
        elif len(authors) == 2:
            name += f" & {authors[1][0]}"
        return citation_label(citation.marker, f"{name} ({parsed['year']})")
    return citation_label(citation.marker, citation.raw_text)


def citation_facts(citation: Citation) -> CitationFacts:
    study = citation.study
    return CitationFacts(
        id=citation.pk,
        label=label_for(citation),
        status=citation.status,
        status_reason=citation.status_reason,
        study=study_facts(study) if study is not None else None,
        discrepancies=tuple(citation.discrepancies or ()),
    )


def claim_facts(claim: Claim) -> ClaimFacts:
    """Plain facts of a claim; its links, their citations and studies must be prefetched."""
    return ClaimFacts(
        id=claim.pk,
        claim_type=claim.claim_type,
        wording=claim.wording,
        quote=claim.quote,
        substances=tuple(sorted(s.code for s in claim.substances.all())),
        links=tuple(
            LinkFacts(
                citation=citation_facts(link.citation),
                reliance=link.reliance,
                stance=link.stance or "",
                misfit_reasons=tuple(link.misfit_reasons or ()),
                rationale=link.rationale or "",
            )
            for link in claim.links.all()
        ),
    )


# --- Checking one citation -------------------------------------------------------------


def _json(value):
    """The value as the JSON field will give it back, so that comparisons are exact."""
    return json.loads(json.dumps(value, sort_keys=True, default=str))


def evidence_hash(evidence: dict) -> str:
    text = json.dumps(_json(evidence), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# How identifier conflicts name the study when an editor chose it.
EDITOR_STUDY = "the study the editor identified"


def editor_match(parsed: ParsedReference, record: StudyRecord, index: MatchIndex) -> MatchResult:
    """The editor's study as the match, compared field by field with what is written."""
    auto = index.match(parsed)
    if auto.study_id == record.id:
        return replace(auto, method="editor", confidence=1.0, decision="editor")
    return MatchResult(
        study_id=record.id,
        confidence=1.0,
        method="editor",
        runner_up_id=auto.study_id or auto.closest_id,
        runner_up_score=auto.confidence if auto.study_id else auto.closest_score,
        discrepancies=tuple(find_discrepancies(parsed, record)) if parsed.usable else (),
        identifier_conflicts=tuple(
            index.identifier_conflicts(parsed, record, described_as=EDITOR_STUDY)
        ),
        closest_id=record.id,
        closest_score=1.0,
        decision="editor",
        library_size=auto.library_size,
        candidates_scored=auto.candidates_scored,
        study_label=record_label(record),
        closest_label=record_label(record),
        runner_up_label=auto.study_label or auto.closest_label,
        closest_title=record.title,
        runner_up_title=auto.closest_title,
    )


def _status_study(study: Study) -> dict:
    return {
        "source_kind": study.source_kind,
        "about_ketamine": study.about_ketamine,
        "about_substance_use": study.about_substance_use,
        "label": study.short_label,
    }


def match_reference(
    raw: str, *, index: MatchIndex, editor_study: Study | None = None
) -> tuple[ParsedReference, MatchResult]:
    """Parse a raw reference and match it: to the editor's study when there is one."""
    parsed = parse_reference(raw)
    if editor_study is not None:
        record = index.get(str(editor_study.pk)) or study_record(editor_study)
        return parsed, editor_match(parsed, record, index)
    return parsed, index.match(parsed)


def as_described(parsed: ParsedReference, match: MatchResult, location: str) -> MatchResult:
    """A study described in the running text ("a landmark study published in ...") has no
    title: the words the parser took for one are not compared with the record's title."""
    if location != "in_text" or parsed.style != "bare_title" or not match.discrepancies:
        return match
    kept = tuple(d for d in match.discrepancies if d.get("field") != "title")
    return replace(match, discrepancies=kept)


def load_studies(ids) -> dict[int, Study]:
    """Matched studies by id, with what the rules need, in two queries."""
    ids = {int(i) for i in ids if i is not None}
    if not ids:
        return {}
    return Study.objects.prefetch_related("substances").in_bulk(ids)


def decide_status(
    parsed: ParsedReference, match: MatchResult, studies: dict[int, Study], *, claim_types=None
) -> tuple[MatchResult, Study | None, str, str, dict]:
    """(match, study, status, reason, evidence); a match to a study deleted since the
    index was built is read as no match."""
    study = None
    if match.study_id is not None:
        study = studies.get(int(match.study_id))
        if study is None:
            match = MatchResult(None, decision="no_candidate", library_size=match.library_size)
    status, reason, evidence = citation_status(
        parsed,
        match,
        _status_study(study) if study is not None else None,
        claim_types=claim_types,
    )
    if status == "verified" and study is None:  # the model refuses it; never happens
        status = "unchecked"
    return match, study, status, reason, evidence


def _citation_results(parsed, match, study, status, reason, evidence) -> dict:
    matched = study is not None
    return {
        "parsed": _json(parsed.as_dict()),
        "study_id": study.pk if matched else None,
        "match_method": (match.method or "") if matched else "",
        "match_confidence": round(match.confidence, 4) if matched else None,
        "status": status,
        "status_reason": reason,
        "discrepancies": _json(list(match.discrepancies)) if matched else [],
        "evidence": _json(evidence),
    }


def _write_citation(citation: Citation, results: dict, now, report: Report) -> bool:
    """Save the citation if its results changed; True if it did."""
    changed = [name for name in CITATION_RESULT_FIELDS if getattr(citation, name) != results[name]]
    if not changed and citation.checked_at is not None:
        return False
    for name in CITATION_RESULT_FIELDS:
        setattr(citation, name, results[name])
    citation.checked_at = now
    citation._change_reason = "verification"
    citation.save()
    report.citations_changed += 1
    return True


def _sync_flags(existing, wanted: list[FlagResult], make, report: Report) -> set[str]:
    """Upsert the wanted flags on one target by code and delete the ones no longer raised.

    `existing` are the target's current flags; `make(**fields)` builds a new unsaved one.
    Returns the codes of the wanted flags that stay dismissed (their evidence unchanged).
    """
    by_code = {flag.code: flag for flag in existing}
    dismissed: set[str] = set()
    for result in wanted:
        evidence = _json(result.evidence)
        digest = evidence_hash(evidence)
        values = {
            "severity": result.severity,
            "message": result.message,
            "evidence": evidence,
            "evidence_hash": digest,
            "rule": result.rule,
            "rule_version": result.rule_version,
        }
        flag = by_code.pop(result.code, None)
        if flag is None:
            flag = make(code=result.code, **values)
            flag._change_reason = "verification"
            flag.save()
            report.flags_created += 1
            continue
        changed = [name for name, value in values.items() if getattr(flag, name) != value]
        if not changed:
            if flag.is_dismissed:
                dismissed.add(result.code)
            continue
        if "evidence_hash" in changed and flag.is_dismissed:
            # The editor dismissed a finding on other facts: show it again.
            flag.dismissed_by = None
            flag.dismissed_at = None
            flag.dismissed_reason = ""
            report.dismissals_cleared += 1
        elif flag.is_dismissed:
            dismissed.add(result.code)  # reworded or a new rule version: the same finding
        for name, value in values.items():
            setattr(flag, name, value)
        flag._change_reason = "verification"
        flag.save()
        report.flags_updated += 1
    for flag in by_code.values():
        flag._change_reason = "verification: no longer raised"
        flag.delete()
        report.flags_deleted += 1
    return dismissed


def _verify_citations(citations: list[Citation], report: Report) -> None:
    """Check citations (rows locked by the caller) and store their statuses and flags."""
    if not citations:
        return
    index = match_index()
    now = timezone.now()
    types_by_citation: dict[int, set[str]] = {}
    for citation_id, claim_type in ClaimCitation.objects.filter(
        citation__in=[cit.pk for cit in citations]
    ).values_list("citation_id", "claim__claim_type"):
        types_by_citation.setdefault(citation_id, set()).add(claim_type)

    matches = {
        citation.pk: match_reference(
            citation.raw_text, index=index, editor_study=citation.editor_study
        )
        for citation in citations
    }
    # Every matched study read once, with what the status and the rules need.
    studies = load_studies(match.study_id for _parsed, match in matches.values())
    results = {}
    for citation in citations:
        parsed, match = matches[citation.pk]
        match = as_described(parsed, match, citation.location)
        results[citation.pk] = _citation_results(
            parsed,
            *decide_status(
                parsed,
                match,
                studies,
                claim_types=sorted(types_by_citation.get(citation.pk, ())) or None,
            ),
        )

    unchanged = []
    for citation in citations:
        if not _write_citation(citation, results[citation.pk], now, report):
            unchanged.append(citation.pk)
        citation.study = studies.get(citation.study_id)
        report.citations += 1
        report.statuses[citation.status] += 1
    if unchanged:
        # Only the time of the check moves; history need not record that.
        Citation.objects.filter(pk__in=unchanged).update(checked_at=now)

    flags_by_citation: dict[int, list[Flag]] = {}
    for flag in Flag.objects.filter(citation__in=[cit.pk for cit in citations]):
        flags_by_citation.setdefault(flag.citation_id, []).append(flag)
    for citation in citations:
        _sync_flags(
            flags_by_citation.get(citation.pk, []),
            check_citation(citation_facts(citation)),
            lambda citation=citation, **fields: Flag(citation=citation, **fields),
            report,
        )


def _claims_queryset():
    return Claim.objects.select_related("article").prefetch_related(
        "substances",
        "flags",
        Prefetch(
            "links",
            queryset=ClaimCitation.objects.select_related("citation__study").prefetch_related(
                "citation__study__substances"
            ),
        ),
    )


def _recompute_claims(claims, report: Report) -> None:
    now = timezone.now()
    for claim in claims:
        facts = claim_facts(claim)
        flags = check_claim(facts)
        dismissed = _sync_flags(
            list(claim.flags.all()),
            flags,
            lambda claim=claim, **fields: Flag(claim=claim, **fields),
            report,
        )
        # A flag an editor dismissed does not count against the claim while it stays so.
        verdict = compute_verdict(facts, flags, dismissed=dismissed)
        computed = (verdict.verdict, verdict.certainty, verdict.rationale)
        report.claims += 1
        if (
            claim.computed_verdict,
            claim.computed_certainty,
            claim.computed_rationale,
        ) != computed or claim.computed_at is None:
            claim.computed_verdict, claim.computed_certainty, claim.computed_rationale = computed
            claim.computed_at = now
            claim._change_reason = "verification"
            claim.save()  # save() derives the effective verdict from override or computation
            report.claims_changed += 1
        report.verdicts[claim.verdict] += 1


# --- Use cases -------------------------------------------------------------------------


def verify_citation(*, citation_id: int) -> Report:
    """Check one citation, store its status and flag, and recompute the claims on it."""
    report = Report()
    with transaction.atomic():
        citation = (
            Citation.objects.select_for_update(of=("self",))
            .select_related("editor_study")
            .filter(pk=citation_id)
            .first()
        )
        if citation is None:
            raise VerificationError(f"There is no citation with id {citation_id}.")
        _verify_citations([citation], report)
        _recompute_claims(_claims_queryset().filter(links__citation=citation).distinct(), report)
    return report


def verify_article(*, article_id: int) -> Report:
    """Check every citation of an article, then recompute every claim of it."""
    report = Report()
    with transaction.atomic():
        if not SourceArticle.objects.filter(pk=article_id).exists():
            raise VerificationError(f"There is no article with id {article_id}.")
        citations = list(
            Citation.objects.select_for_update(of=("self",))
            .select_related("editor_study")
            .filter(article_id=article_id)
            .order_by("position", "pk")
        )
        _verify_citations(citations, report)
        _recompute_claims(_claims_queryset().filter(article_id=article_id), report)
    return report


def verify_all(*, progress=None) -> Report:
    """Verify every article, one transaction each; `progress(done, total)` after each one.

    `done` and `total` count citations, so a progress bar moves with the work.
    """
    report = Report()
    articles = list(
        SourceArticle.objects.annotate(n=Count("citations")).order_by("pk").values_list("pk", "n")
    )
    total = sum(n for _pk, n in articles)
    done = 0
    if progress:
        progress(done, total)
    for article_id, n in articles:
        report.add(verify_article(article_id=article_id))
        done += n
        if progress:
            progress(done, total)
    return report


def recompute_claim(*, claim_id: int) -> Report:
    """Recompute one claim's flags and verdict from its links as they are now."""
    report = Report()
    with transaction.atomic():
        claims = list(_claims_queryset().select_for_update(of=("self",)).filter(pk=claim_id))
        if not claims:
            raise VerificationError(f"There is no claim with id {claim_id}.")
        _recompute_claims(claims, report)
    return report


# --- Editors' helpers ------------------------------------------------------------------


def _send_on_commit(task, *args) -> None:
    # Sent when the transaction commits, so a worker never reads rows not yet written.
    transaction.on_commit(lambda: task.delay(*args))


def accept_match(*, citation_id: int, study_id: int | None, user) -> Citation:
    """Record the editor's study for a citation (None clears it) and re-verify it on commit.

    The status still comes from comparing the written reference with that study, so a wrong
    year or page is still reported.
    """
    from .. import tasks

    with transaction.atomic():
        citation = Citation.objects.select_for_update().filter(pk=citation_id).first()
        if citation is None:
            raise VerificationError(f"There is no citation with id {citation_id}.")
        if study_id is not None and not Study.objects.filter(pk=study_id).exists():
            raise VerificationError(f"There is no study with id {study_id}.")
        if citation.editor_study_id != study_id:
            citation.editor_study_id = study_id
            citation._history_user = user
            citation._change_reason = (
                "editor accepted a match" if study_id else "editor cleared the match"
            )
            citation.save()
        _send_on_commit(tasks.verify_citation, citation.pk)
    return citation


def _recompute_on_commit(flag: Flag) -> None:
    """A claim flag's dismissal changes what the claim's verdict may rest on."""
    if flag.claim_id is not None:
        from .. import tasks

        _send_on_commit(tasks.recompute_claim, flag.claim_id)


def dismiss_flag(*, flag_id: int, user, reason: str) -> Flag:
    """Dismiss a flag, recording who, when and why. A reason is required.

    A dismissed claim flag no longer counts against the claim: its verdict is recomputed
    when the transaction commits."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"dismissed_reason": "Give a reason for dismissing the flag."})
    with transaction.atomic():
        flag = Flag.objects.select_for_update().filter(pk=flag_id).first()
        if flag is None:
            raise VerificationError(f"There is no flag with id {flag_id}.")
        flag.dismissed_by = user
        flag.dismissed_at = timezone.now()
        flag.dismissed_reason = reason
        flag._history_user = user
        flag._change_reason = "dismissed by an editor"
        flag.save()
        _recompute_on_commit(flag)
    return flag


def restore_flag(*, flag_id: int, user) -> Flag:
    """Undo a dismissal: the flag is shown again; history keeps who dismissed it and why."""
    with transaction.atomic():
        flag = Flag.objects.select_for_update().filter(pk=flag_id).first()
        if flag is None:
            raise VerificationError(f"There is no flag with id {flag_id}.")
        if flag.is_dismissed:
            flag.dismissed_by = None
            flag.dismissed_at = None
            flag.dismissed_reason = ""
            flag._history_user = user
            flag._change_reason = "restored by an editor"
            flag.save()
            _recompute_on_commit(flag)
    return flag


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
    *, claim_id: int, user, verdict: str, certainty: str = "", rationale: str = ""
) -> Claim:
    """Set (or, with an empty verdict, clear) an editor's verdict, recorded with who and when."""
    verdict = verdict or ""
    certainty = certainty or ""
    rationale = (rationale or "").strip()
    validate_override(verdict=verdict, certainty=certainty, rationale=rationale)
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update().select_related("article").filter(pk=claim_id).first()
        )
        if claim is None:
            raise VerificationError(f"There is no claim with id {claim_id}.")
        claim.override_verdict = verdict
        claim.override_certainty = certainty if verdict else ""
        claim.override_rationale = rationale if verdict else ""
        claim.overridden_by = user if verdict else None
        claim.overridden_at = timezone.now() if verdict else None
        claim._history_user = user
        claim._change_reason = "verdict overridden by an editor" if verdict else "override cleared"
        claim.save()
    return claim


def links_changed(*, claim_id: int, citation_ids=()) -> None:
    """After an editor added, changed or removed a claim's links: re-verify on commit.

    The citations are re-checked (what counts as a secondary source depends on the claims
    that lean on it) and the claim is recomputed, also when its last link was removed.
    """
    from .. import tasks

    for citation_id in sorted(set(citation_ids)):
        _send_on_commit(tasks.verify_citation, citation_id)
    _send_on_commit(tasks.recompute_claim, claim_id)


def request_verification(*, article_ids=(), citation_ids=(), claim_ids=()) -> None:
    """Send verification tasks for these rows when the transaction commits.

    With no broker configured the tasks run in-process right after the commit; with one, a
    worker runs them. Either way the caller's request does not wait on a whole corpus.
    """
    from .. import tasks

    for article_id in sorted(set(article_ids)):
        _send_on_commit(tasks.verify_article, article_id)
    for citation_id in sorted(set(citation_ids)):
        _send_on_commit(tasks.verify_citation, citation_id)
    for claim_id in sorted(set(claim_ids)):
        _send_on_commit(tasks.recompute_claim, claim_id)
