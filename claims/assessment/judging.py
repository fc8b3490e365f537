"""The machine's judgement of a claim-citation link: what the claim states against what the
cited study's record confirms. No Django.

`judge_link(stated, study)` compares the facts a claim's words state (`stated`) with the
study's appraisal and outcomes (`studies.facts.StudyFacts`) and gives a stance, the misfits
(each a code of `claims.constants.MISFIT_REASONS` and a sentence naming the study fact it
rests on) and the findings of the study that bear on the claim:

- **outcomes**: an outcome the claim states with a direction ("reduced relapse", "higher
  abstinence") meets the study's outcomes on the same measure: one that favours ketamine
  supports it; one with no clear difference, or favouring the comparator, contradicts it, and
  so does a result the claim calls significant that the record's p-value says is not;
- **route**: the claim names a route the study did not use ("the claim says IV; the trial
  gave ketamine intramuscularly");
- **dose**: the claim gives a dose in other units (plain milligrams where the study dosed
  per kilogram) or of another size;
- **sessions**: the claim has ketamine given over days, or a number of sessions, where the
  record gives a single session (or another number);
- **design**: the claim calls the study randomised, a meta-analysis or a systematic review,
  or a case report, and the record's confirmed design is another.

The stance: **contradicts** when an outcome contradicts the claim; **supports** when an
outcome supports it and nothing misfits; **partly** when an outcome supports it but a misfit
stands; otherwise **cannot tell** (""): a study whose outcomes the library does not hold is
never taken to support a claim. A fact the record does not confirm raises no misfit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.assessment.facts import ROUTE_SHORT, ROUTE_WORDS
from claims.assessment.stated import StatedFacts, doses, measures_named, sessions
from studies.facts import OutcomeFacts, StudyFacts

# Measures where less is better for the people treated; for abstinence, more is.
_LESS_IS_BETTER = frozenset({"craving", "withdrawal", "relapse", "use"})
_MEASURE_WORDS = {
    "craving": "craving",
    "withdrawal": "withdrawal",
    "relapse": "relapse",
    "abstinence": "abstinence",
    "use": "use of the substance",
}
# Design words a claim uses, and the confirmed designs that bear them out.
_DESIGN_CLAIMS = {
    "randomized": ({"randomized_controlled_trial"}, "randomised"),
    "meta_analysis": ({"systematic_review"}, "a meta-analysis"),
    "systematic_review": ({"systematic_review"}, "a systematic review"),
    "case_report": ({"case_report", "case_series"}, "a case report"),
}
SIGNIFICANT_BELOW = 0.05


@dataclass(frozen=True)
class Misfit:
    code: str  # claims.constants.MISFIT_REASONS
    reason: str  # "the claim says IV; Krupitsky et al. 2002 gave ketamine intramuscularly (IM)"


@dataclass(frozen=True)
class Judgement:
    stance: str  # "supports", "partly", "contradicts", or "" (cannot tell)
    misfits: tuple[Misfit, ...] = ()
    findings: tuple[str, ...] = ()  # what the study shows that bears on the claim

    @property
    def misfit_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.code for m in self.misfits))

    @property
    def rationale(self) -> str:
        """The judgement in words: the findings, then the misfits."""
        parts = [*self.findings, *(m.reason for m in self.misfits)]
        return "; ".join(dict.fromkeys(parts))


def judge_link(stated: StatedFacts, study: StudyFacts) -> Judgement:
    supports, contradicts = _outcomes(stated, study)
    misfits = (
        *_route(stated, study),
        *_dose(stated, study),
        *_sessions(stated, study),
        *_design(stated, study),
    )
    if contradicts:
        stance = "contradicts"
    elif supports:
        stance = "partly" if misfits else "supports"
    else:
        stance = ""
    if contradicts:
        misfits = (*misfits, Misfit("result_not_found", "; ".join(contradicts)))
    return Judgement(stance, tuple(misfits), tuple(supports + contradicts))


# --- Outcomes ---------------------------------------------------------------------------


def _outcomes(stated: StatedFacts, study: StudyFacts) -> tuple[list[str], list[str]]:
    supports, contradicts = [], []
    for measure, direction in sorted(stated.outcomes):
        if measure not in _MEASURE_WORDS or direction not in ("increase", "decrease"):
            continue
        claimed_better = (direction == "decrease") == (measure in _LESS_IS_BETTER)
        for outcome in study.outcomes:
            if measure not in measures_named(outcome.measure):
                continue
            said = _outcome_words(study, outcome)
            if outcome.direction == "favours_intervention":
                if not claimed_better:
                    contradicts.append(f"{said}: it favoured ketamine")
                elif stated.significant and _not_significant(outcome):
                    contradicts.append(f"{said}: not statistically significant")
                else:
                    supports.append(f"{said}: it favoured ketamine")
            elif outcome.direction == "no_difference" and claimed_better:
                contradicts.append(f"{said}: no clear difference")
            elif outcome.direction == "favours_comparator" and claimed_better:
                contradicts.append(f"{said}: it favoured the comparator")
    return list(dict.fromkeys(supports)), list(dict.fromkeys(contradicts))


def _outcome_words(study: StudyFacts, outcome: OutcomeFacts) -> str:
    """'Krupitsky et al. 2002, abstinence at 2 years (p<0.05; OR 5.7, 95% CI 1.3 to 25)'."""
    when = f" at {outcome.time_point}" if outcome.time_point else ""
    numbers = []
    if outcome.p_value_text:
        numbers.append(f"p{outcome.p_value_text.lstrip('=')}" if outcome.p_value_text[:1] in "<=>≤" else f"p={outcome.p_value_text}")
    if outcome.estimate is not None:
        estimate = f"{outcome.effect_measure} {outcome.estimate:g}".strip()
        if outcome.ci_low is not None and outcome.ci_high is not None:
            estimate += f", 95% CI {outcome.ci_low:g} to {outcome.ci_high:g}"
        numbers.append(estimate)
    said = f"{study.label}, {outcome.measure.strip()}{when}"
    return f"{said} ({'; '.join(numbers)})" if numbers else said


def _not_significant(outcome: OutcomeFacts) -> bool:
    """True only when the record's p-value says the result is not significant."""
    found = re.fullmatch(r"\s*([<=>≤]?)\s*(\d*\.?\d+)\s*", outcome.p_value_text or "")
    if not found:
        return False
    sign, value = found.group(1), float(found.group(2))
    return value >= SIGNIFICANT_BELOW and sign in ("", "=", ">")


