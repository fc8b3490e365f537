"""Plain facts about a claim and the evidence behind it, shared by the rules and the verdicts.

No Django here: the verification service reads the database once and hands these frozen
dataclasses to `claims.assessment.rules` (flags) and `claims.assessment.verdicts` (verdict and certainty), which
can therefore be tested with literal tables. A fact the record does not confirm is None or
empty, and every helper reads None as "unknown", never as "no".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claims.assessment.patterns import Family
from claims.constants import MISFIT_REASONS
from studies.constants import CONTROLLED_DESIGNS
from studies.facts import StudyFacts

# Citation statuses whose study can be weighed as evidence: the work was found and it is
# the one the reference means (a wrong year or page does not change what the study showed).
USABLE_STATUSES = frozenset({"verified", "metadata_mismatch"})
# Citation statuses that leave a claim with nothing checkable behind it.
UNVERIFIABLE_STATUSES = frozenset(
    {"not_found", "anonymous", "identifier_mismatch", "off_topic", "secondary_source"}
)
# A statistic is normally reported second-hand (a news page quoting a national survey), so
# for statistics a secondary source still counts as evidence, of low certainty.
STATISTIC_CLAIM_TYPES = frozenset({"epidemiology"})
# Claims about what ketamine does for addiction: the cited study must be about ketamine and
# about substance use to be direct evidence for them.
ADDICTION_CLAIM_TYPES = frozenset({"efficacy", "safety", "mechanism", "research"})
# Claims whose cited studies should be about ketamine (all but statistics on drug use).
KETAMINE_CLAIM_TYPES = frozenset(
    {"efficacy", "safety", "mechanism", "research", "regulatory", "access", "promotional"}
)
# Substance codes that say nothing specific: a claim or study about substance use in
# general fits any substance, and "none" marks a claim that is not about substance use.
GENERAL_SUBSTANCES = frozenset({"substance_use_general"})
NO_SUBSTANCE = "none"

SUPPORTING_STANCES = frozenset({"supports", "partly"})
# Claim types whose plain wording is not a claim of strength: statistics, regulatory and
# access claims are plainly worded by nature, and claims about the research itself ("a
# meta-analysis found") are checked against what the cited work says, not graded as
# evidence of an effect.
PLAINLY_WORDED_TYPES = frozenset({"epidemiology", "regulatory", "access", "research"})

MISFIT_WORDS = {code: label[:1].lower() + label[1:] for code, label in MISFIT_REASONS}

DESIGN_WORDS = {
    "systematic_review": "a systematic review",
    "randomized_controlled_trial": "a randomised controlled trial",
    "non_randomized_controlled_trial": "a non-randomised controlled trial",
    "open_label_trial": "an open-label trial with no control group",
    "human_laboratory_study": "a human laboratory study",
    "experimental_medicine_study": "an experimental medicine study",
    "secondary_analysis": "a secondary analysis of a trial",
    "retrospective_cohort": "a retrospective cohort study",
    "cross_sectional_survey": "a cross-sectional survey",
    "case_series": "a case series",
    "case_report": "a case report",
    "qualitative_study": "a qualitative study",
    "scoping_review": "a scoping review",
    "narrative_review": "a narrative review",
    "animal_study": "an animal study",
    "official_statistics": "official statistics",
    "web_article": "a web article",
    "unknown": "a study of unknown design",
}

# How messages name a kind of source ("WebMD 2024 is a consumer health page").
SOURCE_KIND_WORDS = {
    "consumer_health_page": "a consumer health page",
    "news_or_explainer": "a news article or explainer",
    "marketing": "marketing material",
    "official_statistics": "official statistics",
    "peer_reviewed_article": "a peer-reviewed article",
}


def source_kind_words(kind: str) -> str:
    return SOURCE_KIND_WORDS.get(kind, "a " + (kind or "source").replace("_", " "))


# How messages name a route in short ("the claim says IV").
ROUTE_SHORT = {
    "intravenous": "IV",
    "intramuscular": "IM",
    "intranasal": "intranasal",
    "oral": "oral",
    "sublingual": "sublingual",
    "subcutaneous": "subcutaneous",
}

ROUTE_WORDS = {
    "intravenous": "intravenously (IV)",
    "intramuscular": "intramuscularly (IM)",
    "intranasal": "intranasally",
    "oral": "orally",
    "sublingual": "sublingually",
    "subcutaneous": "subcutaneously",
}

SUBSTANCE_WORDS = {
    "alcohol": "alcohol",
    "opioids": "opioids",
    "cocaine": "cocaine",
    "cannabis": "cannabis",
    "stimulants": "other stimulants",
    "tobacco": "tobacco",
    "substance_use_general": "substance use in general",
    "none": "no substance use",
}


@dataclass(frozen=True)
class CitationFacts:
    id: int | None
    label: str  # "[1] Dakwar, E., Nunes, E. V., … (2020)"
    status: str = "unchecked"
    status_reason: str = ""
    study: StudyFacts | None = None
    discrepancies: tuple[dict, ...] = ()
    # Whether a registry was reached when the library held no match (Citation.registry_search).
    registries_searched: bool = False


@dataclass(frozen=True)
class LinkFacts:
    """How a claim leans on a citation, and the judgement of it ("" = not judged): an
    editor's, or where no editor judged it, the machine's from the study's record
    (`judged_by` "editor" or "machine")."""

    citation: CitationFacts
    reliance: str = "marker"
    stance: str = ""
    misfit_reasons: tuple[str, ...] = ()
    rationale: str = ""
    judged_by: str = "editor"


@dataclass(frozen=True)
class ClaimFacts:
    id: int | None
    claim_type: str
    wording: str
    quote: str
    substances: tuple[str, ...] = ()
    links: tuple[LinkFacts, ...] = field(default=())


@dataclass(frozen=True)
class FlagResult:
    """A finding of one rule: what the verification service stores as a Flag."""

    code: str
    severity: str
    message: str
    evidence: dict
    rule: str
    rule_version: int


# --- Helpers on facts ------------------------------------------------------------------


def citation_label(marker: str, raw_text: str, limit: int = 60) -> str:
    """A short name for a citation in messages: its marker and the start of its text."""
    text = re.sub(r"\s+", " ", raw_text or "").strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    marker = (marker or "").strip()
    if not marker or text.startswith(marker):
        return text
    return f"{marker} {text}"


def is_usable(link: LinkFacts, claim_type: str) -> bool:
    """Can the linked study be weighed as evidence for a claim of this type?"""
    citation = link.citation
    if citation.study is None or citation.study.retracted:
        return False  # a retracted work is no longer evidence of anything
    if citation.status in USABLE_STATUSES:
        return True
    return citation.status == "secondary_source" and claim_type in STATISTIC_CLAIM_TYPES


def is_unverifiable(link: LinkFacts, claim_type: str) -> bool:
    if link.citation.study is not None and link.citation.study.retracted:
        return True
    status = link.citation.status
    if status == "secondary_source" and claim_type in STATISTIC_CLAIM_TYPES:
        return False
    return status in UNVERIFIABLE_STATUSES


def leaned_on(claim: ClaimFacts) -> list[LinkFacts]:
    """Usable links the claim leans on for support: judged supporting, or not judged yet.

    A link an editor judged silent says nothing on the claim; one judged contradicting is
    evidence against it, handled by the verdict.
    """
    return [
        link
        for link in claim.links
        if is_usable(link, claim.claim_type) and link.stance in ("", *SUPPORTING_STANCES)
    ]


def joined(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def names_of(links) -> str:
    """The works the links lean on, named once each: their studies, else the citations."""
    return joined(
        list(
            dict.fromkeys(
                link.citation.study.label if link.citation.study else link.citation.label
                for link in links
            )
        )
    )


def sentence_part(text: str) -> str:
    """Words to quote inside a sentence: trimmed, without their own final full stop."""
    return (text or "").strip().rstrip(".").strip()


def noted(reason: str, rationale: str = "", judged_by: str = "editor") -> str:
    """'an editor noted: different number of sessions (the trial gave one infusion)', or
    'by the study's record: ...' for the machine's judgement."""
    words = MISFIT_WORDS.get(reason, reason.replace("_", " "))
    note = sentence_part(rationale)
    return f"{NOTED_BY[judged_by]}: {words}" + (f" ({note})" if note else "")


# Who found a misfit, as messages say it.
NOTED_BY = {"editor": "an editor noted", "machine": "by the study's record"}
FOUND_BY = {"editor": "an editor found", "machine": "by the study's record"}


def design_words(code: str) -> str:
    return DESIGN_WORDS.get(code or "unknown", f"a study of design '{code}'")


def study_description(study: StudyFacts) -> str:
    """'Dakwar et al. 2019 (a randomised controlled trial, N=55)'."""
    parts = [design_words(study.design_code)]
    if study.n is not None:
        parts.append(f"N={study.n}")
    elif study.n_studies is not None:
        parts.append(f"{study.n_studies} studies")
    return f"{study.label} ({', '.join(parts)})"


def is_controlled_or_review(design_code: str) -> bool:
    return design_code in CONTROLLED_DESIGNS or design_code == "systematic_review"


# --- Follow-up in days, read from the record's words ----------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_UNIT_DAYS = {"hour": 1 / 24, "h": 1 / 24, "day": 1, "week": 7, "wk": 7, "month": 30, "year": 365}
_DURATION_RE = re.compile(
    r"\b(\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")\s*-?\s*"
    r"(hours?|h|days?|weeks?|wks?|months?|years?)\b",
    re.IGNORECASE,
)


def follow_up_days(text: str | None) -> float | None:
    """The longest follow-up a record's words state, in days; None when it states none.

    ">1 year" reads as 365 days, "end of 5-week trial; 6-month telephone follow-up" as 180.
    """
    longest = None
    for number, unit in _DURATION_RE.findall(text or ""):
        value = _NUMBER_WORDS.get(number.lower())
        value = float(number) if value is None else float(value)
        unit = unit.lower().rstrip("s")
        days = value * _UNIT_DAYS["h" if unit == "h" else unit]
        longest = days if longest is None else max(longest, days)
    return longest


# --- Routes named in a claim's words ---------------------------------------------------

# Words in any case; abbreviations only in capitals ("IV", "IM": "stage iv" is no route).
_ROUTE_WORDS = Family(
    {
        "intravenous": r"\bintravenous(?:ly)?\b|\binfusions?\b|\binfused\b",
        "intramuscular": r"\bintramuscular(?:ly)?\b",
        "intranasal": r"\bintranasal(?:ly)?\b|\bnasal spray\b|\bnasally\b",
        "oral": r"\borally\b|\boral (?:ketamine|dose|doses|administration)\b",
        "sublingual": r"\bsublingual(?:ly)?\b|\blozenges?\b",
        "subcutaneous": r"\bsubcutaneous(?:ly)?\b",
    }
)
_ROUTE_ABBREVIATIONS = Family({"intravenous": r"\bIV\b", "intramuscular": r"\bIM\b"}, flags=0)


def routes_named(quote: str) -> set[str]:
    """Routes of administration a claim's words name."""
    quote = quote or ""
    return set(_ROUTE_WORDS.named_in(quote) | _ROUTE_ABBREVIATIONS.named_in(quote))


