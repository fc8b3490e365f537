"""Decide a citation's status from its parsed reference, its match and the matched study.

Pure: plain data in, `(status, reason, evidence)` out; no database. The statuses are those
of `claims.constants.CITATION_STATUSES`, explained in the README. When several findings apply,
the status is the most serious and the reason mentions the others:

    anonymous > not_found > identifier_mismatch > secondary_source > off_topic
    > metadata_mismatch > verified

An identifier that leads to another work is worse than a wrong page number, and a work that
cannot support the claim at all (off-topic, not research) matters more than how it is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from studies.constants import SECONDARY_SOURCE_KINDS, SOURCE_KINDS
from studies.facts import StudyFacts
from studies.references.discrepancies import describe_discrepancies
from studies.references.matching import MatchResult
from studies.references.parsing import ParsedReference
from studies.references.unnamed import quoted, reads_as_running_text

_KIND_LABELS = dict(SOURCE_KINDS)
# How a reason names a kind of source in a sentence ("webmd is a consumer health page").
_KIND_PHRASES = {
    "consumer_health_page": "a consumer health page",
    "news_or_explainer": "a news article or explainer",
    "marketing": "marketing material",
}
_METHOD_PHRASES = {
    "identifier": "by its identifier",
    "fuzzy": "by its fields",
    "editor": "by an editor",
    "trial": "by the name of its trial",
}
_PRECEDENCE = (
    "identifier_mismatch",
    "secondary_source",
    "off_topic",
    "metadata_mismatch",
)


def _searched_where(library_size: int, registries: Sequence[str]) -> str:
    where = f"the local library of {library_size} studies"
    if registries:
        where += " and " + ", ".join(registries)
    return where


def _topic_finding(facts: StudyFacts, label: str, claim_types: set[str] | None) -> str | None:
    """Why the study is off-topic, or None."""
    statistics_only = bool(claim_types) and claim_types <= {"epidemiology"}
    if facts.source_kind == "official_statistics" and (
        claim_types is None or "epidemiology" in claim_types
    ):
        statistics_only = True
    if statistics_only:
        # A figure about substance use needs a source about substance use, not about ketamine.
        if facts.about_substance_use is False and facts.about_ketamine is not True:
            return f"{label} is about neither substance use nor ketamine"
        return None
    if facts.about_ketamine is False:
        if facts.about_substance_use:
            return f"{label} is not about ketamine (it is about substance use, without ketamine)"
        return f"{label} is about neither ketamine nor substance use"
    if facts.about_ketamine and facts.about_substance_use is False:
        return f"{label} is about ketamine but not about substance use or addiction"
    return None


def _secondary_finding(facts: StudyFacts, label: str, claim_types: set[str] | None) -> str | None:
    kind = facts.source_kind
    if kind in SECONDARY_SOURCE_KINDS:
        phrase = _KIND_PHRASES.get(kind) or f"a {_KIND_LABELS.get(kind, kind).lower()}"
        return f"{label} is {phrase}, not research: at best secondary evidence"
    if kind == "official_statistics" and claim_types and "epidemiology" not in claim_types:
        types = " or ".join(sorted(claim_types))
        article = "an" if types[:1] in "aeiou" else "a"
        return (
            f"{label} is an official statistics release: the primary source of the figures it "
            f"publishes, but not evidence for {article} {types} claim"
        )
    return None


def citation_status(
    parsed: ParsedReference,
    match: MatchResult,
    study: object | None = None,
    *,
    claim_types: Iterable[str] | None = None,
    registries: Sequence[str] = (),
) -> tuple[str, str, dict]:
    """Return (status, reason in words, evidence) for one citation.

    `study` holds the matched study's facts (a StudyFacts, or a library record as a
    mapping); it is ignored when nothing matched.
    `claim_types` are the types of the claims that lean on this citation, if known: an
    epidemiology claim may cite official statistics as its primary source. `registries`
    names the external registries searched as well as the local library (when online).
    """
    types = set(claim_types) if claim_types is not None else None
    evidence: dict = {
        "study_id": match.study_id,
        "method": match.method,
        "confidence": round(match.confidence, 4),
        "runner_up_id": match.runner_up_id,
        "runner_up_score": round(match.runner_up_score, 4),
        "discrepancies": [dict(d) for d in match.discrepancies],
        "identifier_conflicts": [dict(c) for c in match.identifier_conflicts],
        "searched": _searched_where(match.library_size, registries),
        "claim_types": sorted(types) if types is not None else None,
    }

    # A journal with its volume and first page ("Biol Psychiatry. 2000;47(4):351-4.") points
    # at one article as surely as a title does.
    # So do a volume, first page and year that one record alone has ("Year : 2014 | Volume :
    # 8 | Issue : 3 | Page : 283-290", a journal's page header).
    # So does a page range in one year of a journal ("Journal: Military Medicine, 2020, №
    # Supplement_1, p. 136-142").
    located = bool(
        parsed.volume and parsed.pages and (parsed.container_title or (parsed.year and match.matched))
    ) or bool(parsed.container_title and parsed.year and "-" in (parsed.pages or ""))
    # A description an editor identified ("a landmark study published in …", the study the
    # text describes) is the editor's study, not an anonymous one; so is a sentence naming a
    # trial whose report the library has ("the KARE trial").
    identified = match.matched and match.method in ("editor", "trial")
    if not identified and (
        parsed.unparseable or not (parsed.title or parsed.authors or parsed.has_identifier or located)
    ):
        why = parsed.unparseable or "it gives neither authors, a title nor an identifier"
        reason = f"The cited work cannot be identified: {why}."
        if parsed.raw and not parsed.container_title:
            # Read and found empty, as opposed to refused (too long, not text), which leaves
            # `raw` empty: "not found" would suggest a real work is missing.
            reason += (
                " A journal alone identifies none of its works."
                if why.startswith("it names only a journal")
                else " There is no author, title, journal or identifier to search for."
            )
        return "anonymous", reason, evidence

    if not match.matched:
        return _unmatched(parsed, match, evidence, registries)

    facts = _facts(study)
    label = facts.label or match.study_label or "the matched record"
    evidence.update(
        source_kind=facts.source_kind,
        about_ketamine=facts.about_ketamine,
        about_substance_use=facts.about_substance_use,
    )
    how = _METHOD_PHRASES.get(match.method or "", "by its fields")
    findings: dict[str, str] = {}
    if match.identifier_conflicts:
        findings["identifier_mismatch"] = "; ".join(
            c["message"] for c in match.identifier_conflicts
        )
    secondary = _secondary_finding(facts, label, types)
    if secondary:
        findings["secondary_source"] = secondary
    off_topic = _topic_finding(facts, label, types)
    if off_topic:
        findings["off_topic"] = off_topic
    if match.discrepancies:
        findings["metadata_mismatch"] = describe_discrepancies(list(match.discrepancies))
    evidence["findings"] = [
        {"status": s, "reason": findings[s]} for s in _PRECEDENCE if s in findings
    ]

    matched = f"Matched to {label} {how} (confidence {match.confidence:.2f})"
    if not findings:
        return "verified", f"{matched}; the reference agrees with the record.", evidence
    status = next(s for s in _PRECEDENCE if s in findings)
    reason = f"{matched}: {findings[status]}."
    others = [findings[s] for s in _PRECEDENCE if s in findings and s != status]
    if others:
        reason += " Also: " + "; ".join(others) + "."
    return status, _capitalise(reason), evidence


def _facts(study: StudyFacts | Mapping | None) -> StudyFacts:
    if study is None:
        return StudyFacts()
    return study if isinstance(study, StudyFacts) else StudyFacts.from_record(study)


def _unmatched(parsed, match: MatchResult, evidence: dict, registries) -> tuple[str, str, dict]:
    where = _searched_where(match.library_size, registries)
    pointing = [c for c in match.identifier_conflicts if c.get("points_to")]
    if pointing:
        reason = (
            "; ".join(c["message"] for c in pointing)
            + f". No work in {where} matches what the rest of the reference describes."
        )
        return "identifier_mismatch", _capitalise(reason), evidence

    if match.decision == "ambiguous":
        reason = (
            f"Two records in {where} fit about equally well: "
            f"{_named(match.closest_label, match.closest_title)} "
            f"(confidence {match.closest_score:.2f}) and "
            f"{_named(match.runner_up_label, match.runner_up_title)} "
            f"(confidence {match.runner_up_score:.2f}); an editor must choose."
        )
        evidence["closest_id"] = match.closest_id
        return "unchecked", reason, evidence

    if _running_text(parsed):
        # Only words taken for a title, and no title in the library is theirs: a sentence of
        # the page, which names no work, is not a missing work.
        reason = (
            f"The cited work cannot be identified: {quoted(parsed.title)} reads as running "
            "text (a sentence with no author, year, journal or identifier), and no title in "
            f"{where} is its words. There is no author, title, journal or identifier to search for."
        )
        return "anonymous", reason, evidence

    keys = ", ".join(match.searched) if match.searched else "the whole reference string"
    if registries:
        reason = f"No work in {where} matches it (searched by {keys})."
    else:
        # Only the curated library was searched: a real paper it does not hold must not read
        # as fabricated.
        reason = (
            f"The cited work is not in {where} (searched by {keys}): only the library was "
            "searched, so this does not show that the work does not exist."
        )
    if match.closest_id and match.closest_score >= 0.1:
        differs = describe_discrepancies(list(match.closest_discrepancies))
        reason += f" The closest record, {match.closest_label or 'a record'}, was rejected"
        reason += f": {differs}." if differs else " as too weak a match."
        evidence["closest_id"] = match.closest_id
        evidence["closest_discrepancies"] = [dict(d) for d in match.closest_discrepancies]
    problems = [c["message"] for c in match.identifier_conflicts]
    if problems:
        reason += " Identifier problems: " + "; ".join(problems) + "."
    return "not_found", reason, evidence


def _running_text(parsed: ParsedReference) -> bool:
    return (
        parsed.style == "bare_title"
        and not (parsed.authors or parsed.year or parsed.container_title or parsed.has_identifier)
        and reads_as_running_text(parsed.title or "")
    )


def _named(label: str, title: str) -> str:
    """'Dakwar 2019 ("A single ketamine infusion ...")': two records a reason sets side by
    side may share an author and a year, so their titles tell them apart."""
    label = label or "a record"
    if not title or title in label:
        return label
    short = title if len(title) <= 80 else title[:79].rstrip() + "…"
    return f'{label} ("{short}")'


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
