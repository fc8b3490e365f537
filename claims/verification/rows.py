"""Rows to plain facts: what the assessment and the citation rules read about a claim.

The rules and the verdict (`claims.assessment`) take frozen dataclasses, never rows; this
module reads them from rows read with their relations (`with_relations`).
"""

from collections.abc import Iterable, Mapping
from dataclasses import replace

from django.db import connection
from django.db.models import Q

from claims.assessment.facts import CitationFacts, ClaimFacts, LinkFacts, citation_label
from claims.assessment.related import EvidenceIndex
from claims.models import Citation, Claim, ClaimCitation, Flag
from claims.verification.registries import searched_where
from studies.facts import SettledFactData, StudyFacts, settled_fact_data, study_facts
from studies.labels import work_label
from studies.models import Outcome, SettledFact, Study


def written_label(citation: Citation) -> str:
    """'[1] Dakwar et al. 2020': the work as the article writes it (its parsed authors and
    year), else the start of the raw text."""
    parsed = citation.parsed or {}
    authors = parsed.get("authors") or []
    if authors and authors[0] and parsed.get("year"):
        name = work_label(authors=authors, year=parsed["year"], et_al=bool(parsed.get("et_al")))
        return citation_label(citation.marker, name)
    return citation_label(citation.marker, citation.raw_text)


def citation_facts(citation: Citation, study: StudyFacts | None = None) -> CitationFacts:
    """Plain facts of a citation; its study's facts are read from the row unless given."""
    if study is None and citation.study is not None:
        study = study_facts(citation.study)
    return CitationFacts(
        id=citation.pk,
        label=written_label(citation),
        status=citation.status,
        status_reason=citation.status_reason,
        study=study,
        discrepancies=tuple(citation.discrepancies or ()),
        registries_searched=bool(searched_where(citation.registry_search)[0]),
    )


def claim_facts(claim: Claim, studies: Mapping[int, StudyFacts]) -> ClaimFacts:
    """Plain facts of a claim read with its relations (`with_relations`); `studies` hold
    the facts of their studies (`LibrarySnapshot.studies`)."""
    return ClaimFacts(
        id=claim.pk,
        claim_type=claim.claim_type,
        wording=claim.wording,
        quote=claim.quote,
        substances=claim.substance_codes,
        links=tuple(link_facts(link, studies) for link in claim.link_rows),
    )


def link_facts(link: ClaimCitation, studies: Mapping[int, StudyFacts]) -> LinkFacts:
    """A link and its judgement: the editor's where an editor judged it, else the machine's
    (`machine_*`, written by verification from the study's record)."""
    by_editor = bool(link.stance or link.misfit_reasons)
    if by_editor:
        stance, misfits, rationale = link.stance, link.misfit_reasons, link.rationale
    else:
        stance, misfits, rationale = (
            link.machine_stance, link.machine_misfit_reasons, link.machine_rationale,
        )  # fmt: skip
    study = studies.get(link.citation.study_id)
    return LinkFacts(
        # A citation's rules read the study's record, not its outcomes.
        citation=citation_facts(link.citation, study=study and replace(study, outcomes=())),
        reliance=link.reliance,
        stance=stance or "",
        misfit_reasons=tuple(misfits or ()),
        rationale=rationale or "",
        judged_by="editor" if by_editor else "machine",
    )


def with_relations(claims: Iterable[Claim], citations: Iterable[Citation] = ()) -> list[Claim]:
    """The claims, each with what `claim_facts` and the flag sync read, as plain lists:
    `link_rows` (each link with its citation, one object for each citation), `flag_rows` and
    `substance_codes`, in four queries whatever the number of claims; the facts of their
    studies come from a `LibrarySnapshot`, read once per study and not once per link.
    (Django's prefetch builds a queryset per claim and relation: that took as long as
    reading the rows.) `citations` already read are used as they are, not read again."""
    claims = list(claims)
    ids = [claim.pk for claim in claims]
    links: dict[int, list[ClaimCitation]] = {pk: [] for pk in ids}
    # In the order of the links' own ordering within a claim, without its ordering of the
    # claims themselves (by article title and position: two joins and a sort for nothing).
    links_in_order = list(
        ClaimCitation.objects.filter(claim__in=ids).order_by("citation__position", "pk")
    )
    # Each citation read once, not once for each claim that leans on it.
    known = {citation.pk: citation for citation in citations}
    known.update(
        Citation.objects.in_bulk({link.citation_id for link in links_in_order} - known.keys())
    )
    for link in links_in_order:
        link.citation = known[link.citation_id]
        links[link.claim_id].append(link)
    flags: dict[int, list[Flag]] = {pk: [] for pk in ids}
    for flag in Flag.objects.filter(claim__in=ids):
        flags[flag.claim_id].append(flag)
    codes: dict[int, list[str]] = {pk: [] for pk in ids}
    through = Claim.substances.through.objects.filter(claim__in=ids)
    for claim_id, code in through.values_list("claim_id", "substance_id"):
        codes[claim_id].append(code)
    for claim in claims:
        claim.link_rows, claim.flag_rows = links[claim.pk], flags[claim.pk]
        claim.substance_codes = tuple(sorted(codes[claim.pk]))
    return claims


