"""What a claim is about: a report of what a study found, or a claim about the world. No Django.

"In a trial, ketamine reduced craving in cocaine users" reports a finding: it is accurate when
the study found it, whatever the certainty of that study. "Ketamine cures addiction" is a
claim about the world: it is weighed by the certainty of the whole body of evidence, and
categorical wording on low-certainty evidence makes it misleading.

A claim reports a finding when it names a particular piece of research (a study, a trial,
the researchers, the participants, one of its groups) and says what happened in the past
tense, gives a result in the past tense ("ketamine reduced craving"), or reports a statistic
(an odds ratio with its confidence interval). "Studies show" and "research suggests" in the present tense speak of research in
general and are claims about the world.
"""

from __future__ import annotations

import re

from claims.assessment.patterns import CaseFree

FINDING = "finding"
WORLD = "world"

# A particular piece of research, or the people in it, in any case ...
_RESEARCH_WORDS = CaseFree(
    r"\b(?:(?:a|an|the|this|that|one|their|his|her|its|in\s+a|in\s+the)\s+(?:[\w-]+,?\s+){0,4}?"
    r"(?:study|trial|RCT|review|meta-analysis|analysis|experiment|follow-up)|"
    r"researchers?|investigators?|scientists|authors|participants|subjects|"
    r"(?:the|both|each|either)\s+(?:[\w-]+\s+){0,2}?groups?|the\s+people\s+who)"
)
# ... or an author and year ("Dakwar et al. (2019)"): capitalised, so matched with case.
_AUTHOR_YEAR = re.compile(r"\b[A-Z][a-z]+(?:\s+et\s+al\.?)?\s*\(?\d{4}\)?")


def _names_research(text: str) -> bool:
    return bool(_RESEARCH_WORDS.search(text) or _AUTHOR_YEAR.search(text))


# What happened, in the past tense.
_PAST = CaseFree(
    r"\b(?:found|showed|shown|reported|demonstrated|concluded|observed|produced|reduced|"
    r"increased|decreased|improved|lowered|delayed|received|got|had|were|was|included|"
    r"participated|experienced|led|resulted|saw|achieved|remained|divided|assigned|"
    r"compared|examined|explored|tested|gave|given)\b",
)
# A result in the past tense ("ketamine reduced craving"): what happened in a study; claims
# about the world speak in the present ("ketamine reduces craving", "can reduce").
_PAST_RESULT = CaseFree(
    r"\b(?:ketamine|it|KPT|infusions?|treatment)\s+(?:\w+\s+)?(?:reduced|increased|"
    r"decreased|improved|lowered|delayed|produced|prolonged|led\s+to)\b",
)
# A reported statistic (an odds ratio, a confidence interval, a p-value): one study's result.
_STATISTIC = CaseFree(
    r"\b(?:odds|hazard|risk)\s+ratio\b|\b95%\s*CI\b|\bconfidence\s+interval\b|"
    r"\bp\s*[<=]\s*0?\.\d+",
)
# Research in general, in the present tense: a claim about the world.
_GENERAL = CaseFree(
    r"\b(?:studies|research|evidence|science|trials)\s+(?:\w+\s+)?(?:show|shows|suggest|"
    r"suggests|prove|proves|indicate|indicates|demonstrate|demonstrates|confirm|confirms)\b",
)


# What research there is, or is not ("the absence of randomised trials"): the state of the
# evidence as a whole, a claim about the world.
_STATE_OF_RESEARCH = CaseFree(r"\b(?:absence|lack|dearth|paucity)\s+of\b")


def claim_scope(quote: str) -> str:
    """FINDING when the claim reports what a particular study found, else WORLD."""
    text = quote or ""
    if _STATE_OF_RESEARCH.search(text):
        return WORLD
    if _GENERAL.search(text) and not _names_research(_GENERAL.written.sub("", text)):
        return WORLD
    if _names_research(text) and _PAST.search(text):
        return FINDING
    if _PAST_RESULT.search(text) or _STATISTIC.search(text):
        return FINDING
    return WORLD
