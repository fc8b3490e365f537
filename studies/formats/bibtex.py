"""BibTeX and biblatex, read and written with bibtexparser (LaTeX by pylatexenc)."""

from __future__ import annotations

import re
import unicodedata

import bibtexparser
from bibtexparser import middlewares as bibtex_middlewares
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexencode import RULE_DICT, UnicodeToLatexConversionRule, UnicodeToLatexEncoder

from studies.formats.records import (
    RecordError,
    clean_record,
    normalise_pages,
)

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
# A straight double quote is written {"}, as BibTeX expects, not pylatexenc's default {''}
# (a closing curly quote in LaTeX), which would not read back as the title's own character.
_latex_encoder = UnicodeToLatexEncoder(
    unknown_char_policy="keep",
    replacement_latex_protection="braces-all",
    conversion_rules=[UnicodeToLatexConversionRule(rule_type=RULE_DICT, rule={ord('"'): '"'}), "defaults"],
)


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
            "keywords": field("keywords", "keyword", "mesh"),
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


def write_bibtex(records, *, taken=None):
    """BibTeX entries; `taken` holds citation keys already used (by earlier parts of one
    file written in parts), which the new entries avoid and join."""
    library = Library()
    taken = set() if taken is None else taken
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
            # One hyphen, however the range was stored, becomes BibTeX's "--".
            ("pages", normalise_pages(record.get("pages") or "").replace("-", "--")),
            ("doi", record.get("doi") or ""),
            ("pmid", record.get("pmid") or ""),
            ("pmcid", record.get("pmcid") or ""),
            ("url", record.get("url") or ""),
            ("abstract", _latex(record.get("abstract") or "")),
            ("keywords", _latex("; ".join(record.get("keywords") or []))),
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


