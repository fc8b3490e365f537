"""PubMed through NCBI's E-utilities (https://www.ncbi.nlm.nih.gov/books/NBK25501/):
ESearch for PMIDs, ESummary (JSON) for the bibliographic record, EFetch (XML) for the MeSH
headings, abstract and publication types, and the PMC ID converter for PMID, PMCID and DOI.

PubMed marks a retracted article with the publication type "Retracted Publication" and links
the notice ("RetractionIn"); a correction with "ErratumIn". NCBI asks for at most 3 requests
a second without an API key (the client keeps to it).
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import replace

from studies.references.identifiers import normalise_doi, normalise_pmcid, normalise_pmid
from studies.registries.client import PMC_IDCONV, PUBMED, RegistryUnavailable, get, get_json
from studies.registries.records import Notice, RegistryRecord

SEARCH_ROWS = 5
_NAME = re.compile(r"^(?P<family>.+?)\s+(?P<given>[A-Z]{1,4})$")
_LINKED_NOTICES = {
    "RetractionIn": "retraction",
    "ErratumIn": "correction",
    "ExpressionOfConcernIn": "expression_of_concern",
}


def _author(name: str) -> tuple[str, str]:
    match = _NAME.match(name.strip())
    return (match["family"], match["given"]) if match else (name.strip(), "")


def _year(pubdate: str) -> int | None:
    found = re.search(r"\b(1[89]\d{2}|20\d{2})\b", pubdate or "")
    return int(found.group(1)) if found else None


def parse_summary(doc: dict) -> RegistryRecord:
    """One document of an ESummary JSON `result` as a record."""
    ids = {a.get("idtype"): str(a.get("value") or "") for a in doc.get("articleids") or ()}
    types = tuple(doc.get("pubtype") or ())
    pmid = normalise_pmid(doc.get("uid")) or ""
    return RegistryRecord(
        registry="pubmed",
        # PubMed prefixes a retracted article's title, as Crossref does; the standing says it.
        title=re.sub(r"^RETRACTED:\s*", "", str(doc.get("title") or "").strip()).rstrip("."),
        authors=tuple(
            _author(a["name"])
            for a in doc.get("authors") or ()
            if a.get("authtype", "Author") == "Author" and a.get("name")
        ),
        container_title=str(doc.get("fulljournalname") or doc.get("source") or ""),
        year=_year(doc.get("pubdate") or doc.get("epubdate") or ""),
        volume=str(doc.get("volume") or ""),
        issue=str(doc.get("issue") or ""),
        pages=str(doc.get("pages") or ""),
        doi=normalise_doi(ids.get("doi")) or "",
        pmid=pmid,
        pmcid=normalise_pmcid(ids.get("pmc") or ids.get("pmcid")) or "",
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid else "",
        work_type=", ".join(types),
        retracted="Retracted Publication" in types,
    )


def summaries(pmids) -> list[RegistryRecord]:
    pmids = [p for p in (normalise_pmid(p) for p in pmids) if p]
    if not pmids:
        return []
    data = get_json(
        PUBMED, "/esummary.fcgi", {"db": "pubmed", "id": ",".join(pmids), "retmode": "json"}
    )
    result = (data or {}).get("result") or {}
    return [
        parse_summary(result[uid])
        for uid in result.get("uids", [])
        if "error" not in result.get(uid, {})
    ]


def search(term: str, *, rows: int = SEARCH_ROWS) -> list[str]:
    """PMIDs for a query, in PubMed's order of relevance."""
    data = get_json(
        PUBMED, "/esearch.fcgi",
        {"db": "pubmed", "term": term, "retmax": rows, "retmode": "json", "sort": "relevance"},
    )  # fmt: skip
    return list(((data or {}).get("esearchresult") or {}).get("idlist") or [])


def parse_article(xml: bytes | str) -> dict:
    """What EFetch's PubmedArticle XML adds to the summary: the abstract, MeSH headings and
    keywords (what a topic can rest on), the publication types and the linked notices."""
    root = ET.fromstring(xml)
    article = root.find(".//PubmedArticle")
    if article is None:
        return {"abstract": "", "keywords": (), "types": (), "notices": ()}
    abstract = " ".join(
        "".join(node.itertext()).strip() for node in article.findall(".//Abstract/AbstractText")
    )
    mesh = [node.text or "" for node in article.findall(".//MeshHeading/DescriptorName")]
    keywords = [node.text or "" for node in article.findall(".//KeywordList/Keyword")]
    types = [node.text or "" for node in article.findall(".//PublicationTypeList/PublicationType")]
    notices = []
    for link in article.findall(".//CommentsCorrectionsList/CommentsCorrections"):
        kind = _LINKED_NOTICES.get(link.get("RefType", ""))
        if kind:
            source = (link.findtext("RefSource") or "").strip()
            pmid = (link.findtext("PMID") or "").strip()
            label = source or kind.replace("_", " ").capitalize()
            notices.append(
                Notice(
                    kind=kind, label=label + (f" (PMID {pmid})" if pmid else ""), source="pubmed"
                )
            )
    return {
        "abstract": abstract,
        "keywords": tuple(k for k in [*mesh, *keywords] if k),
        "types": tuple(types),
        "notices": tuple(notices),
    }


def article(pmid: str) -> dict:
    pmid = normalise_pmid(pmid)
    if not pmid:
        return parse_article("<PubmedArticleSet/>")
    answer = get(PUBMED, "/efetch.fcgi", {"db": "pubmed", "id": pmid, "retmode": "xml"})
    if answer.status == 404:
        return parse_article("<PubmedArticleSet/>")
    try:
        return parse_article(answer.body)
    except ET.ParseError:
        raise RegistryUnavailable(PUBMED, "answered with XML that cannot be read") from None


def record(pmid: str) -> RegistryRecord | None:
    """The PubMed record of a PMID, with its abstract, MeSH headings and notices."""
    found = summaries([pmid])
    if not found:
        return None
    summary = found[0]
    details = article(summary.pmid)
    return replace(
        summary,
        abstract=details["abstract"],
        keywords=details["keywords"],
        notices=details["notices"],
        retracted=summary.retracted or "Retracted Publication" in details["types"],
    )


def convert(identifier: str) -> dict:
    """PMID, PMCID and DOI of a work from any one of them (PMC's ID converter); empty when
    PMC does not know it (it knows the articles PMC holds)."""
    data = get_json(PMC_IDCONV, "/", {"ids": identifier, "format": "json"})
    records = (data or {}).get("records") or []
    if not records or records[0].get("status") == "error":
        return {}
    found = records[0]
    return {
        "pmid": normalise_pmid(found.get("pmid")) or "",
        "pmcid": normalise_pmcid(found.get("pmcid")) or "",
        "doi": normalise_doi(found.get("doi")) or "",
    }
