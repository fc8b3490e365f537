"""The verdict on a claim, from its facts and its active findings. No Django.

One path: the rules (`rules.check_claim`) raise findings on the claim's facts; the findings
an editor dismissed are not active; the verdict is a function of the facts and the active
findings (`compute_verdict`), its certainty graded in `grading`. Whether a claim is
overstated is the wording finding's to say, not decided again here.

Certainty (GRADE-like, `grading`, for each study the claim leans on, then for the body of evidence)
------------------------------------------------------------------------------------------
1. Start from the design: **high** for a randomised controlled trial or official statistics
   (the primary source of a figure); **moderate** for a systematic review; **low** for every
   other study design (non-randomised or uncontrolled trials, laboratory and
   experimental-medicine studies, secondary analyses, cohorts, surveys, case series and
   reports, qualitative studies, scoping and narrative reviews, animal studies); **very
   low** for a web article or a study of unknown design.
   GRADE starts a review where the studies it pools start: high for a review of randomised
   trials. The library does not record what a review included, so a systematic review
   starts one level below a review of trials would (moderate), and a scoping or narrative
   review, which does not appraise or pool its studies, starts low; then each is rated
   down as any other study.
2. Rate down one level each for:
   - *risk of bias*: a case report or case series (no comparison at all);
   - *indirectness*: the study answers another question than the claim asks — another
     substance, another condition (e.g. depression), another drug (e.g. psilocybin),
     animals — or an editor judged that it differs in route, dose, sessions, population,
     comparator or design (`claims.assessment.facts.indirectness`, misfit reasons);
   - *imprecision*: fewer than 100 participants (two levels under 20). An unknown N is
     not rated down: a fact the record does not confirm is never guessed.
3. The body of evidence takes the best-rated study, then one level down for
   *inconsistency* when the studies an editor judged point both ways.
   Certainty never drops below very low.

Verdict, in order (first that applies)
---------------------------------------
- no citation at all → **unsupported** ("the article gives no source");
- a cited reference not yet checked → **not assessed**;
- no cited work can be weighed: **unsupported** when at least one of them was identified —
  a secondary source (news, consumer-health or marketing page: not research, for anything
  but a statistic) or an off-topic work (it exists and does not address the claim) — with a
  rationale saying which; **unverifiable** when none could be found or identified (not
  found, anonymous, an identifier pointing elsewhere);
- works found but no editor has judged what they say → **not assessed**, with no
  certainty (nothing has been assessed yet; the rationale describes what was found);
- judged: only silent → **unsupported**; contradicting and none supporting →
  **contradicted**; supporting:
  - the finding `wording_stronger_than_evidence` is active (an editor found the result
    overstated, or the wording is categorical while the support is partial or of low /
    very low certainty) → **overstated**;
  - partial support, support mixed with contradiction, or support from a study that did
    something else (an editor's route, dose, sessions, population, comparator or design
    misfit, or a `misrepresentation` flag: the claim names a route its study did not use)
    → **partly supported**;
  - otherwise → **supported**.
Statistics, regulatory and access claims are plainly worded by nature, and claims about the
research itself ("a meta-analysis found", "more trials are needed") are checked against what
the cited work says rather than graded as evidence of an effect: for these, categorical
wording alone does not make a claim overstated.

Findings an editor dismissed
----------------------------
A claim flag an editor dismissed, with a reason, is not an active finding: it does not count
against the claim while it stays dismissed (verification reopens it when its evidence
changes), and the rationale does not repeat it. Without it:

- `misrepresentation`: the study's different route, dose, sessions, population, comparator
  or design (the editor's misfit reasons, or the route check) neither makes the claim
  partly supported nor rates its certainty down for indirectness;
- `indirect_evidence`: another substance, condition, drug or animals do not rate its
  certainty down;
- `wording_stronger_than_evidence`: the claim is not overstated on that ground;
- `no_citation`, `unverifiable_citations_only`: the machine has nothing else to weigh, so
  the claim is **not assessed** (an editor's override gives it a verdict);
- `vague_attribution` and `weak_design_only` do not enter the verdict (the certainty comes
  from the designs themselves), so dismissing them changes nothing here.

An editor may override the verdict (`Claim.override_*`); this module computes only the
machine's view. Every verdict has a certainty only when evidence was assessed:
unsupported for want of evidence, unverifiable and not assessed have none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from claims.assessment.facts import (
    SUPPORTING_STANCES,
    ClaimFacts,
    FlagResult,
    LinkFacts,
    is_usable,
    names_of,
    sentence_part,
    source_kind_words,
    study_description,
)
from claims.assessment.grading import (
    DIFFERENT_PICO_MISFITS,
    LEVEL_WORDS,
    Grade,
    certainty_words,
    grade_body,
)
from claims.assessment.rules import check_claim

# The logic's version, bumped whenever a verdict or certainty may come out differently.
# 2: systematic reviews start moderate; not assessed has no certainty; claims resting only
#    on secondary sources are unsupported, saying so; dismissed flags do not count.
VERDICT_VERSION = 2

@dataclass(frozen=True)
class Verdict:
    verdict: str
    certainty: str  # "" when there is no evidence to grade
    rationale: str


def _overstated(finding: FlagResult, supporting: list[LinkFacts], grade: Grade, words: str) -> str:
    """Why a claim is overstated, from the wording finding (`rules`) and what supports it."""
    by_editor = [link for link in supporting if "overstated_result" in link.misfit_reasons]
    if by_editor:
        return (
            f"Overstated: an editor found that it overstates what {names_of(by_editor)} showed."
            + _rationales(by_editor)
            + f" {words}"
        )
    if grade.level in ("low", "very_low"):
        return (
            f"Overstated: it is worded categorically, but the evidence behind it "
            f"({names_of(supporting)}) is of {LEVEL_WORDS[grade.level]} certainty. {words}"
        )
    if finding.evidence.get("only_partly"):
        return (
            f"Overstated: it is worded categorically, but {names_of(supporting)} only partly "
            f"{_verb(supporting, 'supports', 'support')} it."
            + _rationales(supporting)
            + f" {words}"
        )
    message = sentence_part(finding.message)
    return f"Overstated: {message[:1].lower() + message[1:]}. {words}"


def _verb(links: list[LinkFacts], singular: str, plural: str) -> str:
    """The verb that agrees with `names_of(links)`."""
    names = {
        link.citation.study.label if link.citation.study else link.citation.label for link in links
    }
    return singular if len(names) == 1 else plural


def compute_verdict(claim: ClaimFacts, findings: Iterable[FlagResult] | None = None) -> Verdict:
    """The machine's verdict on a claim, with certainty and rationale. See the module doc.

    `findings` are the claim's active findings: those the rules raise (`rules.check_claim`)
    less the ones an editor dismissed, which do not count against the claim. None means
    every finding the rules raise is active.
    """
    if findings is None:
        findings = check_claim(claim)
    active = {finding.code: finding for finding in findings}
    links = list(claim.links)
    if not links:
        if "no_citation" not in active:
            return Verdict(
                "not_assessed",
                "",
                "Not assessed: the article gives no source for this claim, and an editor "
                "dismissed the finding that it needs one; only an editor's verdict can "
                "assess it.",
            )
        return Verdict("unsupported", "", NO_SOURCE_RATIONALE)

    unchecked = [link for link in links if link.citation.status == "unchecked"]
    if unchecked:
        return Verdict(
            "not_assessed",
            "",
            f"Not assessed yet: {len(unchecked)} of its {len(links)} cited references "
            "have not been checked.",
        )

    usable = [link for link in links if is_usable(link, claim.claim_type)]
    if not usable:
        if "unverifiable_citations_only" not in active:
            return Verdict(
                "not_assessed",
                "",
                "Not assessed: none of the works it cites can be weighed as evidence, and an "
                "editor dismissed that finding; only an editor's verdict can assess it.",
            )
        return _nothing_to_weigh(links)

    judged = [link for link in usable if link.stance]
    if not judged:
        described = "; ".join(
            dict.fromkeys(study_description(link.citation.study) for link in usable)
        )
        return Verdict(
            "not_assessed",
            "",
            f"Not assessed: it cites {described}, but no editor has judged yet whether "
            f"{'it supports' if len(usable) == 1 else 'they support'} it.",
        )

    # What an editor dismissed is not active, and does not count against the claim.
    misrepresented = "misrepresentation" in active
    counts = {
        "indirectness_counts": "indirect_evidence" in active,
        "misfits_count": misrepresented,
    }
    supporting = [link for link in judged if link.stance in SUPPORTING_STANCES]
    contradicting = [link for link in judged if link.stance == "contradicts"]
    if not supporting and not contradicting:
        return Verdict(
            "unsupported",
            "",
            f"Unsupported: what it cites ({names_of(judged)}) says nothing on it."
            + _rationales(judged),
        )
    if not supporting:
        grade = grade_body(claim, contradicting, **counts)
        return Verdict(
            "contradicted",
            grade.level,
            f"Contradicted: {names_of(contradicting)} found otherwise."
            + _rationales(contradicting)
            + f" {certainty_words(grade)}",
        )

    grade = grade_body(claim, supporting + contradicting, **counts)
    words = certainty_words(grade)
    fully = [link for link in supporting if link.stance == "supports"]
    did_other = [
        link
        for link in supporting
        if misrepresented and set(link.misfit_reasons) & DIFFERENT_PICO_MISFITS
    ]
    overstated = active.get("wording_stronger_than_evidence")
    if overstated is not None:
        return Verdict("overstated", grade.level, _overstated(overstated, supporting, grade, words))
    if not fully or contradicting or did_other or misrepresented:
        why = []
        if not fully:
            why.append(
                f"{names_of(supporting)} only partly {_verb(supporting, 'supports', 'support')} it"
            )
        if contradicting:
            why.append(f"{names_of(contradicting)} found otherwise")
        if did_other:
            why.append(f"{names_of(did_other)} did something other than the claim says")
        elif misrepresented:
            why.append("a cited study did something other than the claim says")
        return Verdict(
            "partly_supported",
            grade.level,
            "Partly supported: "
            + "; ".join(why)
            + "."
            + _rationales(supporting + contradicting)
            + f" {words}",
        )
    return Verdict(
        "supported",
        grade.level,
        f"Supported: {names_of(fully)} {_verb(fully, 'supports', 'support')} it."
        + _rationales(fully)
        + f" {words}",
    )


# The machine's rationale for a claim that cites nothing: how far its own citations support
# it. Whether it is true is its accuracy's to say (`claims.assessment.accuracy`).
NO_SOURCE_RATIONALE = "The article gives no source for this claim."

# Statuses of works that could not be found or identified at all.
_UNIDENTIFIED = frozenset({"not_found", "anonymous", "identifier_mismatch"})


def _nothing_to_weigh(links: list[LinkFacts]) -> Verdict:
    """The verdict when no cited work can be weighed as evidence for the claim.

    Works that were identified (a secondary source, an off-topic work) are not
    "unverifiable": they were checked, and they are not evidence for the claim.
    """
    statuses = [link.citation.status for link in links]
    parts = []
    for link in links:
        citation, study = link.citation, link.citation.study
        if study is not None and study.retracted:
            parts.append(f"{study.label} was {study.standing}" + (f" ({study.notice})" if study.notice else ""))
        elif citation.status == "secondary_source" and study is not None:
            parts.append(f"{study.label} is {source_kind_words(study.source_kind)}")
        else:
            why = sentence_part(citation.status_reason) or citation.status.replace("_", " ")
            parts.append(f"{citation.label}: {why}")
    details = "; ".join(dict.fromkeys(parts))
    unidentified = any(status in _UNIDENTIFIED for status in statuses)
    if all(link.citation.study is not None and link.citation.study.retracted for link in links):
        return Verdict(
            "unsupported",
            "",
            f"Unsupported: the works it cites were retracted and are not evidence: {details}.",
        )
    if all(status == "secondary_source" for status in statuses):
        return Verdict(
            "unsupported",
            "",
            "Unsupported: it rests only on secondary (non-research) sources, which are not "
            f"evidence for it: {details}.",
        )
    if "secondary_source" in statuses:
        return Verdict(
            "unsupported",
            "",
            "Unsupported: none of the works it cites is research that addresses it"
            + (" (some cannot be found or identified)" if unidentified else "")
            + f": {details}.",
        )
    if "off_topic" in statuses:
        return Verdict(
            "unsupported",
            "",
            "Unsupported: the works it cites exist but do not address it"
            + (", or cannot be found or identified" if unidentified else "")
            + f" ({details}).",
        )
    return Verdict(
        "unverifiable",
        "",
        f"Unverifiable: none of the works it cites can be found or identified ({details}).",
    )


def _rationales(links: list[LinkFacts]) -> str:
    """The notes the judgements rest on: the editors', then the study records' (machine)."""
    text = ""
    for judged_by, heading in (("editor", "Editor's note"), ("machine", "From the study's record")):
        said = [
            sentence_part(link.rationale)
            for link in links
            if link.judged_by == judged_by and sentence_part(link.rationale)
        ]
        if said:
            text += f" {heading}: " + "; ".join(dict.fromkeys(said)) + "."
    return text
