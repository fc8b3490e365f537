"""A claim's background facts against the facts reference sources settle. No Django.

Background claims ("ketamine is a dissociative anesthetic", "only FDA-approved as an
anesthetic", "your blood pressure begins to go down") are not tested by trials: a product
label or a pharmacology reference settles them. Each `SettledFactData` says one thing a
source settles; `check_settled` reads what the claim states of the same thing
(`stated.StatedFacts`) and says whether the source agrees, with the source's words:

- **approved uses**: the label's whole list of approved uses. A claim that ketamine is
  approved for a use on the list agrees; for a use not on it, it disagrees;
- **effect**: what the drug does to a measure of the body ("increase" of blood pressure);
- **mechanism**: what a term names (NMDA: a receptor, not a neurotransmitter);
- **drug class**: what the drug is ("dissociative anesthetic", "recreational drug");
- **first made**: the year the drug was first made, against the years the claim gives;
- **onset**: how soon a treatment acts ("minutes"), against "takes weeks to work".

A claim that states none of these meets no settled fact: silence is not agreement.
"""

from __future__ import annotations

from claims.assessment.accuracy import SettledCheck
from claims.assessment.stated import StatedFacts
from studies.facts import SettledFactData

_SUBJECT_WORDS = {
    "blood_pressure": "blood pressure",
    "heart_rate": "heart rate",
    "opioid_use_disorder_medications": "medications for opioid use disorder (MAT)",
    "antidepressants": "antidepressants",
}
_DIRECTION_WORDS = {"increase": "rises", "decrease": "falls"}
_UNIT_ORDER = ("minutes", "hours", "days", "weeks", "months")


def check_settled(
    stated: StatedFacts, facts: tuple[SettledFactData, ...]
) -> tuple[SettledCheck, ...]:
    checks: list[SettledCheck] = []
    for fact in facts:
        checks.extend(_CHECKS.get(fact.kind, _none)(stated, fact))
    return tuple(dict.fromkeys(checks))


def _check(agrees: bool, fact: SettledFactData, reason: str) -> SettledCheck:
    return SettledCheck(agrees, fact.source, fact.quote, reason)


def _none(stated, fact):
    return []


def _approved_uses(stated: StatedFacts, fact: SettledFactData):
    if fact.subject != "ketamine":
        return []
    approved = {use.strip() for use in fact.value.split(",") if use.strip()}
    checks = []
    for approval in stated.approvals:
        others = [purpose for purpose in approval.purposes if purpose not in approved]
        if others:
            checks.append(
                _check(
                    False,
                    fact,
                    f"the claim says ketamine is approved for {', '.join(others)}; "
                    f"{fact.statement[:1].lower() + fact.statement[1:]}",
                )
            )
        else:
            checks.append(_check(True, fact, fact.statement))
    return checks


def _effect(stated: StatedFacts, fact: SettledFactData):
    checks = []
    for measure, direction in stated.body_effects:
        if measure != fact.subject:
            continue
        words = _SUBJECT_WORDS.get(measure, measure)
        if direction == fact.value:
            checks.append(_check(True, fact, fact.statement))
        else:
            checks.append(
                _check(
                    False,
                    fact,
                    f"the claim says {words} {_DIRECTION_WORDS.get(direction, direction)}; "
                    f"with ketamine it {_DIRECTION_WORDS.get(fact.value, fact.value)}",
                )
            )
    return checks


def _mechanism(stated: StatedFacts, fact: SettledFactData):
    checks = []
    for subject, called in stated.mechanism_terms:
        if subject != fact.subject:
            continue
        if called == fact.value:
            checks.append(_check(True, fact, fact.statement))
        else:
            checks.append(
                _check(
                    False,
                    fact,
                    f"the claim calls {subject} a {called}; {subject} names a {fact.value}",
                )
            )
    return checks


def _drug_class(stated: StatedFacts, fact: SettledFactData):
    if fact.subject == "ketamine" and fact.value in stated.drug_classes:
        return [_check(True, fact, fact.statement)]
    return []


def _first_made(stated: StatedFacts, fact: SettledFactData):
    if stated.first_made is None or not fact.value.isdigit():
        return []
    low, high = stated.first_made
    year = int(fact.value)
    if low <= year <= high:
        return [_check(True, fact, fact.statement)]
    when = f"{low}" if low == high else f"the {low}s"
    return [
        _check(False, fact, f"the claim says it was first made in {when}; it was made in {year}")
    ]


def _onset(stated: StatedFacts, fact: SettledFactData):
    checks = []
    for treatment, unit in stated.onsets:
        if treatment != fact.subject or fact.value not in _UNIT_ORDER or unit not in _UNIT_ORDER:
            continue
        words = _SUBJECT_WORDS.get(treatment, treatment)
        # Off by more than one step ("weeks" for something that acts in minutes) is wrong.
        if _UNIT_ORDER.index(unit) - _UNIT_ORDER.index(fact.value) >= 2:
            checks.append(
                _check(
                    False,
                    fact,
                    f"the claim says {words} take {unit} to work; they act within {fact.value}",
                )
            )
        else:
            checks.append(_check(True, fact, fact.statement))
    return checks


_CHECKS = {
    "approved_uses": _approved_uses,
    "effect": _effect,
    "mechanism": _mechanism,
    "drug_class": _drug_class,
    "first_made": _first_made,
    "onset": _onset,
}
