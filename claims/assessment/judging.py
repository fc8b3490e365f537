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
from claims.assessment.stated import (
    OTHER_OUTCOME_WORDS,
    OTHER_OUTCOMES,
    StatedFacts,
    doses,
    durations,
    measures_named,
    sessions,
)
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
    figures_confirmed, figures_misfits = _figures(stated, study)
    misfits = (
        *_route(stated, study),
        *_dose(stated, study),
        *_sessions(stated, study),
        *_design(stated, study),
        *_size(stated, study),
        *_comparator(stated, study),
        *figures_misfits,
    )
    confirmed = [*_confirmed(stated, study), *figures_confirmed]
    result_unknown = _states_result(stated) and not (supports or contradicts)
    if not (supports or contradicts or misfits or confirmed):
        misfits = tuple(_not_reported(stated, study))
    if contradicts:
        stance = "contradicts"
    elif supports:
        stance = "partly" if misfits else "supports"
    elif misfits:
        # What the claim says of the study is partly borne out by the record (or not at
        # all): the misfit is a known difference, not an unknown.
        stance = "partly" if confirmed else "silent"
    elif _describes_study(confirmed) and not result_unknown:
        stance = "supports"  # a claim describing the study, each fact it states confirmed
    else:
        stance = ""
    if contradicts:
        misfits = (*misfits, Misfit("result_not_found", "; ".join(contradicts)))
    findings = supports + contradicts
    if confirmed and stance in ("supports", "partly"):
        findings.append(f"the record of {study.label} confirms: {', '.join(confirmed)}")
    return Judgement(stance, tuple(misfits), tuple(findings))


def _describes_study(confirmed: list[str]) -> bool:
    """Whether the confirmed facts describe the study itself (design, size, dose, sessions,
    comparator): a route alone is what any claim about infusions names."""
    return any(not fact.startswith("given ") for fact in confirmed)


def _states_result(stated: StatedFacts) -> bool:
    """Whether the claim states a result the outcomes could bear out ("reduced relapse")."""
    return any(
        (measure in _MEASURE_WORDS and direction in ("increase", "decrease", "none"))
        or (measure, direction) == ("outcome", "improve")
        for measure, direction in stated.outcomes
    )


def _record_words(study: StudyFacts) -> str:
    return " ".join([study.outcomes_summary, *(o.measure for o in study.outcomes)])


def _not_reported(stated: StatedFacts, study: StudyFacts) -> list[Misfit]:
    """Outcomes the claim names that the record, which says what the study found, does not
    mention ("adverse effects" where the record reports abstinence and craving)."""
    if not stated.other_outcomes or not study.outcomes_summary.strip():
        return []
    record = _record_words(study)
    if any(re.search(OTHER_OUTCOMES[code], record, re.I) for code in stated.other_outcomes):
        return []
    named = ", ".join(OTHER_OUTCOME_WORDS[code] for code in sorted(stated.other_outcomes))
    reported = "; ".join(dict.fromkeys(o.measure.strip() for o in study.outcomes))
    said = f"it reports {reported}" if reported else "its findings say nothing of them"
    return [
        Misfit(
            "different_outcome",
            f"the claim speaks of {named}; the record of {study.label} holds nothing on it "
            f"({said})",
        )
    ]


def _confirmed(stated: StatedFacts, study: StudyFacts) -> list[str]:
    """The facts a claim states of the study that its record confirms, in words."""
    found = []
    design_text = f"{study.design_text} {study.comparator}".lower()
    if "randomized" in stated.designs and study.design_code == "randomized_controlled_trial":
        found.append("randomised")
    if "double_blind" in stated.designs and re.search(r"double[- ]blind", design_text):
        found.append("double-blind")
    if "placebo_controlled" in stated.designs and "placebo" in design_text:
        found.append(
            "an active placebo" if _comparator_got_ketamine(study) else "placebo-controlled"
        )
    for word in ("meta_analysis", "systematic_review"):
        if word in stated.designs and study.design_code == "systematic_review":
            found.append(_DESIGN_CLAIMS[word][1])
    if stated.n is not None and stated.n in _sizes(study):
        found.append(f"{stated.n} participants")
    arms = _arm_count(study)
    if stated.groups is not None and arms is not None and stated.groups == arms:
        found.append(f"{arms} groups")
    if stated.routes and study.route_code in stated.routes:
        found.append(f"given {ROUTE_WORDS[study.route_code]}")
    given = doses(study.dose) + doses(study.comparator)
    if stated.doses and given and all(any(_same_dose(d, g) for g in given) for d in stated.doses):
        found.append(", ".join(_dose_words(d) for d in stated.doses))
    record_sessions = sessions(f"{study.intervention}. {study.dose}")
    if stated.sessions is not None and stated.sessions == record_sessions:
        found.append("a single session" if record_sessions == 1 else f"{record_sessions} sessions")
    if stated.research_needed and re.search(
        r"\bneeded\b|\bwarrants?\b|\bfurther (?:research|investigation|trials|studies)\b",
        study.outcomes_summary,
        re.I,
    ):
        found.append("it says more research is needed")
    record_days = _durations_days(f"{study.intervention}. {study.duration}. {study.dose}")
    for duration in stated.durations:
        if duration.kind == "at" or _about_ketamine(stated, duration.words):
            continue  # a time point, or how long ketamine was given (the sessions check)
        if any(abs(duration.days - d) < 1e-6 for d in record_days):
            found.append(duration.words)
    comparator = study.comparator.lower()
    if "midazolam" in stated.comparators and "midazolam" in comparator:
        found.append("midazolam as the comparator")
    if (
        stated.comparators & {"low_dose", "active_placebo"}
        and re.search(r"low[- ]dose|active placebo|sub-?psychedelic|\d\s*mg", comparator)
        and _comparator_got_ketamine(study)
    ):
        found.append("a low-dose ketamine comparator")
    return found


