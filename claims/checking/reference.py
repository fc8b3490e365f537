"""Check one reference: this reference, in this context, against this index → its status.

The one entry point of reference checking, pure (no database): `check_reference(raw,
index=..., context=...)` parses the raw text, matches it against the index (or takes the
study an editor identified), compares it field by field with the record, and decides its
status, reason and discrepancies (`claims.checking.status`). The single-reference API, the
`check_references` command and the verification of an article's citations all call it; the
index is built from the database elsewhere (`claims.checking.index`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from claims.checking.status import citation_status
from studies.facts import StudyFacts
from studies.references.discrepancies import find_discrepancies
from studies.references.matching import MatchIndex, MatchResult, StudyRecord, record_label
from studies.references.parsing import ParsedReference, parse_reference

# How identifier conflicts name the study when an editor chose it.
EDITOR_STUDY = "the study the editor identified"


@dataclass(frozen=True)
class ReferenceIndex:
    """The library as checking sees it: the match index of every study's bibliographic
    record, and the facts that decide a status (kind of source, topic, label) by study id."""

    matcher: MatchIndex
    facts: Mapping[int, StudyFacts] = field(default_factory=dict)
    # Each reference of a batch parsed once: reading what a batch needs parses it, and so
    # does checking each reference.
    parsed: dict[str, ParsedReference] = field(default_factory=dict, compare=False, repr=False)

    @property
    def size(self) -> int:
        return len(self.facts)

    def parse(self, raw: str) -> ParsedReference:
        if raw not in self.parsed:
            self.parsed[raw] = parse_reference(raw)
        return self.parsed[raw]


@dataclass(frozen=True)
class ReferenceContext:
    """Where the reference stands and what leans on it.

    `location`: where the article gives it ("in_text" for a study described in the running
    text); `claim_types`: the types of the claims that lean on it, when known (official
    statistics are the primary source of an epidemiology claim); `editor_study_id`: the study
    an editor identified, which replaces the matcher's choice."""

    location: str = ""
    claim_types: tuple[str, ...] | None = None
    editor_study_id: int | None = None
    # The registries searched when the library held no match ("Crossref and OpenAlex
    # (searched 2026-12-03)"), and those that could not be reached.
    registries: tuple[str, ...] = ()
    unreached: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReferenceCheck:
    parsed: ParsedReference
    match: MatchResult
    study: StudyFacts | None  # the matched study's facts; None when nothing matched
    status: str
    reason: str
    evidence: dict

    @property
    def study_id(self) -> int | None:
        return self.study.id if self.study is not None else None

    @property
    def discrepancies(self) -> tuple[dict, ...]:
        return self.match.discrepancies if self.study is not None else ()

    @property
    def confidence(self) -> float:
        return self.match.confidence if self.study is not None else 0.0


def check_reference(
    raw: str, *, index: ReferenceIndex, context: ReferenceContext = ReferenceContext()
) -> ReferenceCheck:
    """Status, reason, evidence and discrepancies of one reference as written."""
    parsed = index.parse(raw)
    match = _match(parsed, index, context.editor_study_id)
    match = _as_described(parsed, match, context.location)
    study = None
    if match.study_id is not None:
        study = index.facts.get(int(match.study_id))
        if study is None:
            # The editor's study is not (or no longer) in the library.
            match = MatchResult(None, decision="no_candidate", library_size=match.library_size)
    status, reason, evidence = citation_status(
        parsed, match, study, claim_types=context.claim_types, registries=context.registries
    )
    if status == "not_found" and context.unreached and not context.registries:
        reason += (
            f" {' and '.join(context.unreached)} could not be reached, so the work was not "
            "looked for there."
        )
        evidence["unreached"] = list(context.unreached)
    if status == "verified" and study is None:  # the model refuses it; never happens
        status = "unchecked"
    return ReferenceCheck(parsed, match, study, status, reason, evidence)


def _match(parsed: ParsedReference, index: ReferenceIndex, editor_study_id) -> MatchResult:
    if editor_study_id is None:
        return index.matcher.match(parsed)
    record = index.matcher.get(str(editor_study_id))
    if record is None:
        return MatchResult(None, decision="no_candidate", library_size=index.size)
    return editor_match(parsed, record, index.matcher)


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


def _as_described(parsed: ParsedReference, match: MatchResult, location: str) -> MatchResult:
    """A study described in the running text ("a landmark study published in ...") has no
    title: the words the parser took for one are not compared with the record's title."""
    if location != "in_text" or parsed.style != "bare_title" or not match.discrepancies:
        return match
    kept = tuple(d for d in match.discrepancies if d.get("field") != "title")
    return replace(match, discrepancies=kept)
