"""A library record and its comparison keys, packed as one JSON text to be stored and read
back without computing them again. No Django.

Every candidate of every reference is a record the matcher compares: building its
`StudyRecord` from the study's fields and its keys from the record (folding the title,
finding its significant words, reading the journal and the pages) cost more than reading
the row. `pack` does that once, when the study is saved; `unpack` reads the keys back, and
`unpack_record` the record, for the few candidates whose record is read. The keys come first
in the text, so that `unpack` stops reading where they end: the record's fields and authors,
half the text, are read only for a record that is built.

What is packed depends on the code that computes it: `PACKER` is a digest of the modules
that do, so a record packed by other code is never read back (`studies.library.match_index`
computes it from the study's fields instead, as it would without a stored one).
"""

from __future__ import annotations

import json
import sys
from json import JSONDecoder

from core.versions import code_version
from studies.references import discrepancies, identifiers, matching
from studies.references.matching import StudyRecord, _Features, record_features

_RECORD = (
    "title", "container_title", "year", "volume", "issue", "pages", "doi", "pmid", "pmcid",
    "url", "trial_names",
)  # fmt: skip
# The keys of a record, in the order they are packed. A record has no raw text (`raw`,
# `raw_set`: a reference's); `title_set` is `title_tokens` as a set.
_FEATURES = (
    "title", "title_tokens", "title_info", "main_title", "main_set", "families",
    "first_initial", "literal", "journal", "journal_key", "volume", "issue", "first_page",
    "last_page", "title_years", "year",
)  # fmt: skip
_SETS = ("main_set", "title_years")
_DECODER = JSONDecoder()


# This module is part of what it packs: its own order of the keys.
PACKER = code_version(matching, discrepancies, identifiers, sys.modules[__name__])


def pack(record: StudyRecord) -> str:
    """The record's comparison keys (`record_features`) and the record, as compact JSON."""
    features = record_features(record)
    authors = [author if isinstance(author, str) else list(author) for author in record.authors]
    found = []
    for name in _FEATURES:
        value = getattr(features, name)
        found.append(sorted(value) if name in _SETS else value)
    return json.dumps(
        [found, [getattr(record, name) for name in _RECORD], authors],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def unpack(text: str) -> tuple[_Features, tuple[str, int]]:
    """The comparison keys `pack` packed, equal to those computed from the record, and where
    the record's fields start in the text, for `unpack_record` (most candidates are compared
    and set aside: their records are never read). ValueError: not a packed record."""
    if not (text.startswith("[[") and text.endswith("]]")):
        raise ValueError("not a packed record")
    found, end = _DECODER.raw_decode(text, 1)
    if text[end] != ",":
        raise ValueError("a packed record holds its keys, its fields and its authors")
    # Every slot set once, in the order of _FEATURES, without _Features() setting each to
    # its default first: this runs for every candidate of every reference.
    f = _Features.__new__(_Features)
    (
        f.title, f.title_tokens, f.title_info, f.main_title, main_set, f.families,
        f.first_initial, f.literal, journal, f.journal_key, f.volume, f.issue, f.first_page,
        f.last_page, title_years, f.year,
    ) = found  # fmt: skip
    f.main_set, f.journal, f.title_years = frozenset(main_set), tuple(journal), frozenset(title_years)
    f.title_set = frozenset(f.title_tokens)
    f.raw, f.raw_set = "", frozenset()
    return f, (text, end)


def unpack_record(study_id: str, packed: tuple[str, int]) -> StudyRecord:
    """The record `pack` packed (the text and where its fields start, as `unpack` returns
    them), under `study_id`. ValueError: the fields are not as `pack` writes them."""
    text, end = packed
    fields, authors = json.loads("[" + text[end + 1 :])
    return StudyRecord(
        study_id,
        fields[0],
        tuple(author if isinstance(author, str) else tuple(author) for author in authors),
        *fields[1:-1],
        tuple(fields[-1]),  # trial_names: a JSON list
    )