# --- Indirectness: how a study differs from the question the claim asks ---------------

INDIRECT_MISFITS = ("different_substance", "different_condition", "different_drug")


def indirectness(claim: ClaimFacts, link: LinkFacts) -> list[dict]:
    """Why the linked study answers a different question than the claim asks.

    From the editor's misfit reasons and from the study's confirmed topic and substances.
    Each finding is {"reason": code, "detail": words}; a fact the record leaves unknown
    never raises one.
    """
    study = link.citation.study
    findings: list[dict] = []
    seen: set[str] = set()

    def add(reason, detail):
        if reason not in seen:
            seen.add(reason)
            findings.append({"reason": reason, "detail": detail})

    for reason in link.misfit_reasons:
        if reason in INDIRECT_MISFITS:
            add(reason, noted(reason, link.rationale, link.judged_by))
    if study is None:
        return findings
    topic = f" ({study.topic_summary})" if study.topic_summary else ""
    if study.design_code == "animal_study":
        add("animals", "it was done in animals, not people")
    if study.about_ketamine is False and claim.claim_type in KETAMINE_CLAIM_TYPES:
        add("different_drug", f"it is not about ketamine{topic}")
    claim_substances = set(claim.substances)
    about_addiction = bool(claim_substances) and claim_substances != {NO_SUBSTANCE}
    if (
        study.about_substance_use is False
        and about_addiction
        and claim.claim_type in ADDICTION_CLAIM_TYPES
    ):
        add("different_condition", f"it is not about substance use{topic}")
    specific_claim = claim_substances - GENERAL_SUBSTANCES - {NO_SUBSTANCE}
    study_substances = set(study.substances)
    if (
        specific_claim
        and not (claim_substances & GENERAL_SUBSTANCES)
        and study_substances
        and not (study_substances & GENERAL_SUBSTANCES)
        and NO_SUBSTANCE not in study_substances
        and not (study_substances & specific_claim)
    ):
        add(
            "different_substance",
            f"it studied {_words(study_substances)}; the claim is about {_words(specific_claim)}",
        )
    return findings


def _words(codes) -> str:
    names = [SUBSTANCE_WORDS.get(code, code) for code in sorted(codes)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
