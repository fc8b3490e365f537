"""RIS, as Zotero, EndNote and PubMed write it, read and written with rispy."""

from __future__ import annotations

import re

import rispy

from studies.formats.records import (
    RecordError,
    _text,
    clean_record,
    normalise_pages,
)

# --- RIS ------------------------------------------------------------------------------------

# CSL item type -> RIS type, and back. Types not listed are written as GEN (generic).
_RIS_TYPES = {
    "article-journal": "JOUR",
    "article": "JOUR",
    "report": "RPRT",
    "webpage": "ELEC",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "thesis": "THES",
    "dataset": "DATA",
    "article-newspaper": "NEWS",
    "article-magazine": "MGZN",
}
_CSL_FROM_RIS = {ris: csl for csl, ris in _RIS_TYPES.items() if csl != "article"}
_CSL_FROM_RIS.update({"JFULL": "article-journal", "ABST": "article-journal", "CONF": "paper-conference",
                      "EJOUR": "article-journal", "WEB": "webpage", "GEN": "document"})


def _ris_name(written):
    """'Family, Given' -> CSL name; a name without a comma is a corporate (literal) name."""
    family, comma, given = written.partition(",")
    if not comma:
        return {"literal": written.strip()}
    return {"family": family.strip(), "given": given.strip()}


def _first(value):
    if isinstance(value, list):
        return value[0] if value else ""
    return value or ""


def _labelled(texts, label, pattern):
    """Find 'PMID: 123' style labels in free-text fields (notes), as some exports put them."""
    for text in texts:
        found = re.search(label + r"\s*:?\s*(" + pattern + r")", text or "", re.IGNORECASE)
        if found:
            return found.group(1)
    return ""


def read_ris(text):
    """Read RIS (EndNote, Zotero, PubMed, Web of Science all write it).

    PMIDs are read from AN (accession number, where PubMed-based exports put them) when it
    is all digits, or from a 'PMID: …' note; PMCIDs from a 'PMCID: …' note or C2.
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        entries = rispy.loads(text)
    except Exception as e:  # rispy raises several types for a garbled file
        raise RecordError(f"not valid RIS: {e}") from None
    # rispy silently drops a record whose ER line is missing (a truncated file): count the
    # records that start, so that a lost one is reported instead of skipped.
    started = len(re.findall(r"^TY  -", text, flags=re.MULTILINE))
    if started > len(entries):
        raise RecordError(
            "does not end with an 'ER  -' line (the file may be truncated)",
            index=len(entries) + 1,
        )
    if not entries and text.strip():
        raise RecordError("not a RIS file: no record starts with 'TY  -'")
    records = []
    for index, entry in enumerate(entries, 1):
        notes = [*(entry.get("notes") or []), entry.get("note") or ""]
        accession = _text(_first(entry.get("accession_number")))
        pmid = accession if accession.isdigit() else _labelled(notes, "PMID", r"\d+")
        custom2 = _text(_first(entry.get("custom2")))
        pmcid = custom2 if re.fullmatch(r"PMC\d+", custom2) else _labelled(notes, "PMCID", r"PMC\d+")
        start, end = _text(entry.get("start_page")), _text(entry.get("end_page"))
        raw = {
            "id": entry.get("id"),
            "work_type": _CSL_FROM_RIS.get(entry.get("type_of_reference", ""), "document"),
            "title": entry.get("title") or entry.get("primary_title") or entry.get("translated_title"),
            "authors": [
                _ris_name(name)
                for name in (entry.get("authors") or entry.get("first_authors") or [])
                if name.strip()
            ],
            "container_title": (
                entry.get("secondary_title")
                or entry.get("journal_name")
                or entry.get("alternate_title3")
                or entry.get("alternate_title1")
                or entry.get("alternate_title2")
            ),
            "year": entry.get("year") or entry.get("publication_year") or entry.get("date"),
            "volume": entry.get("volume"),
            "issue": entry.get("number"),
            "pages": f"{start}-{end}" if start and end and start != end else start or end,
            "doi": _first(entry.get("doi")),
            "pmid": pmid,
            "pmcid": pmcid,
            "url": _first(entry.get("urls")),
            "abstract": entry.get("abstract") or entry.get("notes_abstract"),
            "keywords": entry.get("keywords"),
        }
        records.append(clean_record(raw, index=index))
    return records


class _RisWriter(rispy.RisWriter):
    """rispy puts a running number ("1.") on a line before each record's TY line; RIS
    readers that expect only tag lines (Zotero's, JabRef's) refuse it, so none is written."""

    def set_header(self, count):
        return None


def write_ris(records):
    entries = []
    for record in records:
        start, _, end = normalise_pages(record.get("pages") or "").partition("-")
        entry = {
            "type_of_reference": _RIS_TYPES.get(record.get("work_type") or "", "GEN"),
            "id": record.get("id") or "",
            "authors": [_ris_author(name) for name in record.get("authors") or []],
            "title": record.get("title", ""),
            "secondary_title": record.get("container_title", ""),
            "year": str(record["year"]) if record.get("year") else "",
            "volume": record.get("volume", ""),
            "number": record.get("issue", ""),
            "start_page": start.strip(),
            "end_page": end.strip(),
            "doi": record.get("doi", ""),
            "accession_number": record.get("pmid", ""),
            "custom2": record.get("pmcid", ""),
            "urls": [record["url"]] if record.get("url") else [],
            "abstract": record.get("abstract", ""),
            "keywords": record.get("keywords") or [],
        }
        # RIS is line-based: a line break inside a value would start a bogus tag line.
        entries.append({key: _one_line(value) for key, value in entry.items() if value})
    return rispy.dumps(entries, implementation=_RisWriter)


def _ris_author(name):
    if name.get("family"):
        return f"{name['family']}, {name['given']}" if name.get("given") else name["family"]
    # A corporate name must not contain a comma, or readers split it into family, given.
    return (name.get("literal") or "").replace(",", "")


def _one_line(value):
    if isinstance(value, list):
        return [_one_line(item) for item in value]
    return re.sub(r"\s+", " ", str(value)).strip()


