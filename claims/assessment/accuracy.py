"""How accurate a claim is, by the evidence the library holds, whether or not the article cites
it. No Django.

Its sourcing (`sourcing`) is a separate answer: a claim the article leaves unsourced can be
accurate, and one resting on a verified citation can misstate it.

The evidence, in the order it is weighed (the first that settles the claim):

1. **Settled sources** (`settled`): a reference source that settles a background fact (the
   product label for approved uses, a pharmacology reference for the mechanism): the claim
   is **inaccurate** when one contradicts it; **accurate** when one confirms it and no study
   contradicts it.
2. **Its own numbers**: a percentage that is not the "x of y" it claims to express makes it
   **inaccurate**.
3. **The studies**: the cited studies, judged by an editor or else by the machine from their
   records (`judging`), and the library's other studies that bear on the claim (`others`,
   judged the same way: "omitted evidence").
   - a stated fact about its study that the record shows false (sessions, dose, size,
     design) → **inaccurate** when the claim reports that study, **misleading** when it
     speaks of the world;
   - only contradicting evidence → **inaccurate**;
   - support and contradiction together → **misleading** for a claim about the world (a
     report of a finding the cited study found stays accurate, the other studies shown
     beside it);
   - support from a study that did something else (route, population, comparator,
     substance, condition, drug, design), or a result an editor found overstated →
     **misleading**;
   - a claim about the world worded categorically on evidence of low or very low certainty
     (`scope`): **misleading** (stronger than the evidence);
   - partial support only → **mostly accurate**; otherwise → **accurate**;
   - the evidence examined says nothing on it → **unsupported**.
4. Cited studies nobody has judged and the record cannot settle → **not assessed**.
5. Nothing in the library bears on it → **unverifiable**.

GRADE certainty (`grading`) is given for the body of evidence behind the rating; a settled
source is the primary record of its fact (high).
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.assessment.facts import (
    SUPPORTING_STANCES,
    CitationFacts,
    ClaimFacts,
    LinkFacts,
    is_usable,
    names_of,
    sentence_part,
)
from claims.assessment.grading import LEVEL_WORDS, certainty_words, grade_body
from claims.assessment.scope import FINDING
from claims.assessment.stated import StatedFacts
from claims.constants import ACCURACY
from studies.facts import StudyFacts

# Misfits that make a stated fact about the study false by its record.
FALSE_FACT_MISFITS = frozenset(
    {"different_sessions", "different_dose", "different_size", "different_design"}
)
# Misfits that leave the direction right but the study another one than the claim implies.
OTHER_STUDY_MISFITS = frozenset(
    {
        "different_route",
        "different_population",
        "different_comparator",
        "different_substance",
        "different_condition",
        "different_drug",
        "overstated_result",
    }
)
ACCURACY_WORDS = {code: label for code, label in ACCURACY}
# Claim types plainly worded by nature: categorical wording is not a claim of strength.
_PLAINLY_WORDED = frozenset({"epidemiology", "regulatory", "access", "research"})


@dataclass(frozen=True)
class OtherEvidence:
    """A library study the article did not cite, judged against the claim."""

    study: StudyFacts
    stance: str  # "supports", "partly", "contradicts"; "related": shown, not weighed
    rationale: str = ""
    misfit_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class SettledCheck:
    """A settled source's statement against what the claim says."""

    agrees: bool
    source: str  # "Ketalar prescribing information (FDA)"
    says: str  # the source's words
    reason: str  # "the claim says blood pressure goes down; the source says it rises"


@dataclass(frozen=True)
class Accuracy:
    rating: str  # claims.constants.ACCURACY
    certainty: str  # "" when no evidence was weighed
    rationale: str
    scope: str  # claims.constants.SCOPES


