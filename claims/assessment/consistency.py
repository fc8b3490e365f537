"""Claims on the same page that contradict each other. No Django.

A page that calls ketamine "an evidence-based option" and then says "the evidence is still
evolving", or says it is "approved as a pain reliever" and elsewhere "only FDA-approved as an
anesthetic", contradicts itself: at most one of each pair can stand. `conflicts(claim,
others)` finds, for one claim, the other claims of its article that say the opposite:

- **the state of the evidence**: one calls it settled ("evidence-based", "proven",
  "scientifically grounded", "well-established"), the other unsettled ("still evolving",
  "limited", "preliminary", "more research is needed");
- **approval**: one says it is approved for a use, the other that it is approved only for
  others;
- **an effect on the body**: one says blood pressure (or heart rate) rises, the other falls.

Each conflict is raised on both claims (the rule runs for each), linked to the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from claims.assessment.facts import FlagResult
from claims.assessment.patterns import CaseFree
from claims.assessment.rules import RULES
from claims.assessment.stated import StatedFacts

RULE = RULES["inconsistent_within_article"]

_SETTLED = CaseFree(
    r"\bevidence[- ]based\b|\b(?:clinically\s+|scientifically\s+)?proven\b|"
    r"\bscientifically\s+(?:grounded|backed|validated)\b|\bwell[- ]established\b|"
    r"\bthe\s+evidence\s+(?:is\s+clear|shows)\b",
)
_UNSETTLED = CaseFree(
    r"\bevidence(?:\s+base)?\s+(?:is|remains)\s+(?:still\s+)?(?:evolving|limited|emerging|"
    r"preliminary|inconclusive|mixed|sparse|weak)\b|\b(?:limited|preliminary|emerging)\s+evidence\b|"
    r"\b(?:more|further)\s+(?:research|studies|trials)\s+(?:is|are)\s+(?:\w+\s+)?(?:needed|required)\b|"
    r"\bnot\s+yet\s+(?:proven|established)\b|\bstill\s+(?:experimental|being\s+studied)\b",
)
_NOT_SETTLED = CaseFree(r"\b(?:not|never|no)\s+(?:\w+\s+)?(?:evidence[- ]based|proven)\b")
_DIRECTION_WORDS = {"increase": "rises", "decrease": "falls"}
_MEASURE_WORDS = {"blood_pressure": "blood pressure", "heart_rate": "heart rate"}


@dataclass(frozen=True)
class Statement:
    """A claim of the article, read: its id, its words and their facts."""

    id: int | None
    quote: str
    stated: StatedFacts

    @cached_property
    def stance(self) -> str:
        """`evidence_stance` of its words, read once: each claim of a page is compared with
        every other."""
        return evidence_stance(self.stated.text)


def evidence_stance(text: str) -> str:
    """"settled", "unsettled", or "" for words that say both or neither."""
    settled = bool(_SETTLED.search(text)) and not _NOT_SETTLED.search(text)
    unsettled = bool(_UNSETTLED.search(text))
    if settled == unsettled:
        return ""
    return "settled" if settled else "unsettled"


def _short(quote: str, limit: int = 90) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= limit else quote[: limit - 1].rstrip() + "…"


def conflicts(claim: Statement, others: list[Statement]) -> list[tuple[Statement, str]]:
    """The other claims that say the opposite of `claim`, each with why."""
    found = []
    mine = claim.stance
    if not (mine or claim.stated.approvals or claim.stated.body_effects):
        return found  # it says nothing another claim could say the opposite of
    for other in others:
        if other.id == claim.id:
            continue
        theirs = other.stance
        if mine and theirs and mine != theirs:
            found.append(
                (other, f"it calls the evidence {mine}; the same page calls it {theirs}")
            )
            continue
        why = _approval_conflict(claim.stated, other.stated) or _approval_conflict(
            other.stated, claim.stated
        )
        if why:
            found.append((other, why))
            continue
        for measure, direction in claim.stated.body_effects:
            opposite = (measure, "decrease" if direction == "increase" else "increase")
            if opposite in other.stated.body_effects:
                words = _MEASURE_WORDS.get(measure, measure)
                found.append(
                    (
                        other,
                        f"it says {words} {_DIRECTION_WORDS[direction]}; the same page says "
                        f"it {_DIRECTION_WORDS[opposite[1]]}",
                    )
                )
                break
    return found


def _approval_conflict(a: StatedFacts, b: StatedFacts) -> str:
    """A says ketamine is approved for a use; B says it is approved only for others."""
    only = [approval for approval in b.approvals if approval.only]
    if not only:
        return ""
    allowed = {purpose for approval in only for purpose in approval.purposes}
    for approval in a.approvals:
        if approval.only:
            continue
        beyond = [purpose for purpose in approval.purposes if purpose not in allowed]
        if beyond:
            return (
                f"one says it is approved for {', '.join(beyond)}; the other that it is approved "
                f"only for {', '.join(sorted(allowed))}"
            )
    return ""


def consistency_finding(claim: Statement, others: list[Statement]) -> FlagResult | None:
    """The flag for a claim that contradicts others on its page, naming and linking them."""
    found = conflicts(claim, others)
    if not found:
        return None
    parts = [f"“{_short(other.quote)}” ({why})" for other, why in found]
    return FlagResult(
        code="inconsistent_within_article",
        severity="warning",
        message="The same page says otherwise: " + "; ".join(parts) + ".",
        evidence={"other_claims": sorted(other.id for other, _ in found if other.id is not None)},
        rule=RULE.name,
        rule_version=RULE.version,
    )
