"""Resolving a reference through the registries, after the local library found nothing.

Identifiers first: a DOI at Crossref (then OpenAlex, which also holds DataCite DOIs), a PMID
at PubMed, a PMCID through PMC's converter. Then, for a reference with a title, a
bibliographic search at Crossref, then OpenAlex, then PubMed; a candidate is accepted only
when the project's own matcher accepts it against the reference as written (a registry's
relevance score is not a confidence). Every registry asked is recorded with what it said, so
that "not found" can say where it was looked for.
"""

from dataclasses import asdict, dataclass

from studies.references.matching import MatchIndex, StudyRecord
from studies.references.parsing import ParsedReference
from studies.registries import crossref, openalex, pubmed
from studies.registries.client import LABELS, RegistryUnavailable
from studies.registries.records import RegistryRecord


@dataclass(frozen=True)
class Searched:
    registry: str
    query: str
    outcome: str  # found, no_match, offline, unavailable

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Lookup:
    record: RegistryRecord | None
    searched: tuple[Searched, ...]

    @property
    def reached(self) -> tuple[str, ...]:
        """The registries that answered, by name ("Crossref"), in the order asked."""
        return tuple(
            dict.fromkeys(
                LABELS[s.registry] for s in self.searched if s.outcome in ("found", "no_match")
            )
        )


def _accepted(parsed: ParsedReference, candidates: list[RegistryRecord]) -> RegistryRecord | None:
    if not candidates:
        return None
    records = [
        StudyRecord.from_dict({**c.study_values(), "id": str(n)}, id_field="id")
        for n, c in enumerate(candidates)
    ]
    result = MatchIndex(records).match(parsed)
    return candidates[int(result.study_id)] if result.matched else None


def _query(parsed: ParsedReference) -> str:
    """The reference as a bibliographic query: title, first authors, journal and year."""
    parts = [parsed.title or ""]
    parts += [family for family, _given in parsed.authors[:3]]
    parts += [parsed.container_title or "", str(parsed.year or "")]
    return " ".join(p for p in parts if p).strip()


def find(parsed: ParsedReference) -> Lookup:
    searched: list[Searched] = []

    def ask(registry: str, query: str, call):
        try:
            found = call()
        except RegistryUnavailable as problem:
            searched.append(
                Searched(registry, query, "offline" if problem.offline else "unavailable")
            )
            return None
        searched.append(Searched(registry, query, "found" if found else "no_match"))
        return found

    if parsed.doi:
        record = ask("crossref", f"doi:{parsed.doi}", lambda: crossref.work(parsed.doi))
        record = record or ask(
            "openalex", f"doi:{parsed.doi}", lambda: openalex.work_by_doi(parsed.doi)
        )
        if record:
            return Lookup(record, tuple(searched))
    pmid = parsed.pmid
    if not pmid and parsed.pmcid:
        ids = ask("pubmed", f"pmcid:{parsed.pmcid}", lambda: pubmed.convert(parsed.pmcid))
        pmid = (ids or {}).get("pmid", "")
    if pmid:
        record = ask("pubmed", f"pmid:{pmid}", lambda: pubmed.record(pmid))
        if record:
            return Lookup(record, tuple(searched))
    if not parsed.title:
        return Lookup(None, tuple(searched))
    query = _query(parsed)
    for registry, search in (
        ("crossref", lambda: _accepted(parsed, crossref.search(query))),
        ("openalex", lambda: _accepted(parsed, openalex.search(query))),
        ("pubmed", lambda: _accepted(parsed, pubmed.summaries(pubmed.search(parsed.title)))),
    ):
        record = ask(registry, query, search)
        if record:
            return Lookup(record, tuple(searched))
    return Lookup(None, tuple(searched))