def claim_types_by_citation(citation_ids) -> dict[int, tuple[str, ...]]:
    """The types of the claims that lean on each citation: what counts as a secondary source
    depends on them."""
    types: dict[int, set[str]] = {}
    for citation_id, claim_type in ClaimCitation.objects.filter(
        citation__in=list(citation_ids)
    ).values_list("citation_id", "claim__claim_type"):
        types.setdefault(citation_id, set()).add(claim_type)
    return {citation_id: tuple(sorted(found)) for citation_id, found in types.items()}


def library_evidence() -> tuple[StudyFacts, ...]:
    """The library's studies that can bear on a claim beyond what it cites: those not known
    to be off ketamine, with outcomes on record, randomised trials (what a claim that there
    are no trials meets) and systematic reviews, with their outcomes, in a fixed number of queries."""
    studies = (
        Study.objects.exclude(about_ketamine=False)
        .filter(
            Q(outcomes__isnull=False)
            | Q(design_code__in=("randomized_controlled_trial", "systematic_review"))
        )
        .distinct()
        .order_by("pk")
        .prefetch_related("substances", "outcomes")
    )
    return tuple(study_facts(study, outcomes=True) for study in studies)


def settled_facts() -> tuple[SettledFactData, ...]:
    """Every background fact the library's reference sources settle (a short list)."""
    return tuple(settled_fact_data(fact) for fact in SettledFact.objects.order_by("key"))


def library_fingerprint() -> tuple:
    """What changes whenever the library does: the latest history row of its studies,
    outcomes and settled facts (every save and delete through the application writes one),
    and the count and latest id of the study–substance links, which a write that keeps no
    history (a fixture, SQL) may change alone."""
    history = [model.history.model._meta.db_table for model in (Study, Outcome, SettledFact)]
    links = Study.substances.through._meta.db_table
    selects = [f"(SELECT MAX(history_id) FROM {table})" for table in history]
    selects += [f"(SELECT COUNT(*) FROM {links})", f"(SELECT MAX(id) FROM {links})"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects))
        return tuple(cursor.fetchone())


class LibrarySnapshot:
    """The library's facts as a verification run reads them: each study's facts once, the
    evidence beyond what claims cite once, the settled facts once, instead of once per link,
    claim or article. `refresh()` at the start of each transaction reads the library's
    fingerprint and forgets everything when the library changed since, so that an article
    verified after an editor's change sees it."""

    def __init__(self):
        self._fingerprint = None
        self._forget()

    def _forget(self) -> None:
        self._studies: dict[int, StudyFacts] = {}
        self._evidence: EvidenceIndex | None = None
        self._settled: tuple[SettledFactData, ...] | None = None

    def refresh(self) -> None:
        fingerprint = library_fingerprint()
        if fingerprint != self._fingerprint:
            self._forget()
            self._fingerprint = fingerprint

    def studies(self, ids: Iterable[int]) -> dict[int, StudyFacts]:
        """The facts of these studies, with their outcomes; those not read yet in one go."""
        ids = set(ids)
        # Not `ids - self._studies.keys()`: that walks every study read so far (the whole
        # library's evidence among them) on each call.
        missing = {pk for pk in ids if pk not in self._studies}
        if missing:
            for study in Study.objects.filter(pk__in=missing).prefetch_related(
                "substances", "outcomes"
            ):
                self._studies[study.pk] = study_facts(study, outcomes=True)
        return {pk: self._studies[pk] for pk in ids if pk in self._studies}

    def evidence(self) -> EvidenceIndex:
        """`library_evidence()`, indexed for `related_evidence`."""
        if self._evidence is None:
            self._evidence = EvidenceIndex(library_evidence())
            self._studies.update((facts.id, facts) for facts in self._evidence.studies)
        return self._evidence

    def settled(self) -> tuple[SettledFactData, ...]:
        """`settled_facts()`."""
        if self._settled is None:
            self._settled = settled_facts()
        return self._settled