def _durations_days(text: str) -> set[float]:
    return {d.days for d in durations(text)} | {
        d.days for d in durations(re.sub(r"(\d+)-(week|day|month|year)", r"\1 \2s", text))
    }


# Words that name one arm ("the ketamine group", "the high-dose group", "those who received
# the drug"): a figure given for it is that arm's, not everyone's.
_ARM_NAMED = re.compile(
    r"\b(?:group|arm|those\s+who\s+received|those\s+given|patients\s+(?:who\s+)?(?:received|given))\b",
    re.IGNORECASE,
)
_PERCENT_IN = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_KETAMINE_ARM = re.compile(r"\bketamine\b|\bKPT\b", re.IGNORECASE)
_KETAMINE_RECEIVED = re.compile(
    r"\b(?:after|with|received|receiving|given|treated\s+with)\s+(?:\w+\s+){0,2}?(?:ketamine|KPT)\b",
    re.IGNORECASE,
)


def _figures(stated: StatedFacts, study: StudyFacts) -> tuple[list[str], list[Misfit]]:
    """A percentage the claim gives that the record gives for one arm: confirmed when the
    claim says whose figure it is, a misfit when it gives it for everyone."""
    confirmed, misfits = [], []
    for percentage in stated.percentages:
        for outcome in study.outcomes:
            arms = [
                (label, value) for label, value in outcome.arms
                if any(abs(float(p) - percentage) <= 0.5 for p in _PERCENT_IN.findall(value))
            ]  # fmt: skip
            if len(arms) != 1 or len(outcome.arms) < 2:
                continue
            label, value = arms[0]
            others = "; ".join(f"{name}: {v}" for name, v in outcome.arms if (name, v) != arms[0] and v)
            # "After ketamine therapy" names the arm when it is the only one given ketamine.
            ketamine_arms = [name for name, _ in outcome.arms if _KETAMINE_ARM.search(name)]
            names_ketamine_arm = (
                ketamine_arms == [label] and _KETAMINE_RECEIVED.search(stated.text) is not None
            )
            if _ARM_NAMED.search(stated.text) or names_ketamine_arm:
                confirmed.append(f"{percentage:g}% ({outcome.measure.strip()}, {label})")
            else:
                misfits.append(
                    Misfit(
                        "different_population",
                        f"the claim gives {percentage:g}% for all the participants; in {study.label} "
                        f"that is one arm's figure ({outcome.measure.strip()}: {label} {value}"
                        + (f"; {others}" if others else "")
                        + ")",
                    )
                )
    return list(dict.fromkeys(confirmed)), list(dict.fromkeys(misfits))


def _sizes(study: StudyFacts) -> set[int]:
    """N and the arm sizes the record gives ("n=35")."""
    sizes = {int(n) for n in re.findall(r"\bn\s*=\s*(\d+)", study.arms, re.I)}
    if study.n is not None:
        sizes.add(study.n)
    return sizes


def _arm_count(study: StudyFacts) -> int | None:
    """How many arms the record names ("A (n=27) vs B (n=28)"); None when it does not say."""
    if not study.arms.strip():
        return None
    parts = re.split(r"\s+(?:vs\.?|versus)\s+", study.arms, flags=re.I)
    return len(parts) if len(parts) > 1 else None


