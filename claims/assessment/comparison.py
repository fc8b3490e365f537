"""What a claim says beside what its study's record shows, fact by fact. No Django.

`side_by_side(stated, study)` gives one row per fact the claim states of the study (route,
dose, sessions, design, size, groups, comparator, results): the claim's words, the record's
words and whether they match ("yes", "no", or "unknown" when the record does not say). A
fact the claim does not state is not shown: the table answers "is what it says true?".
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.assessment.facts import ROUTE_SHORT, ROUTE_WORDS
from claims.assessment.judging import judge_link
from claims.assessment.stated import StatedFacts, doses, sessions
from studies.facts import StudyFacts

_DESIGN_SAID = {
    "randomized": "randomised",
    "double_blind": "double-blind",
    "placebo_controlled": "placebo-controlled",
    "meta_analysis": "a meta-analysis",
    "systematic_review": "a systematic review",
    "case_report": "a case report",
    "pilot": "a pilot study",
}
_MISFIT_FACT = {
    "different_route": "route",
    "different_dose": "dose",
    "different_sessions": "sessions",
    "different_design": "design",
    "different_size": "size",
    "different_comparator": "comparator",
    "result_not_found": "result",
    "different_outcome": "result",
}


@dataclass(frozen=True)
class Row:
    fact: str  # "Route"
    claim_says: str
    record_shows: str
    match: str  # "yes", "no", "unknown"


def side_by_side(stated: StatedFacts, study: StudyFacts) -> list[Row]:
    judgement = judge_link(stated, study)
    wrong = {_MISFIT_FACT.get(code) for code in judgement.misfit_codes}
    rows: list[Row] = []

    def add(fact, key, claim_says, record_shows):
        if not record_shows:
            match = "unknown"
        else:
            match = "no" if key in wrong else "yes"
        rows.append(Row(fact, claim_says, record_shows or "not in the record", match))

    if stated.routes:
        add(
            "Route",
            "route",
            " or ".join(ROUTE_SHORT[r] for r in sorted(stated.routes)),
            ROUTE_WORDS.get(study.route_code, study.route),
        )
    if stated.doses:
        said = ", ".join(
            f"{d.low:g}{f' to {d.high:g}' if d.high is not None else ''} {d.unit}" for d in stated.doses
        )
        record = study.dose if doses(study.dose) or study.dose else ""
        add("Dose", "dose", said, record)
    given = sessions(f"{study.intervention}. {study.dose}")
    over_days = [d.words for d in stated.durations if d.kind == "for"]
    if stated.sessions is not None or ("sessions" in wrong and over_days):
        said = f"{stated.sessions} session(s)" if stated.sessions is not None else over_days[0]
        record = "" if given is None else ("a single session" if given == 1 else f"{given} sessions")
        add("Sessions", "sessions", said, record)
    designs = [_DESIGN_SAID[d] for d in sorted(stated.designs) if d in _DESIGN_SAID]
    if designs:
        record = study.design_text or ("" if study.design_code == "unknown" else study.design_code)
        add("Design", "design", ", ".join(designs), record)
    if stated.n is not None:
        add("Participants", "size", str(stated.n), "" if study.n is None else f"N={study.n}")
    if stated.groups is not None:
        add("Groups", "size", str(stated.groups), study.arms)
    if stated.comparators:
        said = ", ".join(sorted(c.replace("_", " ") for c in stated.comparators))
        add("Comparison group", "comparator", said, study.comparator)
    if judgement.findings or "result" in wrong:
        results = [f for f in judgement.findings if not f.startswith("the record of")]
        said = "; ".join(
            f"{direction} in {measure}" for measure, direction in sorted(stated.outcomes)
        ) or ", ".join(sorted(stated.other_outcomes))
        record = "; ".join(results) or "; ".join(
            m.reason for m in judgement.misfits if _MISFIT_FACT.get(m.code) == "result"
        )
        if said or record:
            add("Result", "result", said or "a result", record)
    return rows
