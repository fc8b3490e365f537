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
source is decided by the kind of source alone (see `claims.citation_status`).
"""

from studies.parsing import MAX_CHARS

from .verification import decide_status, load_studies, match_index, match_reference

# One request's worth; a longer list belongs in a file and `manage.py check_references`.
MAX_REFERENCES = 1000


class ReferenceCheckError(ValueError):
    """The input is not a list of reference strings; the message says what is wrong."""


def _validate(references) -> list[str]:
    if isinstance(references, str) or not isinstance(references, list | tuple):
        raise ReferenceCheckError("references must be a list of strings, one reference each.")
    if len(references) > MAX_REFERENCES:
        raise ReferenceCheckError(
            f"Too many references: {len(references)} (at most {MAX_REFERENCES} at a time)."
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


def _study(study) -> dict | None:
    if study is None:
        return None
    return {
        "id": study.pk,
        "doi": study.doi or None,
        "pmid": study.pmid or None,
        "title": study.title,
        "year": study.year,
    }


def check_references(*, references: list[str]) -> list[dict]:
    """Status, matched study, discrepancies, confidence and reason for each reference."""
    references = _validate(references)
    index = match_index()
    matches = [match_reference(raw, index=index) for raw in references]
    studies = load_studies(match.study_id for _parsed, match in matches)
    results = []
    for raw, (parsed, match) in zip(references, matches, strict=True):
        match, study, status, reason, _evidence = decide_status(parsed, match, studies)
        results.append(
            {
                "input": raw,
                "status": status,
                "study": _study(study),
                "discrepancies": [
                    {"field": d["field"], "written": d["written"], "canonical": d["canonical"]}
                    for d in (match.discrepancies if study is not None else ())
                ],
                "confidence": round(match.confidence, 4) if study is not None else 0.0,
                "reason": reason,
            }
        )
    return results
