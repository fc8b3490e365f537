"""Read and write bibliographic formats: CSL-JSON, RIS, BibTeX and CSV.

Pure functions on strings and plain dicts; no Django. Every reader returns a list of
*records*, one per work, each a dict with the keys of `RECORD_FIELDS`, validated and
normalised (DOI lower case without prefix, PMID digits, year an int or None, authors as CSL
names). A record the reader cannot accept raises `RecordError`, whose message names the
record by its place in the file and its id there, e.g.
``record 3 (id 'x'): year 'abc' is not a year``.

Writers take the same records (extra keys are ignored, except by CSV which adds the study's
appraisal columns when present) and return the file's text. Each format is written by its
own library — json, rispy, bibtexparser, csv — never assembled by hand, so that what we
write parses back with the same library.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata

import bibtexparser
import rispy
from bibtexparser import middlewares as bibtex_middlewares
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexencode import UnicodeToLatexEncoder

from studies.constants import MAX_YEAR, MIN_YEAR
from studies.references.identifiers import normalise_doi, normalise_pmcid, normalise_pmid

__all__ = [
    "FORMATS",
    "RECORD_FIELDS",
    "RecordError",
    "clean_record",
    "format_for_path",
    "read",
    "source_kind_for_type",
    "read_bibtex",
    "read_csl_json",
    "read_ris",
    "write_bibtex",
    "write_csl_json",
    "write_csv",
    "write_ris",
]

# The keys of a record, with the value an absent field takes.
RECORD_FIELDS = {
    "id": None,  # the record's id in its file (CSL id, RIS ID, BibTeX key), for messages
    "work_type": "",  # a CSL item type; empty when the file does not say
    "title": "",
    "authors": [],  # [{"family", "given"}] or [{"literal"}]
    "container_title": "",
    "year": None,
    "volume": "",
    "issue": "",
    "pages": "",
    "doi": "",
    "pmid": "",
    "pmcid": "",
    "url": "",
    "abstract": "",
}

# File extension -> format name, for importers that go by the file name.
FORMATS = {".json": "csljson", ".ris": "ris", ".bib": "bibtex"}

# The longest value a record's text field may have. Real titles run to a few hundred
# characters and abstracts to a few thousand; anything far beyond is a broken export (a whole
# article pasted into the title), refused with a message rather than stored or searched on.
MAX_LENGTHS = {"title": 2_000, "abstract": 50_000, "authors": 5_000}  # authors: names
MAX_FIELD_LENGTH = 2_000  # every other text field, and each part of an author's name

# What a CSL item type tells about the kind of source (studies.constants.SOURCE_KINDS).
# Only types that say it are listed: a journal article is what the library calls a
# peer-reviewed article, and a newspaper or magazine article is news. A web page, a blog post,
# a report, a book or a generic document may be any kind (a clinic's advertisement, a
# consumer-health page, a government statistics release...), so those types tell nothing.
# RIS and BibTeX types are first read as CSL types (JOUR and @article are article-journal,
# NEWS and MGZN are article-newspaper and article-magazine; ELEC, WEB, @online and @misc are
# webpage or document, @techreport and RPRT report), so this table serves all three.
SOURCE_KIND_BY_TYPE = {
    "article-journal": "peer_reviewed_article",
    "article-newspaper": "news_or_explainer",
    "article-magazine": "news_or_explainer",
}


def source_kind_for_type(work_type):
    """The kind of source a CSL item type tells, or None when the type does not tell it."""
    return SOURCE_KIND_BY_TYPE.get((work_type or "").strip().lower())


class RecordError(ValueError):
    """A record cannot be read. `index` is its 1-based place in the file (None when the
    whole file is unreadable), `record_id` its id there, `problem` what is wrong."""

    def __init__(self, problem, *, index=None, record_id=None):
        self.problem = problem
        self.index = index
        self.record_id = record_id
        super().__init__(self.describe())

    def describe(self):
        if self.index is None:
            return self.problem
        where = f"record {self.index}"
        if self.record_id not in (None, ""):
            where += f" (id {str(self.record_id)!r})"
        return f"{where}: {self.problem}"


def format_for_path(path):
    """The format of a file from its extension, or None when the extension is not known."""
    suffix = str(path).lower().rsplit(".", 1)[-1] if "." in str(path) else ""
    return FORMATS.get("." + suffix)


FORMAT_NAMES = {"csljson": "CSL-JSON", "ris": "RIS", "bibtex": "BibTeX"}


def read(text, fmt):
    """Read a whole library file: `text` in format `fmt` ("csljson", "ris" or "bibtex").

    A file that holds no record at all (empty, or not in the format: BibTeX readers skip
    what they cannot recognise as an entry) raises RecordError: importing "0 records" from a
    garbled file would look like success."""
    readers = {"csljson": read_csl_json, "ris": read_ris, "bibtex": read_bibtex}
    if fmt not in readers:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(readers)}")
    records = readers[fmt](text)
    if not records:
        raise RecordError(f"no records found: the file holds no {FORMAT_NAMES[fmt]} record")
    return records


# --- Validation shared by all readers ---------------------------------------------------


def _show(value, limit=60):
    """A value quoted for a message, cut short: a message must not repeat a 100,000-character
    field back to the user."""
    try:
        shown = repr(value)
    except RecursionError:
        return f"a {type(value).__name__} nested too deeply to show"
    return shown if len(shown) <= limit else shown[: limit - 5] + "…" + shown[-4:]


def _text(value, name="", limit=MAX_FIELD_LENGTH):
    """A field value as one line of text: numbers become strings, runs of white space one
    space (titles copied from PDFs carry line breaks). Longer than `limit`: an error."""
    if value is None:
        return ""
    label = f"{name} " if name else ""
    if isinstance(value, bool):
        raise ValueError(f"{label}{_show(value)} is not text")
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{label}{_show(value)} is not text")
    text = re.sub(r"\s+", " ", value).strip()
    if len(text) > limit:
        raise ValueError(
            f"{name or 'a field'} is {len(text):,} characters long; at most {limit:,} are accepted"
        )
    return text


def _year(value):
    """A year from an int or a string that starts with one ("2019", "2019///", "2019-05")."""
    if value in (None, ""):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    else:
        text = _text(value, "year") if not isinstance(value, bool) else repr(value)
        found = re.fullmatch(r"(\d{4})(?:[-/ ].*)?", text)
        if not found:
            raise ValueError(f"year {_show(text)} is not a year")
        year = int(found.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} is outside {MIN_YEAR}-{MAX_YEAR}")
    return year


def _authors(value):
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise ValueError("authors must be a list of names")
    if len(value) > MAX_LENGTHS["authors"]:
        raise ValueError(
            f"it has {len(value):,} authors; at most {MAX_LENGTHS['authors']:,} are accepted"
        )
    authors = []
    for position, name in enumerate(value, 1):
        if not isinstance(name, dict):
            raise ValueError(f"author {position} is not a name object")
        family = _text(name.get("family"), f"author {position}'s family name", 500)
        given = _text(name.get("given"), f"author {position}'s given name", 500)
        literal = _text(name.get("literal"), f"author {position}'s name", 500)
        if family:
            authors.append({"family": family, "given": given} if given else {"family": family})
        elif literal:
            authors.append({"literal": literal})
        elif given:
            # A mononym written as a given name only ("Plato") is still a name.
            authors.append({"literal": given})
    return authors


def clean_record(raw, *, index=None):
    """Validate and normalise one record given as a dict with the keys of RECORD_FIELDS
    (missing keys take their defaults). Raises RecordError naming the record."""
    record_id = raw.get("id")
    try:
        record = {
            "id": None if record_id in (None, "") else _text(record_id, "id", 200),
            "work_type": _text(raw.get("work_type"), "type", 40),
            "title": _text(raw.get("title"), "title", MAX_LENGTHS["title"]),
            "authors": _authors(raw.get("authors")),
            "container_title": _text(raw.get("container_title"), "container title"),
            "year": _year(raw.get("year")),
            "volume": _text(raw.get("volume"), "volume"),
            "issue": _text(raw.get("issue"), "issue"),
            "pages": _text(raw.get("pages"), "pages").replace("--", "-").replace("–", "-"),
            "doi": "",
            "pmid": "",
            "pmcid": "",
            "url": _text(raw.get("url"), "URL"),
            "abstract": _text(raw.get("abstract"), "abstract", MAX_LENGTHS["abstract"]),
        }
        if not record["title"]:
            raise ValueError("it has no title")
        doi = _text(raw.get("doi"), "DOI")
        if doi:
            record["doi"] = normalise_doi(doi) or ""
            if not record["doi"]:
                raise ValueError(f"DOI {_show(doi)} is not a DOI")
        pmid = _text(raw.get("pmid"), "PMID")
        if pmid:
            record["pmid"] = normalise_pmid(pmid) or ""
            if not record["pmid"]:
                hint = " (it is a PubMed Central number)" if "pmc" in pmid.lower() else ""
                raise ValueError(f"PMID {_show(pmid)} is not a PubMed ID{hint}")
        pmcid = _text(raw.get("pmcid"), "PMCID")
        if pmcid:
            record["pmcid"] = normalise_pmcid(pmcid) or ""
            if not record["pmcid"]:
                raise ValueError(f"PMCID {_show(pmcid)} is not a PubMed Central ID")
    except ValueError as e:
        shown_id = record_id if isinstance(record_id, str | int) and len(str(record_id)) <= 200 else None
        raise RecordError(str(e), index=index, record_id=shown_id) from None
    return record


# --- CSL-JSON -------------------------------------------------------------------------------


def _year_in_words(text):
    """The year written in a free-form date ("May 2019", "2019-05-01", "Spring 2019"): the
    one four-digit number in it. Dates naming no year, or two different ones ("1999-2001"),
    are returned as written, to be refused by _year with a message."""
    years = set(re.findall(r"(?<!\d)(\d{4})(?!\d)", text))
    return years.pop() if len(years) == 1 else text


def _csl_year(issued):
    """The year of a CSL date, in the shapes CSL processors and reference managers write:
    {"date-parts": [[2019, 5]]}, {"raw": "2019-05"}, {"literal": "May 2019"}, or the date as
    a plain string or number ("2019", 2019). Returns the value to validate (an int, a string
    or None). A date in none of these shapes is an error, never silently no year."""
    if issued in (None, "", {}):
        return None
    if isinstance(issued, bool):
        raise ValueError(f"issued {_show(issued)} is not a CSL date")
    if isinstance(issued, int):
        return issued
    if isinstance(issued, str):
        return _year_in_words(_text(issued, "issued"))
    if not isinstance(issued, dict):
        raise ValueError(f"issued {_show(issued)} is not a CSL date")
    parts = issued.get("date-parts")
    if parts not in (None, [], [[]]):
        if not (isinstance(parts, list) and isinstance(parts[0], list) and parts[0]):
            raise ValueError(f"issued date-parts {_show(parts)} are not [[year, ...]]")
        return parts[0][0]
    for key in ("raw", "literal"):
        value = issued.get(key)
        if isinstance(value, str) and value.strip():
            return _year_in_words(_text(value, f"issued {key}"))
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    if set(issued) <= {"date-parts", "raw", "literal"}:
        return None  # the keys are there, with nothing in them
    raise ValueError(
        f"issued {_show(issued)} is not a CSL date: expected date-parts, raw or literal"
    )


def read_csl_json(text):
    """Read a CSL-JSON array of items (as Zotero, Mendeley and citeproc write it)."""
    try:
        items = json.loads(text)
    except json.JSONDecodeError as e:
        raise RecordError(f"not valid JSON: {e}") from None
    except RecursionError:
        # json gives up on arrays nested thousands deep ([[[[...): not a library either.
        raise RecordError(
            "not a CSL-JSON array of items: the JSON is nested too deeply to be one"
        ) from None
    if isinstance(items, dict):
        # A single item is accepted as a one-item library.
        items = [items]
    if not isinstance(items, list):
        kinds = {str: "a string", int: "a number", float: "a number", bool: "true or false"}
        raise RecordError(
            "a CSL-JSON library is an array of items; this file holds "
            + kinds.get(type(items), "null")
        )
    records = []
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise RecordError("is not a CSL item (a JSON object)", index=index)
        try:
            year = _csl_year(item.get("issued"))
        except ValueError as e:
            raise RecordError(str(e), index=index, record_id=item.get("id")) from None
        raw = {
            "id": item.get("id"),
            "work_type": item.get("type"),
            "title": item.get("title"),
            "authors": item.get("author"),
            "container_title": item.get("container-title"),
            "year": year,
            "volume": item.get("volume"),
            "issue": item.get("issue"),
            "pages": item.get("page"),
            "doi": item.get("DOI"),
            "pmid": item.get("PMID"),
            "pmcid": item.get("PMCID"),
            "url": item.get("URL"),
            "abstract": item.get("abstract"),
        }
        records.append(clean_record(raw, index=index))
    return records


def write_csl_json(records):
    """A CSL-JSON array; empty fields are left out, as CSL processors expect."""
    items = []
    for position, record in enumerate(records, 1):
        item = {
            "id": str(record.get("id") or f"item{position}"),
            "type": record.get("work_type") or "article-journal",
            "title": record.get("title", ""),
            "author": [dict(name) for name in record.get("authors") or []],
            "container-title": record.get("container_title", ""),
            "issued": {"date-parts": [[record["year"]]]} if record.get("year") else None,
            "volume": record.get("volume", ""),
            "issue": record.get("issue", ""),
            "page": record.get("pages", ""),
            "DOI": record.get("doi", ""),
            "PMID": record.get("pmid", ""),
            "PMCID": record.get("pmcid", ""),
            "URL": record.get("url", ""),
            "abstract": record.get("abstract", ""),
        }
        items.append({key: value for key, value in item.items() if value not in ("", None, [])})
    return json.dumps(items, ensure_ascii=False, indent=2)


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
        }
        records.append(clean_record(raw, index=index))
    return records


def write_ris(records):
    entries = []
    for record in records:
        start, _, end = (record.get("pages") or "").partition("-")
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
        }
        # RIS is line-based: a line break inside a value would start a bogus tag line.
        entries.append({key: _one_line(value) for key, value in entry.items() if value})
    return rispy.dumps(entries)


def _ris_author(name):
    if name.get("family"):
        return f"{name['family']}, {name['given']}" if name.get("given") else name["family"]
    # A corporate name must not contain a comma, or readers split it into family, given.
    return (name.get("literal") or "").replace(",", "")


def _one_line(value):
    if isinstance(value, list):
        return [_one_line(item) for item in value]
    return re.sub(r"\s+", " ", str(value)).strip()


# --- BibTeX ---------------------------------------------------------------------------------

# CSL item type -> BibTeX entry type, and back (biblatex types read too).
_BIBTEX_TYPES = {
    "article-journal": "article",
    "report": "techreport",
    "webpage": "online",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "thesis": "phdthesis",
}
_CSL_FROM_BIBTEX = {bib: csl for csl, bib in _BIBTEX_TYPES.items()}
_CSL_FROM_BIBTEX.update({"report": "report", "www": "webpage", "mastersthesis": "thesis",
                         "conference": "paper-conference", "inbook": "chapter", "misc": "document"})

# Fields whose values are LaTeX text (accents, \&, {Protected} words); identifiers and URLs
# are taken as written, since decoding would eat a '%' in a URL as a LaTeX comment.
_LATEX_FIELDS = ("title", "journal", "journaltitle", "booktitle", "publisher", "institution",
                 "howpublished", "abstract")

_latex_decoder = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)
_latex_encoder = UnicodeToLatexEncoder(unknown_char_policy="keep", replacement_latex_protection="braces-all")


def _decode(value):
    try:
        return _latex_decoder.latex_to_text(value)
    except Exception:  # pylatexenc gives up on some malformed LaTeX: keep the text as written
        return value


def _bibtex_name(parts):
    """A name split by bibtexparser into parts -> CSL name."""
    family = _decode(" ".join(parts.von + parts.last)).strip()
    given = _decode(" ".join(parts.first)).strip()
    if parts.jr:
        given = f"{given}, {_decode(' '.join(parts.jr)).strip()}".strip(", ")
    if not given and " " in family:
        # "{World Health Organization}": a braced corporate name has no given name.
        return {"literal": family}
    return {"family": family, "given": given} if given else {"family": family}


def read_bibtex(text):
    """Read BibTeX or biblatex with bibtexparser 2; LaTeX in text fields is decoded."""
    library = bibtexparser.parse_string(
        text.lstrip("\ufeff"),
        append_middleware=[
            bibtex_middlewares.SeparateCoAuthors(),
            bibtex_middlewares.SplitNameParts(),
        ],
    )
    records = []
    index = 0
    for block in library.blocks:
        if not isinstance(block, Entry | ParsingFailedBlock):
            continue  # @string, @preamble and comments are not records
        index += 1
        if isinstance(block, ParsingFailedBlock):
            key = getattr(block.ignore_error_block, "key", None)
            line = (block.start_line or 0) + 1
            error = getattr(block.error, "abort_reason", None) or str(block.error)
            error = error.strip().split("\n")[0] or "it cannot be parsed"
            raise RecordError(f"not valid BibTeX (line {line}): {error}", index=index, record_id=key)
        fields = {field.key.lower(): field.value for field in block.fields}

        def field(*names, fields=fields):
            for name in names:
                value = fields.get(name)
                if value not in (None, ""):
                    return _decode(value) if name in _LATEX_FIELDS else value
            return ""

        doi = field("doi")
        raw = {
            "id": block.key,
            "work_type": _CSL_FROM_BIBTEX.get(block.entry_type.lower(), "document"),
            "title": field("title"),
            "authors": [_bibtex_name(parts) for parts in fields.get("author") or []],
            "container_title": field("journal", "journaltitle", "booktitle", "howpublished",
                                     "institution", "publisher"),
            "year": field("year") or field("date"),
            "volume": field("volume"),
            "issue": field("number", "issue"),
            "pages": field("pages"),
            # DOIs written for LaTeX escape their underscores.
            "doi": doi.replace("\\_", "_") if isinstance(doi, str) else doi,
            "pmid": field("pmid"),
            "pmcid": field("pmcid"),
            "url": field("url"),
            "abstract": field("abstract"),
        }
        records.append(clean_record(raw, index=index))
    return records


def _bibtex_key(record, position, taken):
    """A citation key: the record's id when it is a safe BibTeX key, else author+year."""
    key = str(record.get("id") or "")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_:.-]*", key):
        authors = record.get("authors") or []
        name = (authors[0].get("family") or authors[0].get("literal") or "") if authors else ""
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        stem = re.sub(r"[^A-Za-z]", "", ascii_name.split(" ")[0]).lower() or "item"
        key = f"{stem}{record.get('year') or position}"
    unique, suffix = key, 0
    while unique in taken:
        suffix += 1
        unique = f"{key}{chr(ord('a') + (suffix - 1) % 26)}{'' if suffix <= 26 else suffix}"
    taken.add(unique)
    return unique


