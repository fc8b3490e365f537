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

from studies.formats.bibtex import read_bibtex, write_bibtex
from studies.formats.csljson import read_csl_json, write_csl_json
from studies.formats.csv_rows import write_csv, write_rows_csv
from studies.formats.records import (
    FORMAT_NAMES,
    FORMATS,
    RECORD_FIELDS,
    SOURCE_KIND_BY_TYPE,
    RecordError,
    clean_record,
    format_for_path,
    normalise_pages,
    source_kind_for_type,
)
from studies.formats.ris import read_ris, write_ris

__all__ = [
    "FORMATS",
    "RECORD_FIELDS",
    "SOURCE_KIND_BY_TYPE",
    "RecordError",
    "clean_record",
    "format_for_path",
    "normalise_pages",
    "read",
    "source_kind_for_type",
    "read_bibtex",
    "read_csl_json",
    "read_ris",
    "write_bibtex",
    "write_csl_json",
    "write_csv",
    "write_ris",
    "write_rows_csv",
]


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


