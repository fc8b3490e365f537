"""Check raw reference strings against the study library, saving nothing.

`check_references(references=[...])` is shared by `manage.py check_references` and the
REST endpoint POST /api/references/check; both return its output unchanged, one object per
reference, in input order:

    {"input": str, "status": str,
     "study": {"id", "doi", "pmid", "title", "year"} | None,
     "discrepancies": [{"field", "written", "canonical"}],
     "confidence": float in 0..1,
     "reason": str}

A reference checked on its own is not leaning on any claim, so what counts as a secondary
source is decided by the kind of source alone (see `claims.checking.status`).
"""

from claims.checking.index import current_index, prepare
from claims.checking.reference import check_reference
from core.collector import collector_paused
from studies.references.parsing import MAX_CHARS

# One request's worth of matching, which is CPU work for the server and anyone may ask for;
# the command reads longer lists and checks them this many at a time.
MAX_REFERENCES = 500
# What a request costs is its characters: 500 references of 5,000 characters each would
# hold a worker for minutes. At most this many in all.
MAX_TOTAL_CHARS = 200_000


class ReferenceCheckError(ValueError):
    """The input is not a list of reference strings; the message says what is wrong."""


def _validate(references) -> list[str]:
    if isinstance(references, str) or not isinstance(references, list | tuple):
        raise ReferenceCheckError("references must be a list of strings, one reference each.")
    if len(references) > MAX_REFERENCES:
        raise ReferenceCheckError(
            f"Too many references: {len(references)} (at most {MAX_REFERENCES} at a time)."
        )
    total = sum(len(raw) for raw in references if isinstance(raw, str))
    if total > MAX_TOTAL_CHARS:
        raise ReferenceCheckError(
            f"The references are {total:,} characters in all; at most {MAX_TOTAL_CHARS:,} "
            "are checked in one request. Send fewer at a time."
        )
    for number, raw in enumerate(references, start=1):
        if not isinstance(raw, str):
            raise ReferenceCheckError(f"Reference {number} is {type(raw).__name__}, not a string.")
        if len(raw) > MAX_CHARS:
            raise ReferenceCheckError(
                f"Reference {number} is {len(raw)} characters long; one reference is at "
                f"most {MAX_CHARS}."
            )
    return list(references)


def _study(facts, record) -> dict | None:
    if facts is None or record is None:
        return None
    return {
        "id": facts.id,
        "doi": record.doi or None,
        "pmid": record.pmid or None,
        "title": record.title,
        "year": record.year,
    }


def check_references(*, references: list[str]) -> list[dict]:
    """Status, matched study, discrepancies, confidence and reason for each reference."""
    references = _validate(references)
    with collector_paused():
        return _checked(references)


def _checked(references: list[str]) -> list[dict]:
    index = current_index()
    prepare(index, references=references)
    results = []
    for raw in references:
        check = check_reference(raw, index=index)
        record = index.matcher.get(str(check.study_id)) if check.study is not None else None
        results.append(
            {
                "input": raw,
                "status": check.status,
                "study": _study(check.study, record),
                "discrepancies": [
                    {"field": d["field"], "written": d["written"], "canonical": d["canonical"]}
                    for d in check.discrepancies
                ],
                "confidence": round(check.confidence, 4),
                "reason": check.reason,
            }
        )
    return results
