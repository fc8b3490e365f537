"""A bibliographic record as every reader returns it: its fields, their limits, their
validation (`clean_record`), and what a record's type tells about the kind of source."""

from __future__ import annotations

import re

from studies.constants import MAX_YEAR, MIN_YEAR
from studies.references.identifiers import normalise_doi, normalise_pmcid, normalise_pmid

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
    "keywords": [],  # subject words and headings, for the topic: not stored on the study
}

# A range's dash as files and editors write it: BibTeX's "--", an en or em dash, a minus sign,
# with or without spaces around it.
_PAGE_DASH = re.compile(r"\s*[-\u2010-\u2015\u2212]+\s*")


def normalise_pages(pages: str) -> str:
    """Pages as the library stores them: a range with one hyphen ("923--930", "923 – 930" ->
    "923-930"), which every writer turns into its own format's dash; a single page or an
    article number as it is. The import, the editor services and the writers share it."""
    return _PAGE_DASH.sub("-", (pages or "").strip())


# File extension -> format name, for importers that go by the file name.
FORMATS = {".json": "csljson", ".ris": "ris", ".bib": "bibtex"}

# The longest value a record's text field may have. Real titles run to a few hundred
# characters and abstracts to a few thousand; anything far beyond is a broken export (a whole
# article pasted into the title), refused with a message rather than stored or searched on.
MAX_LENGTHS = {"title": 2_000, "abstract": 50_000, "authors": 5_000}  # authors: names
MAX_FIELD_LENGTH = 2_000  # every other text field, and each part of an author's name
MAX_KEYWORDS = 200  # a record's keywords (MeSH headings run to a few dozen)

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


def _keywords(value):
    """Keywords as a list of words or phrases: files give a list, or one text that separates
    them with semicolons or commas."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = re.split(r"\s*[;,]\s*|\n", value)
    if not isinstance(value, list):
        raise ValueError("keywords must be a list or a text")
    words = [_text(word, "keyword", 500) for word in value if word not in (None, "")]
    words = [word for word in words if word]
    if len(words) > MAX_KEYWORDS:
        raise ValueError(f"it has {len(words):,} keywords; at most {MAX_KEYWORDS:,} are accepted")
    return words


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
            "pages": normalise_pages(_text(raw.get("pages"), "pages")),
            "doi": "",
            "pmid": "",
            "pmcid": "",
            "url": _text(raw.get("url"), "URL"),
            "abstract": _text(raw.get("abstract"), "abstract", MAX_LENGTHS["abstract"]),
            "keywords": _keywords(raw.get("keywords")),
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