def _size(stated: StatedFacts, study: StudyFacts) -> list[Misfit]:
    misfits = []
    sizes = _sizes(study)
    if stated.n is not None and study.n is not None and stated.n not in sizes:
        misfits.append(
            Misfit(
                "different_size",
                f"the claim says {stated.n} participants; the record of {study.label} gives N={study.n}",
            )
        )
    arms = _arm_count(study)
    if stated.groups is not None and arms is not None and stated.groups != arms:
        misfits.append(
            Misfit(
                "different_size",
                f"the claim says {stated.groups} groups; {study.label} compared {arms} ({study.arms})",
            )
        )
    return misfits


def _comparator_got_ketamine(study: StudyFacts) -> bool:
    return "ketamine" in study.comparator.lower()


# Drugs given as active controls: a group that received one did not have "therapy alone".
_ACTIVE_CONTROLS = re.compile(r"\b(midazolam|lorazepam|diphenhydramine|ketorolac)\b", re.I)


def _comparator(stated: StatedFacts, study: StudyFacts) -> list[Misfit]:
    """An inert or no-ketamine control the claim names, where the comparison group of the
    study also received ketamine (a low-dose "active placebo"), or another drug as an
    active control."""
    active = _ACTIVE_CONTROLS.search(study.comparator or "")
    if (
        active
        and "without_ketamine" in stated.comparators
        and not _RESEARCH_GAP.search(stated.text)
    ):
        return [
            Misfit(
                "different_comparator",
                f"the claim compares with therapy without ketamine; in {study.label} the "
                f"comparison group received {active.group(1).lower()}, an active control "
                f"({study.comparator})",
            )
        ]
    if not study.comparator or not _comparator_got_ketamine(study):
        return []
    inert = stated.comparators & {"placebo", "without_ketamine", "control_group"}
    if "placebo_controlled" in stated.designs:
        inert = inert | {"placebo-controlled"}
    if not inert or _RESEARCH_GAP.search(stated.text):
        return []
    said = (
        "placebo-controlled"
        if "placebo_controlled" in stated.designs
        else "a control group without ketamine"
    )
    return [
        Misfit(
            "different_comparator",
            f"the claim says {said}; in {study.label} the comparison group also received "
            f"ketamine ({study.comparator})",
        )
    ]


# --- Outcomes ---------------------------------------------------------------------------


def outcome_findings(stated: StatedFacts, study: StudyFacts) -> tuple[list[str], list[str]]:
    """What the study's recorded outcomes say of the results the claim states: the findings
    that support it and those that contradict it, in words."""
    return _outcomes(stated, study)


def _outcomes(stated: StatedFacts, study: StudyFacts) -> tuple[list[str], list[str]]:
    supports, contradicts = [], []
    if ("outcome", "improve") in stated.outcomes:
        # "better outcomes": borne out when the study's addiction outcomes favour ketamine.
        addiction = [o for o in study.outcomes if measures_named(o.measure) & set(_MEASURE_WORDS)]
        better = [o for o in addiction if o.direction == "favours_intervention"]
        worse = [o for o in addiction if o.direction in ("no_difference", "favours_comparator")]
        if better and not worse:
            supports.append(
                "; ".join(f"{_outcome_words(study, o)}: it favoured ketamine" for o in better)
            )
    for measure, direction in sorted(stated.outcomes):
        if measure in _MEASURE_WORDS and direction == "none":
            # The claim says there was no effect: borne out by a null result, not by one
            # that favoured either arm.
            for outcome in study.outcomes:
                if measure not in measures_named(outcome.measure):
                    continue
                said = _outcome_words(study, outcome)
                if outcome.direction == "no_difference":
                    supports.append(f"{said}: no clear difference")
                elif outcome.direction in ("favours_intervention", "favours_comparator"):
                    winner = "ketamine" if outcome.direction == "favours_intervention" else "the comparator"
                    contradicts.append(f"{said}: it favoured {winner}")
            continue
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
    when = outcome.time_point
    if when and not re.match(r"(?:at|within|after|over|by|during|in)\b", when, re.I):
        when = f"at {when}"
    when = f" {when}" if when else ""
    numbers = []
    if outcome.p_value_text:
        numbers.append(
            f"p{outcome.p_value_text.lstrip('=')}"
            if outcome.p_value_text[:1] in "<=>≤"
            else f"p={outcome.p_value_text}"
        )
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
    if (
        not stated.routes
        or study.route_code not in ROUTE_WORDS
        or study.route_code in stated.routes
    ):
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
    return low - 1e-9 <= a.low <= high + 1e-9 or (a.high is not None and a.low <= b.low <= a.high)


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