def _latex(value):
    return _latex_encoder.unicode_to_latex(value)


def _bibtex_author(name):
    if name.get("family"):
        family = _latex(name["family"])
        # "von" particles and multi-word families stay together when braced.
        if " " in name["family"]:
            family = "{" + family + "}"
        return f"{family}, {_latex(name['given'])}" if name.get("given") else family
    return "{" + _latex(name.get("literal") or "") + "}"


def write_bibtex(records):
    library = Library()
    taken = set()
    for position, record in enumerate(records, 1):
        entry_type = _BIBTEX_TYPES.get(record.get("work_type") or "", "misc")
        container_field = {"article": "journal", "incollection": "booktitle",
                           "inproceedings": "booktitle", "techreport": "institution"}.get(
            entry_type, "howpublished"
        )
        values = [
            ("author", [_bibtex_author(name) for name in record.get("authors") or []]),
            ("title", _latex(record.get("title") or "")),
            (container_field, _latex(record.get("container_title") or "")),
            ("year", str(record["year"]) if record.get("year") else ""),
            ("volume", record.get("volume") or ""),
            ("number", record.get("issue") or ""),
            ("pages", (record.get("pages") or "").replace("-", "--")),
            ("doi", record.get("doi") or ""),
            ("pmid", record.get("pmid") or ""),
            ("pmcid", record.get("pmcid") or ""),
            ("url", record.get("url") or ""),
            ("abstract", _latex(record.get("abstract") or "")),
        ]
        library.add(
            Entry(
                entry_type,
                _bibtex_key(record, position, taken),
                [Field(key, value) for key, value in values if value],
            )
        )
    return bibtexparser.write_string(
        library, prepend_middleware=[bibtex_middlewares.MergeCoAuthors()]
    )


