"""OpenAlex's works API (https://docs.openalex.org/api-entities/works): search and a work by
DOI. OpenAlex says `is_retracted`, gives keywords and topics (what a topic decision can rest
on) and the abstract as an inverted index."""

import urllib.parse

from studies.references.identifiers import normalise_doi, normalise_pmcid, normalise_pmid
from studies.registries.client import OPENALEX, get_json
from studies.registries.records import RegistryRecord

SEARCH_ROWS = 5


def _abstract(inverted: dict | None) -> str:
    if not inverted:
        return ""
    places = sorted((at, word) for word, ats in inverted.items() for at in ats)
    return " ".join(word for _at, word in places)


def _family_given(name: str) -> tuple[str, str]:
    parts = name.strip().split()
    return (parts[-1], " ".join(parts[:-1])) if len(parts) > 1 else (name.strip(), "")


def parse_work(work: dict) -> RegistryRecord:
    ids = work.get("ids") or {}
    biblio = work.get("biblio") or {}
    first, last = biblio.get("first_page"), biblio.get("last_page")
    pages = f"{first}-{last}" if first and last and first != last else str(first or "")
    source = ((work.get("primary_location") or {}).get("source") or {}).get("display_name")
    keywords = [k.get("display_name", "") for k in work.get("keywords") or ()]
    keywords += [t.get("display_name", "") for t in work.get("topics") or ()]
    return RegistryRecord(
        registry="openalex",
        title=str(work.get("title") or work.get("display_name") or ""),
        authors=tuple(
            _family_given((a.get("author") or {}).get("display_name") or "")
            for a in work.get("authorships") or ()
            if (a.get("author") or {}).get("display_name")
        ),
        container_title=str(source or ""),
        year=work.get("publication_year"),
        volume=str(biblio.get("volume") or ""),
        issue=str(biblio.get("issue") or ""),
        pages=pages,
        doi=normalise_doi(work.get("doi")) or "",
        pmid=normalise_pmid(ids.get("pmid")) or "",
        pmcid=normalise_pmcid(ids.get("pmcid")) or "",
        url=str(work.get("id") or ""),
        work_type=str(work.get("type") or ""),
        abstract=_abstract(work.get("abstract_inverted_index")),
        keywords=tuple(k for k in keywords if k),
        retracted=bool(work.get("is_retracted")),
    )


def work_by_doi(doi: str) -> RegistryRecord | None:
    doi = normalise_doi(doi)
    if not doi:
        return None
    data = get_json(OPENALEX, "/works/" + urllib.parse.quote(f"https://doi.org/{doi}", safe=":/()"))
    return parse_work(data) if data else None


def search(query: str, *, rows: int = SEARCH_ROWS) -> list[RegistryRecord]:
    data = get_json(OPENALEX, "/works", {"search": query, "per-page": rows})
    return [parse_work(w) for w in (data or {}).get("results") or []]
