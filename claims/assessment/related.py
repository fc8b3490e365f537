"""The library's studies that bear on a claim, cited or not. No Django.

A claim that ketamine reduced alcohol relapse meets every trial in the library whose relapse
outcome is on record, whether the article cites it or not; a claim that there are no
randomised trials meets the randomised trials the library holds. What the article does not
cite is its *omitted evidence*, shown beside the claim and weighed in its accuracy
(`accuracy.compute_accuracy(others=)`).

A study bears on a claim when it is about ketamine and substance use, about a substance the
claim names (or the claim names none), and either its recorded outcomes meet a result the
claim states (`judging.outcome_findings`), or the claim denies research of a design the study
has, or the claim names a review and the study is a systematic review on the question (shown
beside the claim, not weighed: "related").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from claims.assessment.accuracy import OtherEvidence
from claims.assessment.facts import GENERAL_SUBSTANCES, NO_SUBSTANCE, design_words
from claims.assessment.judging import outcome_findings
from claims.assessment.scope import FINDING
from claims.assessment.stated import StatedFacts
from studies.constants import SECONDARY_SOURCE_KINDS
from studies.facts import StudyFacts

# "the absence of randomised controlled trials", "a lack of placebo-controlled trials",
# "there are no RCTs": a claim that research of a design does not exist.
_ABSENT = re.compile(
    r"\b(?:absence|lack|dearth)\s+of\s+(?:any\s+|large\s+|well-designed\s+)?"
    r"(?P<a>randomi[sz]ed(?:\s+controlled)?\s+(?:clinical\s+)?trials|RCTs|"
    r"placebo-controlled\s+trials|controlled\s+trials)"
    r"|\b(?:there\s+(?:are|have\s+been)\s+no|no)\s+(?P<b>randomi[sz]ed(?:\s+controlled)?\s+"
    r"(?:clinical\s+)?trials|RCTs)\s+(?:have|has|exist|of|on|for)\b",
    re.IGNORECASE,
)
_DENIED_DESIGNS = {"randomized_controlled_trial"}


def denies_trials(text: str) -> bool:
    """Whether the words say randomised or controlled trials do not exist."""
    return bool(_ABSENT.search(text or ""))


class EvidenceIndex:
    """The library's studies, each under what can make it bear on a claim (it is a randomised
    trial, a systematic review, or has outcomes on record) and under each substance it is
    about: a claim meets only the studies of its groups and substances, not every study of
    the library (a million claims against 100,000 studies, each walked whole, would never
    finish). A study in no group bears on no claim, and neither does one off the topic,
    retracted, or not research."""

    def __init__(self, studies: Iterable[StudyFacts]):
        self.studies = tuple(studies)
        self._positions: dict[tuple[str, str | None], list[int]] = {}
        for position, study in enumerate(self.studies):
            if study.about_ketamine is False or study.about_substance_use is False:
                continue
            if study.retracted or study.source_kind in SECONDARY_SOURCE_KINDS:
                # A retracted work is no evidence, and a page that is not research is not
                # research evidence: neither bears out nor contradicts a claim uncited, as
                # neither does cited (`claims.assessment.facts.is_usable`).
                continue
            groups = []
            if study.design_code in _DENIED_DESIGNS:
                groups.append("trials")
            if study.design_code == "systematic_review":
                groups.append("reviews")
            if study.outcomes:
                groups.append("outcomes")
            for group in groups:
                for substance in (None, *set(study.substances)):
                    self._positions.setdefault((group, substance), []).append(position)

    def candidates(self, groups: list[str], substances: set[str]) -> list[StudyFacts]:
        """The studies of these groups about one of these substances (any, when none is
        given), in the library's order."""
        keys = [(group, substance) for group in groups for substance in (substances or {None})]
        positions = set().union(*(self._positions.get(key, ()) for key in keys))
        return [self.studies[position] for position in sorted(positions)]


def related_evidence(
    stated: StatedFacts,
    *,
    claim_substances: tuple[str, ...],
    library: EvidenceIndex | Iterable[StudyFacts],
    cited: frozenset = frozenset(),
) -> tuple[OtherEvidence, ...]:
    """The library's studies, not among the `cited` ids, that bear on the claim."""
    substances = (
        (set(claim_substances) | set(stated.substances)) - GENERAL_SUBSTANCES - {NO_SUBSTANCE}
    )
    denied = denies_trials(stated.text)
    reviews_named = stated.designs & {"meta_analysis", "systematic_review"}
    if not (denied or reviews_named or stated.outcomes):
        return ()  # the words state nothing a study's record could bear on
    if not isinstance(library, EvidenceIndex):
        library = EvidenceIndex(library)
    # Which studies can bear on these words: a study without outcomes on record meets no
    # stated result, and a trial or a review only a claim that denies trials or names one.
    groups = [
        group
        for group, wanted in (("trials", denied), ("reviews", reviews_named), ("outcomes", stated.outcomes))
        if wanted
    ]
    scope = stated.scope
    found = []
    for study in library.candidates(groups, substances):
        if study.id in cited:
            continue
        if denied and study.design_code in _DENIED_DESIGNS:
            found.append(
                OtherEvidence(
                    study,
                    "contradicts",
                    f"{study.label} is {design_words(study.design_code)}"
                    + (f" ({study.topic_summary})" if study.topic_summary else ""),
                )
            )
            continue
        if reviews_named and study.design_code == "systematic_review":
            # The reviews the library holds on the question, beside a review it names.
            found.append(OtherEvidence(study, "related", f"{study.label} is a systematic review"))
            continue
        supports, contradicts = outcome_findings(stated, study)
        if contradicts and scope != FINDING:
            # A report of one study's finding is not contradicted by another study.
            found.append(OtherEvidence(study, "contradicts", "; ".join(contradicts)))
        elif supports:
            found.append(OtherEvidence(study, "supports", "; ".join(supports)))
    return tuple(found)
