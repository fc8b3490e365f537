"""Crossref's REST API (https://api.crossref.org, documented at
https://www.crossref.org/documentation/retrieve-metadata/rest-api/): a work by DOI, a
bibliographic search, and the notices that update a work (retractions, corrections).

The work's `updated-by` lists the notices that update it, with their kind, DOI, date and who
asserted them (today mostly Retraction Watch); a title starting "RETRACTED:" says the same.
A 404 means Crossref does not hold the DOI, not that it does not exist (DataCite DOIs).
"""

import html
import re
import urllib.parse

from studies.references.identifiers import normalise_doi
from studies.registries.client import CROSSREF, get_json
from studies.registries.records import NOTICE_KINDS, Notice, RegistryRecord

# Published works, not figures, peer reviews or grants that share the DOI space.
WORK_TYPES = (
    "journal-article", "proceedings-article", "book-chapter", "book", "posted-content",
    "report", "dissertation", "monograph", "reference-entry", "review",
)  # fmt: skip
SEARCH_ROWS = 5
_SELECT = (
    "DOI,title,author,container-title,issued,published,volume,issue,page,type,updated-by,"
    "subject,abstract,URL"
)
_SPACE = re.compile(r"\s+")
_TAGS = re.compile(r"<[^>]+>")


def _text(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", str(value or "")))).strip()


def _year(message: dict) -> int | None:
    for name in ("issued", "published-print", "published", "published-online"):
        parts = (message.get(name) or {}).get("date-parts") or []
        if parts and parts[0] and parts[0][0]:
            return int(parts[0][0])
    return None


def _date(value: dict | None) -> str:
    value = value or {}
    if value.get("date-time"):
        return value["date-time"][:10]
    parts = (value.get("date-parts") or [[]])[0]
    return "-".join(f"{int(p):02d}" if i else str(int(p)) for i, p in enumerate(parts) if p)


def notices(message: dict) -> tuple[Notice, ...]:
    found = []
    for entry in message.get("updated-by") or ():
        kind = str(entry.get("type") or "").replace("-", "_")
        if kind not in NOTICE_KINDS:
            continue
        found.append(
            Notice(
                kind=kind,
                doi=normalise_doi(entry.get("DOI")) or "",
                date=_date(entry.get("updated")),
                label=str(entry.get("label") or kind.replace("_", " ").capitalize()),
                source=str(entry.get("source") or "crossref"),
            )
        )
    return tuple(found)


def parse_work(message: dict) -> RegistryRecord:
    """A Crossref `work` message as a record."""
    title = _text(message.get("title"))
    retracted_title = title.upper().startswith("RETRACTED:")
    authors = tuple(
        (str(a.get("family") or a.get("name") or "").strip(), str(a.get("given") or "").strip())
        for a in message.get("author") or ()
        if a.get("family") or a.get("name")
    )
    updates = notices(message)
    doi = normalise_doi(message.get("DOI")) or ""
    return RegistryRecord(
        registry="crossref",
        title=re.sub(r"^RETRACTED:\s*", "", title, flags=re.IGNORECASE),
        authors=authors,
        container_title=_text(message.get("container-title")),
        year=_year(message),
        volume=str(message.get("volume") or ""),
        issue=str(message.get("issue") or ""),
        pages=str(message.get("page") or ""),
        doi=doi,
        url=f"https://doi.org/{doi}" if doi else "",
        work_type=str(message.get("type") or ""),
        abstract=_text(message.get("abstract")),
        keywords=tuple(_text(s) for s in message.get("subject") or ()),
        notices=updates,
        retracted=retracted_title
        or any(n.kind in ("retraction", "withdrawal", "removal") for n in updates),
    )


def work(doi: str) -> RegistryRecord | None:
    """The work with this DOI, or None when Crossref does not hold it."""
    doi = normalise_doi(doi)
    if not doi:
        return None
    data = get_json(CROSSREF, "/works/" + urllib.parse.quote(doi, safe="/()"))
    if not data or data.get("status") != "ok":
        return None
    return parse_work(data["message"])


def search(query: str, *, rows: int = SEARCH_ROWS) -> list[RegistryRecord]:
    """Works whose metadata best fit a reference as written (`query.bibliographic`), in
    Crossref's order. Crossref's score is not a confidence: the caller decides."""
    data = get_json(
        CROSSREF, "/works", {"query.bibliographic": query, "rows": rows, "select": _SELECT}
    )
    items = ((data or {}).get("message") or {}).get("items") or []
    return [parse_work(item) for item in items if item.get("type") in WORK_TYPES]