# --- CSV ------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "id", "work_type", "title", "authors", "container_title", "year", "volume", "issue",
    "pages", "doi", "pmid", "pmcid", "url",
    # Appraisal columns, filled when the records carry them (exports of studies do).
    "source_kind", "design_code", "n", "route_code", "substances",
    "about_ketamine", "about_substance_use",
]


def _csv_author(name):
    if name.get("family"):
        return f"{name['family']}, {name['given']}" if name.get("given") else name["family"]
    return name.get("literal") or ""


def _csv_cell(value):
    """A cell value; text that a spreadsheet would run as a formula is quoted with a leading
    apostrophe (OWASP's advice against CSV injection): titles and quotes come from the web."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    value = str(value)
    # Only a whole cell that is a plain negative number ("-2.5") may start with "-": a test
    # of its first characters alone would pass "-2+3+cmd|' /C calc'!A0".
    if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _PLAIN_NEGATIVE_NUMBER.fullmatch(value):
        return "'" + value
    return value


_PLAIN_NEGATIVE_NUMBER = re.compile(r"-(?:\d+(?:\.\d*)?|\.\d+)")


def write_rows_csv(rows, columns):
    """Rows (dicts) as CSV with a header; a helper for any table the app exports."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: _csv_cell(row.get(column)) for column in columns})
    return out.getvalue()


def write_csv(records):
    """One row per record; authors as 'Family, Given; …', substances as 'code; code'."""
    rows = []
    for record in records:
        row = dict(record)
        row["authors"] = [_csv_author(name) for name in record.get("authors") or []]
        rows.append(row)
    return write_rows_csv(rows, CSV_COLUMNS)
