"""What the library confirms about a study, as plain data for the checks that weigh it.

One `StudyFacts` serves both questions asked of a cited work: what its citation's status is
(kind of source, topic; `claims.checking`) and what it is worth as evidence for a claim
(design, size, route, substances; `claims.assessment`). A fact the record does not confirm
is None or empty, and is read as "unknown", never as "no".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from studies.constants import NOTICE_STANDING
from studies.labels import work_label


@dataclass(frozen=True)
class OutcomeFacts:
    """A measured result as the record states it; None and "" mean not stated."""

    measure: str
    time_point: str = ""
    direction: str = ""  # studies.constants.DIRECTIONS
    p_value_text: str = ""  # "<0.01", "=0.012"
    effect_measure: str = ""
    estimate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    source_text: str = ""  # the record's words it was read from
    arms: tuple[tuple[str, str], ...] = ()  # (label, value as reported), value "" if none


@dataclass(frozen=True)
class StudyFacts:
    """What the library confirms about a study; None and "" mean unknown."""

    id: int | str | None = None
    label: str = ""  # "Krupitsky et al. 2002"
    design_code: str = "unknown"
    n: int | None = None
    n_studies: int | None = None
    follow_up: str = ""
    route_code: str = ""
    route: str = ""
    substances: tuple[str, ...] = ()
    about_ketamine: bool | None = None
    about_substance_use: bool | None = None
    source_kind: str = "peer_reviewed_article"
    topic_summary: str = ""
    # The appraisal in the record's words, for comparing what a claim says of the study.
    design_text: str = ""
    arms: str = ""  # "high-dose KPT (n=35) vs low-dose KPT (n=35)"
    duration: str = ""
    outcomes_summary: str = ""  # what the record says the study found, in its words
    intervention: str = ""
    dose: str = ""
    comparator: str = ""
    outcomes: tuple[OutcomeFacts, ...] = ()
    # Retracted, withdrawn, corrected...: from the notices the registries list (Study.standing).
    standing: str = ""
    notice: str = ""  # the notice in words: "Retraction 2010-02-06 (10.1016/...; Retraction Watch)"

    @property
    def retracted(self) -> bool:
        """Withdrawn from the record: not evidence of anything any more."""
        return self.standing in RETRACTED_STANDINGS

    @classmethod
    def from_record(cls, record: Mapping, outcomes=()) -> StudyFacts:
        """From a library.json record (topic and appraisal nested) or a flat mapping; it is
        named by its `label`, else its key. `outcomes` are its rows of outcomes.yaml."""
        topic = record.get("topic") or {}
        appraisal = record.get("appraisal") or {}

        def pick(name, nested):
            value = record.get(name)
            return nested.get(name) if value is None and isinstance(nested, Mapping) else value

        label = record.get("label") or record.get("key") or record.get("id") or ""
        n = pick("n", appraisal)
        return cls(
            id=record.get("id", record.get("key")),
            label=str(label),
            design_code=pick("design_code", appraisal) or "unknown",
            n=n if isinstance(n, int) else None,
            follow_up=pick("follow_up", appraisal) or "",
            about_ketamine=pick("about_ketamine", topic),
            about_substance_use=pick("about_substance_use", topic),
            source_kind=record.get("source_kind") or "peer_reviewed_article",
            topic_summary=(topic.get("summary") if isinstance(topic, Mapping) else "") or "",
            design_text=pick("design", appraisal) or "",
            intervention=pick("intervention", appraisal) or "",
            dose=pick("dose", appraisal) or "",
            comparator=pick("comparator", appraisal) or "",
            arms=pick("arms", appraisal) or "",
            duration=pick("duration", appraisal) or "",
            outcomes_summary=record.get("outcomes_summary")
            or (appraisal.get("outcomes") if isinstance(appraisal, Mapping) else "")
            or "",
            route_code=record.get("route_code") or "",
            substances=tuple(sorted(record.get("substances") or ())),
            outcomes=tuple(outcome_facts(row) for row in outcomes),
        )


def outcome_facts(row) -> OutcomeFacts:
    """From an Outcome row or an outcomes.yaml mapping."""

    def get(name):
        return row.get(name) if isinstance(row, Mapping) else getattr(row, name, None)

    return OutcomeFacts(
        measure=get("measure") or "",
        time_point=get("time_point") or "",
        direction=get("direction") or "",
        p_value_text=get("p_value_text") or "",
        effect_measure=get("effect_measure") or "",
        estimate=get("estimate"),
        ci_low=get("ci_low"),
        ci_high=get("ci_high"),
        source_text=get("source_text") or "",
        arms=tuple(
            (str(arm.get("label") or ""), str(arm.get("value") or ""))
            for arm in (get("arms") or ())
            if isinstance(arm, Mapping)
        ),
    )


def study_facts(study, *, outcomes: bool = False, substances=None) -> StudyFacts:
    """Plain facts of a Study row; its `substances` (and with `outcomes`, its outcomes)
    should be prefetched: one query per study otherwise. `substances`, the codes of its
    substances when they were read apart from the row, spares building Substance rows."""
    if substances is None:
        substances = [s.code for s in study.substances.all()]
    return _facts(
        lambda name: getattr(study, name),
        study.pk,
        substances=tuple(sorted(substances)),
        outcomes=tuple(outcome_facts(o) for o in study.outcomes.all()) if outcomes else (),
    )


def row_facts(values: Mapping, *, substances) -> StudyFacts:
    """Plain facts of a study from its field values (`values()` of the fields study_facts
    reads, with "id") and its substances' codes: the same facts as from the row, without
    building a model instance per study."""
    return _facts(values.__getitem__, values["id"], substances=tuple(sorted(substances)), outcomes=())


def _facts(get, pk, *, substances: tuple[str, ...], outcomes: tuple) -> StudyFacts:
    return StudyFacts(
        id=pk,
        # Study.short_label
        label=work_label(
            authors=get("authors"), year=get("year"), container_title=get("container_title"),
            title=get("title"),
        ),  # fmt: skip
        design_code=get("design_code") or "unknown",
        n=get("n"),
        n_studies=get("n_studies"),
        follow_up=get("follow_up"),
        route_code=get("route_code"),
        route=get("route"),
        substances=substances,
        about_ketamine=get("about_ketamine"),
        about_substance_use=get("about_substance_use"),
        source_kind=get("source_kind"),
        topic_summary=get("topic_summary"),
        design_text=get("design"),
        intervention=get("intervention"),
        dose=get("dose"),
        comparator=get("comparator"),
        arms=get("arms"),
        duration=get("duration"),
        outcomes_summary=get("outcomes_summary"),
        outcomes=outcomes,
        standing=get("standing"),
        notice=notice_words(get("notices"), get("standing")),
    )


RETRACTED_STANDINGS = frozenset({"retracted", "withdrawn", "removed"})
_SOURCES = {
    "retraction-watch": "Retraction Watch",
    "publisher": "the publisher",
    "pubmed": "PubMed",
}


def notice_words(notices, standing: str) -> str:
    """The notice behind a study's standing, in words: its label, date, DOI and who says so."""
    kinds = {code: kind for kind, code in NOTICE_STANDING.items()}
    wanted = kinds.get(standing)
    for notice in notices or ():
        if notice.get("kind") != wanted:
            continue
        details = [
            part
            for part in (
                notice.get("doi"),
                _SOURCES.get(notice.get("source", ""), notice.get("source")),
            )
            if part
        ]
        words = notice.get("label") or wanted.replace("_", " ").capitalize()
        if notice.get("date"):
            words += f" of {notice['date']}"
        return words + (f" ({'; '.join(details)})" if details else "")
    return ""


@dataclass(frozen=True)
class SettledFactData:
    """A background fact a reference source settles (`studies.models.SettledFact`)."""

    kind: str  # studies.constants.SETTLED_KINDS
    subject: str
    value: str
    statement: str = ""
    quote: str = ""
    source: str = ""  # "Ketalar (ketamine) prescribing information (Par Pharmaceutical)"


def settled_fact_data(fact) -> SettledFactData:
    """From a SettledFact row or a settled.yaml mapping."""

    def get(name):
        return fact.get(name) if isinstance(fact, Mapping) else getattr(fact, name, None)

    source = get("source_label") or get("source_title") or ""
    if isinstance(fact, Mapping) and fact.get("publisher"):
        source = f"{fact.get('source_title')} ({fact['publisher']})"
    return SettledFactData(
        kind=get("kind") or "",
        subject=get("subject") or "",
        value=str(get("value") or ""),
        statement=get("statement") or "",
        quote=get("quote") or "",
        source=source,
    )