def compute_accuracy(
    claim: ClaimFacts,
    stated: StatedFacts,
    *,
    others: tuple[OtherEvidence, ...] = (),
    settled: tuple[SettledCheck, ...] = (),
) -> Accuracy:
    scope = stated.scope

    def rated(rating, rationale, certainty=""):
        return Accuracy(rating, certainty, rationale, scope)

    wrong = [check for check in settled if not check.agrees]
    if wrong:
        return rated("inaccurate", "Inaccurate: " + _settled_words(wrong) + ".", "high")
    if stated.numbers_disagree:
        check = stated.numbers_disagree[0]
        return rated(
            "inaccurate",
            f"Inaccurate: its own numbers disagree: {check.part} of {check.whole} is "
            f"{check.computed:g}%, not {check.percentage:g}%.",
        )

    cited = [link for link in claim.links if is_usable(link, claim.claim_type) and link.stance]
    other_links = [_as_link(other) for other in others]
    weighed = cited + other_links
    supporting = [link for link in weighed if link.stance in SUPPORTING_STANCES]
    contradicting = [link for link in weighed if link.stance == "contradicts"]
    right = [check for check in settled if check.agrees]
    if right and not contradicting:
        return rated("accurate", "Accurate: " + _settled_words(right) + ".", "high")

    false_facts = [link for link in cited if set(link.misfit_reasons) & FALSE_FACT_MISFITS]
    if false_facts:
        why = _why(false_facts)
        if scope == FINDING:
            return rated(
                "inaccurate",
                f"Inaccurate: what it says of {names_of(false_facts)} is not what the record "
                f"shows: {why}.",
                _level(claim, false_facts),
            )
        return rated(
            "misleading",
            f"Misleading: it rests on {names_of(false_facts)}, which did not do what it says: {why}.",
            _level(claim, false_facts),
        )
    if contradicting and not supporting:
        grade = grade_body(claim, contradicting)
        return rated(
            "inaccurate",
            f"Inaccurate: {names_of(contradicting)} found otherwise: {_why(contradicting)}."
            + _certainty(grade),
            grade.level if grade else "",
        )
    if supporting:
        grade = grade_body(claim, supporting + contradicting)
        certainty = grade.level if grade else ""
        cited_support = [link for link in supporting if link in cited]
        if contradicting and not (scope == FINDING and cited_support):
            # Said as settled, mixed evidence misleads; hedged ("can help", "showed
            # promise"), it is mostly accurate, the contrary studies shown beside it.
            rating = "misleading" if claim.wording == "categorical" else "mostly_accurate"
            return rated(
                rating,
                f"{ACCURACY_WORDS[rating]}: {names_of(supporting)} support it, but "
                f"{names_of(contradicting)} found otherwise: {_why(contradicting)}."
                + _certainty(grade),
                certainty,
            )
        other_study = [
            link for link in supporting if set(link.misfit_reasons) & OTHER_STUDY_MISFITS
        ]
        if other_study:
            return rated(
                "misleading",
                f"Misleading: {names_of(other_study)} did something other than it says: "
                f"{_why(other_study)}." + _certainty(grade),
                certainty,
            )
        strong = (
            scope != FINDING
            and claim.wording == "categorical"
            and claim.claim_type not in _PLAINLY_WORDED
            and grade is not None
            and grade.level in ("low", "very_low")
        )
        if strong:
            return rated(
                "misleading",
                f"Misleading: it is worded as settled, but the evidence for it "
                f"({names_of(supporting)}) is of {LEVEL_WORDS[grade.level]} certainty."
                + _certainty(grade),
                certainty,
            )
        if all(link.stance == "partly" for link in supporting):
            return rated(
                "mostly_accurate",
                f"Mostly accurate: {names_of(supporting)} partly bear it out: "
                f"{_why(supporting)}." + _certainty(grade),
                certainty,
            )
        return rated(
            "accurate",
            f"Accurate: {names_of(supporting)} bear it out: {_why(supporting)}." + _certainty(grade),
            certainty,
        )
    silent = [link for link in cited if link.stance == "silent"]
    if silent:
        return rated(
            "unsupported",
            f"Unsupported: {names_of(silent)} says nothing that bears it out"
            + (f": {_why(silent)}" if _why(silent) else "")
            + ".",
        )
    unjudged = [link for link in claim.links if is_usable(link, claim.claim_type)]
    if unjudged:
        return rated(
            "not_assessed",
            f"Not assessed: the record of {names_of(unjudged)} cannot settle it by itself; "
            "an editor has not judged it yet.",
        )
    unfound = [
        link
        for link in claim.links
        if link.citation.status in ("not_found", "anonymous", "identifier_mismatch")
    ]
    if unfound:
        return rated(
            "unverifiable",
            "Unverifiable: the work it cites is not in the library or cannot be identified ("
            + "; ".join(
                dict.fromkeys(
                    f"{link.citation.label}: {sentence_part(link.citation.status_reason) or link.citation.status.replace('_', ' ')}"
                    for link in unfound
                )
            )
            + "), and nothing else in the library settles it.",
        )
    return rated("unverifiable", "Unverifiable: nothing in the library settles it.")


def _as_link(other: OtherEvidence) -> LinkFacts:
    """An uncited study as a link, so that it is graded as the cited ones are."""
    return LinkFacts(
        citation=CitationFacts(
            id=None, label=other.study.label, status="verified", study=other.study
        ),
        reliance="library",
        stance=other.stance,
        misfit_reasons=other.misfit_reasons,
        rationale=other.rationale,
        judged_by="machine",
    )


def _why(links: list[LinkFacts]) -> str:
    return "; ".join(
        dict.fromkeys(
            sentence_part(link.rationale) for link in links if sentence_part(link.rationale)
        )
    )


def _level(claim: ClaimFacts, links: list[LinkFacts]) -> str:
    grade = grade_body(claim, links)
    return grade.level if grade else ""


def _certainty(grade) -> str:
    return f" {certainty_words(grade)}" if grade else ""


def _settled_words(checks: list[SettledCheck]) -> str:
    return "; ".join(
        dict.fromkeys(
            f"{sentence_part(c.reason)} ({c.source}: “{sentence_part(c.says)}”)" for c in checks
        )
    )
