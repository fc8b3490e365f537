"""GRADE certainty of the evidence behind a claim, from plain facts. No Django.

For each study the claim leans on, then for the body of evidence (the rules are in
`claims.assessment.verdicts`' module doc):

1. start from the design (high for a randomised trial or official statistics, moderate for
   a systematic review, low for other designs, very low for a web article or unknown design);
2. rate down for risk of bias (case reports and series), indirectness (another substance,
   condition, drug, animals, or an editor's route, dose, sessions, population, comparator or
   design misfit) and imprecision (N under 100; two levels under 20);
3. the body takes its best-rated study, one level down for inconsistency when the studies an
   editor judged point both ways.

Findings an editor dismissed do not rate a study down: the callers say whether the
indirectness and misrepresentation findings count.
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.assessment.facts import (
    SUPPORTING_STANCES,
    ClaimFacts,
    LinkFacts,
    design_words,
    indirectness,
    noted,
    study_description,
)

LEVELS = ["very_low", "low", "moderate", "high"]
LEVEL_WORDS = {"high": "high", "moderate": "moderate", "low": "low", "very_low": "very low"}

START_HIGH = frozenset({"randomized_controlled_trial", "official_statistics"})
# A review starts below a review of randomised trials: the library does not record what it
# included (see the module doc). Scoping and narrative reviews start low with the rest.
START_MODERATE = frozenset({"systematic_review"})
START_VERY_LOW = frozenset({"web_article", "unknown"})
UNCONTROLLED_CASES = frozenset({"case_report", "case_series"})
# Reviews and statistics report no single sample to be imprecise about.
NO_SAMPLE_DESIGNS = frozenset(
    {
        "systematic_review",
        "scoping_review",
        "narrative_review",
        "official_statistics",
        "web_article",
    }
)
IMPRECISE_BELOW = 100
VERY_IMPRECISE_BELOW = 20
# Misfits that say the study did something else than the claim says (GRADE: indirectness).
DIFFERENT_PICO_MISFITS = frozenset(
    {
        "different_route",
        "different_dose",
        "different_sessions",
        "different_population",
        "different_comparator",
        "different_design",
    }
)
@dataclass(frozen=True)
class Grade:
    level: str
    reasons: tuple[str, ...]  # the start and each rating down, in words
    anchor: str = ""  # the study the level rests on, described


def _down(level: str, steps: int) -> str:
    return LEVELS[max(0, LEVELS.index(level) - steps)]


def start_level(design_code: str) -> str:
    if design_code in START_HIGH:
        return "high"
    if design_code in START_MODERATE:
        return "moderate"
    if design_code in START_VERY_LOW:
        return "very_low"
    return "low"


def grade_link(
    claim: ClaimFacts, link: LinkFacts, *, indirectness_counts: bool = True,
    misfits_count: bool = True,
) -> Grade:
    """Certainty of one linked study as evidence for this claim.

    `indirectness_counts` and `misfits_count` are False when an editor dismissed the
    finding (`indirect_evidence`, `misrepresentation`) that would rate it down."""
    study = link.citation.study
    if study is None:
        return Grade("very_low", ("no study was identified",))
    level = start_level(study.design_code)
    reasons = [f"starts {LEVEL_WORDS[level]} for {design_words(study.design_code)}"]

    if study.design_code in UNCONTROLLED_CASES:
        level = _down(level, 1)
        reasons.append("rated down for risk of bias: no comparison group")

    indirect = []
    if indirectness_counts:
        indirect += [f["detail"] for f in indirectness(claim, link)]
    if misfits_count:
        indirect += [
            noted(r, link.rationale, link.judged_by)
            for r in link.misfit_reasons
            if r in DIFFERENT_PICO_MISFITS
        ]
    if indirect:
        level = _down(level, 1)
        reasons.append("rated down for indirectness: " + "; ".join(indirect))

    if study.n is not None and study.design_code not in NO_SAMPLE_DESIGNS:
        if study.n < VERY_IMPRECISE_BELOW:
            level = _down(level, 2)
            reasons.append(
                f"rated down two levels for imprecision: N={study.n}, under {VERY_IMPRECISE_BELOW}"
            )
        elif study.n < IMPRECISE_BELOW:
            level = _down(level, 1)
            reasons.append(f"rated down for imprecision: N={study.n}, under {IMPRECISE_BELOW}")
    return Grade(level, tuple(reasons), study_description(study))


def grade_body(
    claim: ClaimFacts, links: list[LinkFacts], *, indirectness_counts: bool = True,
    misfits_count: bool = True,
) -> Grade | None:
    """Certainty of a body of evidence: its best study, less inconsistency. None if empty."""
    graded = [
        grade_link(
            claim, link, indirectness_counts=indirectness_counts, misfits_count=misfits_count
        )
        for link in links if link.citation.study is not None
    ]
    if not graded:
        return None
    best = max(graded, key=lambda g: LEVELS.index(g.level))
    stances = {link.stance for link in links}
    if stances & SUPPORTING_STANCES and "contradicts" in stances:
        return Grade(
            _down(best.level, 1),
            (*best.reasons, "rated down for inconsistency: the studies point both ways"),
            best.anchor,
        )
    return best


def certainty_words(grade: Grade) -> str:
    return f"Certainty {LEVEL_WORDS[grade.level]}: {grade.anchor} " + "; ".join(grade.reasons) + "."


