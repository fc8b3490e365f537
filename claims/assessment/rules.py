"""Verification rules: plain facts in, flags out. No Django.

Each rule raises at most one flag of its code on its target (a claim or a citation), with a
severity, a message in words that names the facts, and an evidence dict. The verification
service stores the flags; a flag an editor dismissed stays dismissed until its evidence
changes, so evidence holds the facts the finding rests on (ids, codes, numbers) and not
words that may be reworded. A rule whose logic changes gets a new version in `RULES`.

Claim rules
-----------
- no_citation: the claim leans on no citation at all.
- vague_attribution: the quote says "studies show", "research suggests", "some studies",
  "early clinical trials", ... and the claim cites no specific work by marker or name.
- unverifiable_citations_only: no cited work can be weighed as evidence: each is not found,
  anonymous, off-topic, points to another work by its identifier, or (for anything but a
  statistic) a secondary source. The message says which: a claim citing only identified
  secondary sources "cites only secondary sources, not research" (version 2; version 1 called
  every such work unverifiable).
- indirect_evidence: a study the claim leans on is about another substance, another
  condition, another drug, or animals (its confirmed topic, or an editor's misfit reason).
- weak_design_only: an efficacy or safety claim leans only on studies without a control
  group or systematic synthesis, on trials under 20 participants, or — for claims of a
  lasting effect — on trials whose follow-up is known to be under 90 days.
- wording_stronger_than_evidence: categorical wording on low or very-low certainty evidence
  or on only partial support (not for statistics, regulatory, access or research claims,
  which are plainly worded by nature), or an editor found the result overstated.
- misrepresentation: an editor found that the cited study did something else (route, dose,
  sessions, population, comparator, design) or did not find this; or the claim names a
  route of administration and a study it leans on used another one.

Citation rules
--------------
- citation_status: one flag per problem status (metadata mismatch, identifier mismatch,
  off-topic, secondary source, not found, anonymous); verified and unchecked raise none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims import constants as c
from claims.assessment.facts import (
    ADDICTION_CLAIM_TYPES,
    FOUND_BY,
    MISFIT_WORDS,
    PLAINLY_WORDED_TYPES,
    ROUTE_SHORT,
    ROUTE_WORDS,
    STATISTIC_CLAIM_TYPES,
    CitationFacts,
    ClaimFacts,
    FlagResult,
    LinkFacts,
    design_words,
    follow_up_days,
    indirectness,
    is_controlled_or_review,
    is_unverifiable,
    is_usable,
    leaned_on,
    routes_named,
    sentence_part,
    source_kind_words,
    study_description,
)
from claims.assessment.grading import DIFFERENT_PICO_MISFITS, LEVEL_WORDS, grade_body
from claims.assessment.patterns import CaseFree
from claims.assessment.scope import WORLD, claim_scope
from studies.references.discrepancies import describe_discrepancies


@dataclass(frozen=True)
class Rule:
    code: str  # the flag code it raises
    name: str  # stored on the flag as `rule`
    version: int
    target: str  # "claim" or "citation"


def _registry(*rules: Rule) -> dict[str, Rule]:
    return {rule.code: rule for rule in rules}


RULES = _registry(
    Rule("no_citation", "no_citation", 1, "claim"),
    Rule("vague_attribution", "vague_attribution", 1, "claim"),
    # 2: the message says which works are secondary sources, off-topic or not found.
    Rule("unverifiable_citations_only", "unverifiable_citations_only", 2, "claim"),
    Rule("indirect_evidence", "indirect_evidence", 1, "claim"),
    Rule("weak_design_only", "weak_design_only", 1, "claim"),
    # 2: certainty as verdicts.VERDICT_VERSION 2 grades it (systematic reviews start moderate).
    # 3: a report of what a study found is not weighed by the study's certainty (scope).
    Rule("wording_stronger_than_evidence", "wording_stronger_than_evidence", 3, "claim"),
    Rule("misrepresentation", "misrepresentation", 1, "claim"),
    # Raised by claims.assessment.consistency, which reads the article's other claims.
    Rule("inconsistent_within_article", "inconsistent_within_article", 1, "claim"),
    Rule("citation_metadata_mismatch", "citation_status", 1, "citation"),
    Rule("citation_identifier_mismatch", "citation_status", 1, "citation"),
    Rule("citation_off_topic", "citation_status", 1, "citation"),
    Rule("citation_secondary_source", "citation_status", 1, "citation"),
    Rule("citation_not_found", "citation_status", 1, "citation"),
    Rule("citation_anonymous", "citation_status", 1, "citation"),
    Rule("citation_retracted", "citation_standing", 1, "citation"),
    Rule("citation_notice", "citation_standing", 1, "citation"),
)
assert set(RULES) == {code for code, _ in c.FLAG_CODES}, "every flag code needs a rule"

CLAIM_FLAG_CODES = frozenset(code for code, rule in RULES.items() if rule.target == "claim")
CITATION_FLAG_CODES = frozenset(code for code, rule in RULES.items() if rule.target == "citation")


def _flag(code: str, severity: str, message: str, evidence: dict) -> FlagResult:
    rule = RULES[code]
    return FlagResult(code, severity, message, evidence, rule.name, rule.version)


# --- Citation flags --------------------------------------------------------------------

STATUS_FLAGS = {
    "metadata_mismatch": ("citation_metadata_mismatch", "warning"),
    "identifier_mismatch": ("citation_identifier_mismatch", "critical"),
    "off_topic": ("citation_off_topic", "critical"),
    "secondary_source": ("citation_secondary_source", "warning"),
    "not_found": ("citation_not_found", "critical"),
    "anonymous": ("citation_anonymous", "critical"),
}


def discrepancy_words(discrepancies) -> str:
    """'year written 2020, record says 2019; pages written 911-918, record says 923-930'."""
    return describe_discrepancies(
        [d for d in discrepancies if d.get("field") and "written" in d and "canonical" in d]
    )


def check_citation(citation: CitationFacts) -> list[FlagResult]:
    """The flags a citation raises: its status's, and its work's standing (a retraction, a
    correction or an expression of concern) whatever the status."""
    return _status_flag(citation) + _standing_flag(citation)


def _standing_flag(citation: CitationFacts) -> list[FlagResult]:
    study = citation.study
    if study is None or not study.standing:
        return []
    evidence = {"study": study.id, "standing": study.standing, "notice": study.notice}
    notice = f": {study.notice}" if study.notice else ""
    if study.retracted:
        message = (
            f"The cited work, {study.label}, was {study.standing}{notice}. It is not evidence "
            "for any claim."
        )
        return [_flag("citation_retracted", "critical", message, evidence)]
    severity = "warning" if study.standing == "expression_of_concern" else "info"
    words = "an expression of concern" if severity == "warning" else "a correction"
    message = f"The cited work, {study.label}, has {words}{notice}."
    return [_flag("citation_notice", severity, message, evidence)]


def _status_flag(citation: CitationFacts) -> list[FlagResult]:
    if citation.status not in STATUS_FLAGS:
        return []
    code, severity = STATUS_FLAGS[citation.status]
    if citation.status == "not_found" and not citation.registries_searched:
        # Only the library was searched: a work it lacks is not thereby fabricated.
        severity = "warning"
    study = citation.study
    evidence = {
        "status": citation.status,
        "study": study.id if study else None,
        "discrepancies": [dict(d) for d in citation.discrepancies],
    }
    # The flag sits on the citation itself, so the message names the study, not the citation.
    reason = citation.status_reason.strip()
    if citation.status == "metadata_mismatch" and study and citation.discrepancies:
        message = (
            f"The reference as written differs from the record of {study.label}: "
            f"{discrepancy_words(citation.discrepancies)}."
        )
    elif citation.status == "off_topic" and study:
        topics = []
        if study.about_ketamine is False:
            topics.append("ketamine")
        if study.about_substance_use is False:
            topics.append("substance use")
        evidence["about_ketamine"] = study.about_ketamine
        evidence["about_substance_use"] = study.about_substance_use
        summary = f" ({study.topic_summary})" if study.topic_summary else ""
        not_about = " or ".join(topics) if topics else "ketamine for addiction"
        message = f"The cited work, {study.label}{summary}, is not about {not_about}."
    elif citation.status == "secondary_source" and study:
        evidence["source_kind"] = study.source_kind
        kind = source_kind_words(study.source_kind)
        message = f"The cited work, {study.label}, is {kind}, not a research report."
    elif citation.status == "not_found" and not reason:
        # Only the library is searched: a real paper it does not hold is not thereby fabricated.
        message = (
            "The cited work is not in the library: only the library was searched, so this "
            "does not show that the work does not exist."
        )
    else:
        message = reason or f"Status: {citation.status.replace('_', ' ')}."
    return [_flag(code, severity, message, evidence)]


# --- Claim flags -----------------------------------------------------------------------

# Attributions to unnamed research: a claim worded so cites nothing one could look up.
VAGUE_PATTERNS = [
    r"\b(?:recent |some |many |several |other |previous |preliminary |early |emerging |"
    r"numerous |multiple |clinical |scientific )*(?:studies|research|trials|evidence|"
    r"scientists|researchers|experts|data)\s+(?:has |have )?(?:also )?"
    r"(?:show|shows|shown|showed|suggest|suggests|suggested|indicate|indicates|indicated|"
    r"find|found|finds|demonstrate|demonstrates|demonstrated|reveal|reveals|revealed|"
    r"report|reports|reported|point|points|support|supports|confirm|confirms|confirmed)\b",
    r"\b(?:some|many|several|numerous|multiple|recent|preliminary|emerging) (?:studies|trials|research)\b",
    r"\bearly (?:clinical )?(?:trials|studies|research|evidence)\b",
    r"\bcase (?:reports|studies)\b",
    r"\b(?:a |the )?growing body of (?:evidence|research)\b",
    r"\baccording to (?:research|studies|experts|science)\b",
    r"\bresearch (?:is showing|comparing)\b",
    r"\bit has been (?:shown|found|demonstrated)\b",
]
_VAGUE = CaseFree("|".join(f"(?:{p})" for p in VAGUE_PATTERNS))


def vague_phrases(quote: str) -> list[str]:
    """The phrases of a quote that attribute it to unnamed research, in order, as written."""
    quote = quote or ""
    return list(dict.fromkeys(quote[m.start() : m.end()].strip() for m in _VAGUE.finditer(quote)))


# Words that make a claim categorical, named in messages when present.
_STRONG_RE = re.compile(
    r"\b(?:the most effective|most effective|the best|proven|proves?|cures?|guarantee[sd]?|"
    r"always|never fails|will|significantly|dramatically|demonstrated|definitely|clearly|"
    r"breakthrough|revolutionary|highly effective|effective|safe|is)\b",
    re.IGNORECASE,
)
# A claim of a lasting effect needs a follow-up that lasts.
_LASTING_RE = re.compile(
    r"\b(?:long[- ]term|sustained|lasting|durable|abstinen\w*|relaps\w*|months?|years?)\b",
    re.IGNORECASE,
)
LASTING_FOLLOW_UP_DAYS = 90
TINY_TRIAL_BELOW = 20
WEAK_DESIGN_CLAIM_TYPES = frozenset({"efficacy", "safety"})
UNCITED_WARNING_TYPES = ADDICTION_CLAIM_TYPES | STATISTIC_CLAIM_TYPES
# Misfit reasons by which an editor says the study did something other than the claim says.
MISREPRESENTING_MISFITS = DIFFERENT_PICO_MISFITS | {"result_not_found"}


def _name(link: LinkFacts) -> str:
    study = link.citation.study
    return study.label if study else link.citation.label


def rule_no_citation(claim: ClaimFacts) -> FlagResult | None:
    if claim.links:
        return None
    severity = "warning" if claim.claim_type in UNCITED_WARNING_TYPES else "info"
    return _flag(
        "no_citation",
        severity,
        "The claim cites no source: no reference, link or described study is tied to it.",
        {"links": 0, "claim_type": claim.claim_type},
    )


def rule_vague_attribution(claim: ClaimFacts) -> FlagResult | None:
    phrases = vague_phrases(claim.quote)
    if not phrases:
        return None
    specific = [link for link in claim.links if link.reliance == "marker"]
    if specific:
        return None
    said = ", ".join(f"“{p}”" for p in phrases)
    if claim.links:
        tail = (
            f"; it leans only on {len(claim.links)} reference(s) described nearby or listed "
            "at the end of the article"
        )
    else:
        tail = " and cites nothing"
    return _flag(
        "vague_attribution",
        "warning",
        f"Says {said} but names no specific study{tail}.",
        {
            "phrases": [p.lower() for p in phrases],
            "specific_citations": 0,
            "other_citations": sorted(
                link.citation.id for link in claim.links if link.citation.id is not None
            ),
        },
    )


def rule_unverifiable_citations_only(claim: ClaimFacts) -> FlagResult | None:
    if not claim.links:
        return None
    if any(link.citation.status == "unchecked" for link in claim.links):
        return None  # not checked yet: nothing to say
    if not all(is_unverifiable(link, claim.claim_type) for link in claim.links):
        return None
    parts = list(dict.fromkeys(_unweighable(link) for link in claim.links))
    if all(link.citation.status == "secondary_source" for link in claim.links):
        message = "It cites only secondary sources, not research: " + "; ".join(parts) + "."
    else:
        message = (
            "None of the works it cites can be weighed as evidence for it: "
            + "; ".join(parts)
            + "."
        )
    return _flag(
        "unverifiable_citations_only",
        "critical",
        message,
        {
            "citations": sorted(
                (
                    {"citation": link.citation.id, "status": link.citation.status}
                    for link in claim.links
                ),
                key=lambda d: (d["citation"] is None, d["citation"] or 0, d["status"]),
            )
        },
    )


_UNWEIGHABLE_WORDS = {
    "off_topic": "is off-topic",
    "not_found": "was not found",
    "anonymous": "cannot be identified",
    "identifier_mismatch": "gives an identifier that leads to another work",
}


def _unweighable(link: LinkFacts) -> str:
    """Why one cited work cannot be weighed: 'WebMD 2024 is a consumer health page'."""
    citation, study = link.citation, link.citation.study
    if study is not None and study.retracted:
        # Whatever its citation's status: a verified reference to a retracted work.
        return f"{study.label} is {study.standing}" + (f" ({study.notice})" if study.notice else "")
    if citation.status == "secondary_source" and study is not None:
        return f"{study.label} is {source_kind_words(study.source_kind)}"
    words = _UNWEIGHABLE_WORDS.get(citation.status, f"is {citation.status.replace('_', ' ')}")
    return f"{_name(link)} {words}"


def rule_indirect_evidence(claim: ClaimFacts) -> FlagResult | None:
    findings = []
    direct = 0
    for link in claim.links:
        if link.stance == "silent":
            continue  # a study judged to say nothing on the claim is not evidence either way
        if is_usable(link, claim.claim_type):
            found = indirectness(claim, link)
        else:
            # Unusable works have flags of their own; only an editor's judgement counts here.
            found = [f for f in indirectness(claim, link) if f["reason"] in link.misfit_reasons]
            if not found:
                continue
        if found:
            findings.append((link, found))
        else:
            direct += 1
    if not findings:
        return None
    sentences = [
        f"cites {_name(link)}, but " + "; ".join(f["detail"] for f in found)
        for link, found in findings
    ]
    message = "Indirect evidence: " + "; ".join(sentences) + "."
    if direct:
        message += f" It also cites {direct} directly relevant study(ies)."
    return _flag(
        "indirect_evidence",
        "info" if direct else "warning",
        message,
        {
            "indirect": [
                {
                    "citation": link.citation.id,
                    "study": link.citation.study.id if link.citation.study else None,
                    "reasons": sorted(f["reason"] for f in found),
                }
                for link, found in findings
            ],
            "direct": direct,
        },
    )


def study_weaknesses(claim: ClaimFacts, link: LinkFacts) -> list[str]:
    """Why a study the claim leans on is weak evidence for it; empty when it is not."""
    study = link.citation.study
    weaknesses = []
    if not is_controlled_or_review(study.design_code):
        weaknesses.append(f"{design_words(study.design_code)}, with no control group or synthesis")
    elif study.design_code != "systematic_review":
        if study.n is not None and study.n < TINY_TRIAL_BELOW:
            weaknesses.append(f"only {study.n} participants")
        days = follow_up_days(study.follow_up)
        if days is not None and days < LASTING_FOLLOW_UP_DAYS and _LASTING_RE.search(claim.quote):
            weaknesses.append(f"follow-up of {study.follow_up}, too short for a lasting effect")
    return weaknesses


def rule_weak_design_only(claim: ClaimFacts) -> FlagResult | None:
    if claim.claim_type not in WEAK_DESIGN_CLAIM_TYPES:
        return None
    leaned = leaned_on(claim)
    if not leaned:
        return None
    weak = [(link, study_weaknesses(claim, link)) for link in leaned]
    if any(not weaknesses for _, weaknesses in weak):
        return None
    described = "; ".join(
        f"{study_description(link.citation.study)}: {', '.join(w)}" for link, w in weak
    )
    return _flag(
        "weak_design_only",
        "warning",
        f"Only weak designs behind it, no adequate controlled trial or systematic review: {described}.",
        {
            "studies": sorted(
                (
                    {
                        "study": link.citation.study.id,
                        "design": link.citation.study.design_code,
                        "n": link.citation.study.n,
                        "follow_up_days": follow_up_days(link.citation.study.follow_up),
                    }
                    for link, _ in weak
                ),
                key=lambda d: (d["study"] is None, d["study"] or 0),
            )
        },
    )


def rule_wording_stronger_than_evidence(claim: ClaimFacts) -> FlagResult | None:
    overstated = [link for link in claim.links if "overstated_result" in link.misfit_reasons]
    # A report of what a study found is accurate when the study found it, whatever its
    # certainty: only a claim about the world is weighed by the certainty of the evidence.
    categorical = (
        claim.wording == "categorical"
        and claim.claim_type not in PLAINLY_WORDED_TYPES
        and claim_scope(claim.quote) == WORLD
    )
    leaned = leaned_on(claim)
    grade = grade_body(claim, leaned) if leaned else None
    low = grade is not None and grade.level in ("low", "very_low")
    judged_support = [link for link in leaned if link.stance]
    only_partly = bool(judged_support) and all(link.stance == "partly" for link in judged_support)
    if not (overstated or (categorical and (low or only_partly))):
        return None
    strong = _STRONG_RE.search(claim.quote)
    said = f"Says “{strong.group(0)}”" if strong and strong.group(0).lower() != "is" else "Worded"
    reasons = []
    if categorical and low:
        reasons.append(
            f"the evidence it leans on is of {LEVEL_WORDS[grade.level]} certainty "
            f"({grade.anchor}: {'; '.join(grade.reasons)})"
        )
    if categorical and only_partly:
        reasons.append(
            f"{', '.join(_name(link) for link in judged_support)} only partly support it"
        )
    for link in overstated:
        note = f": {sentence_part(link.rationale)}" if sentence_part(link.rationale) else ""
        reasons.append(f"an editor found that it overstates what {_name(link)} found{note}")
    return _flag(
        "wording_stronger_than_evidence",
        "warning",
        f"{said} categorically, but " + "; ".join(reasons) + ".",
        {
            "wording": claim.wording,
            "certainty": grade.level if grade else None,
            "only_partly": only_partly,
            "overstated_by_editor": sorted(link.citation.id or 0 for link in overstated),
        },
    )


def rule_misrepresentation(claim: ClaimFacts) -> FlagResult | None:
    findings = []
    sentences = []
    claim_routes = routes_named(claim.quote)
    for link in claim.links:
        study = link.citation.study
        for reason in link.misfit_reasons:
            if reason not in MISREPRESENTING_MISFITS:
                continue
            note = f" ({sentence_part(link.rationale)})" if sentence_part(link.rationale) else ""
            if (
                reason == "different_route"
                and study
                and study.route_code in ROUTE_WORDS
                and claim_routes
            ):
                sentences.append(
                    f"cites {study.label}, which gave ketamine {ROUTE_WORDS[study.route_code]}; "
                    f"the claim says {_route_list(claim_routes)}{note}"
                )
            else:
                sentences.append(
                    f"cites {_name(link)}: {MISFIT_WORDS[reason]}, {FOUND_BY[link.judged_by]}{note}"
                )
            findings.append(
                {
                    "citation": link.citation.id,
                    "study": study.id if study else None,
                    "reason": reason,
                    "source": link.judged_by,
                }
            )
        # The claim names a route and the study it leans on used another one: a fact
        # check that needs no editor, made only when the study's route is confirmed.
        if (
            claim_routes
            and "different_route" not in link.misfit_reasons
            and link.reliance in ("marker", "context")
            and is_usable(link, claim.claim_type)
            and study.about_ketamine is not False
            and study.route_code in ROUTE_WORDS
            and study.route_code not in claim_routes
        ):
            sentences.append(
                f"cites {study.label}, which gave ketamine {ROUTE_WORDS[study.route_code]}; "
                f"the claim says {_route_list(claim_routes)}"
            )
            findings.append(
                {
                    "citation": link.citation.id,
                    "study": study.id,
                    "reason": "different_route",
                    "source": "route_check",
                    "study_route": study.route_code,
                    "claim_routes": sorted(claim_routes),
                }
            )
    if not findings:
        return None
    by_editor = any(f["source"] == "editor" for f in findings)
    message = "Misrepresents the cited study: " + "; ".join(sentences) + "."
    return _flag(
        "misrepresentation",
        "critical" if by_editor else "warning",
        message,
        {"findings": findings},
    )


def _route_list(routes) -> str:
    return " or ".join(ROUTE_SHORT[r] for r in sorted(routes))


CLAIM_RULES = (
    rule_no_citation,
    rule_vague_attribution,
    rule_unverifiable_citations_only,
    rule_indirect_evidence,
    rule_weak_design_only,
    rule_wording_stronger_than_evidence,
    rule_misrepresentation,
)


def check_claim(claim: ClaimFacts) -> list[FlagResult]:
    """Every flag the claim rules raise on this claim, in rule order."""
    flags = []
    for rule in CLAIM_RULES:
        flag = rule(claim)
        if flag is not None:
            flags.append(flag)
    return flags