# --- Route, dose, sessions, design -------------------------------------------------------


def _route(stated: StatedFacts, study: StudyFacts) -> list[Misfit]:
    if not stated.routes or study.route_code not in ROUTE_WORDS or study.route_code in stated.routes:
        return []
    said = " or ".join(ROUTE_SHORT[r] for r in sorted(stated.routes))
    return [
        Misfit(
            "different_route",
            f"the claim says {said}; {study.label} gave ketamine {ROUTE_WORDS[study.route_code]}",
        )
    ]


def _dose(stated: StatedFacts, study: StudyFacts) -> list[Misfit]:
    # The doses the record gives the ketamine arm and the comparator ("0.2 mg/kg active
    # placebo"): a claim may state either.
    given = doses(study.dose) + doses(study.comparator)
    if not stated.doses or not given:
        return []
    record = ", ".join(_dose_words(d) for d in given)
    for dose in stated.doses:
        if any(_same_dose(dose, other) for other in given):
            continue
        if {d.unit for d in given} == {"mg/kg"} and dose.unit == "mg":
            why = f"the claim gives {_dose_words(dose)}; {study.label} dosed per kilogram of body weight ({record})"
        else:
            why = f"the claim gives {_dose_words(dose)}; {study.label} gave {record}"
        return [Misfit("different_dose", why)]
    return []


def _same_dose(a, b) -> bool:
    if a.unit != b.unit:
        return False
    low, high = b.low, b.high if b.high is not None else b.low
    return low - 1e-9 <= a.low <= high + 1e-9 or (
        a.high is not None and a.low <= b.low <= a.high
    )


def _dose_words(dose) -> str:
    if dose.high is not None:
        return f"{dose.low:g} to {dose.high:g} {dose.unit}"
    return f"{dose.low:g} {dose.unit}"


def _sessions(stated: StatedFacts, study: StudyFacts) -> list[Misfit]:
    given = sessions(f"{study.intervention}. {study.dose}")
    if given is None:
        return []
    session_words = "a single session" if given == 1 else f"{given} sessions"
    if stated.sessions is not None and stated.sessions != given:
        return [
            Misfit(
                "different_sessions",
                f"the claim says {stated.sessions} session(s); {study.label} gave {session_words}",
            )
        ]
    over_days = [
        d for d in stated.durations
        if d.kind == "for" and d.days >= 2 and _about_ketamine(stated, d.words)
    ]  # fmt: skip
    if given == 1 and over_days:
        return [
            Misfit(
                "different_sessions",
                f"the claim has ketamine given {over_days[0].words}; {study.label} gave "
                f"{session_words}",
            )
        ]
    return []


def _about_ketamine(stated: StatedFacts, words: str) -> bool:
    """Whether a duration is how long ketamine was given: "for N days" right after the route
    or the drug ("got ketamine through an IV for 5 days"), not the length of a therapy or
    trial ("during the second week of a 5-week therapy")."""
    if not words.lower().startswith("for "):
        return False
    for clause in stated.clauses:
        at = clause.find(words)
        if at >= 0:
            before = clause[max(0, at - 25) : at]
            return bool(re.search(r"\b(?:IV|IM|infusions?|ketamine|injections?)\b", before, re.I))
    return False


# Design words in a statement about research still to be done ("further randomised trials
# are needed", "the absence of RCTs") describe no cited study.
_RESEARCH_GAP = re.compile(
    r"\b(?:(?:is|are|were|remain)\s+(?:urgently\s+|still\s+)?(?:needed|necessary|lacking)|"
    r"further|future|more\s+(?:research|studies|trials)|absence\s+of|lack\s+of|"
    r"lacked|no\s+(?:randomi[sz]ed|controlled|placebo))\b",
    re.IGNORECASE,
)


def _design(stated: StatedFacts, study: StudyFacts) -> list[Misfit]:
    if not study.design_code or study.design_code == "unknown" or _RESEARCH_GAP.search(stated.text):
        return []
    for word, (designs, said) in _DESIGN_CLAIMS.items():
        if word in stated.designs and study.design_code not in designs:
            return [
                Misfit(
                    "different_design",
                    f"the claim calls it {said}; the record of {study.label} describes "
                    f"{study.design_text or study.design_code.replace('_', ' ')}",
                )
            ]
    return []
