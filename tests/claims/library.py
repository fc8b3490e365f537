"""Studies from the seed library (corpus/library.json), created as rows for verification tests."""

import json
from functools import cache
from pathlib import Path

from studies.references.identifiers import normalise_doi
from tests.factories import substance

LIBRARY = Path(__file__).resolve().parents[2] / "corpus" / "library.json"

# Structured extras the library keeps in words (as corpus/studies.yaml derives them).
EXTRAS = {
    "dakwar2019": {"substances": ["cocaine"], "route_code": "intravenous", "n": 55},
    "dakwar2020": {"substances": ["alcohol"], "route_code": "intravenous", "n": 40},
    "krupitsky2002": {"substances": ["opioids"], "route_code": "intramuscular", "n": 70},
    "grabski2022": {"substances": ["alcohol"], "route_code": "intravenous", "n": 96},
    "mcarthur2024": {"substances": ["none"], "route_code": "", "n": None},
    "webmd": {"substances": [], "route_code": "", "n": None},
    "samhsa2021": {"substances": ["substance_use_general"], "route_code": "", "n": None},
    "lalanne2016": {"substances": ["opioids"], "route_code": "", "n": 1},
}


@cache
def _records():
    return {r["key"]: r for r in json.loads(LIBRARY.read_text(encoding="utf-8"))["records"]}


def library_study(key):
    """A Study row with the library record's bibliographic, topic and appraisal fields."""
    from studies.models import Study

    record = _records()[key]
    extras = EXTRAS.get(key, {})
    appraisal = record.get("appraisal") or {}
    topic = record.get("topic") or {}
    study = Study.objects.create(
        key=key,
        work_type=record.get("type") or "article-journal",
        title=record["title"],
        authors=record.get("authors") or [],
        container_title=record.get("container_title") or "",
        year=record.get("year"),
        volume=record.get("volume") or "",
        issue=record.get("issue") or "",
        pages=record.get("pages") or "",
        doi=normalise_doi(record.get("doi")) or "",
        pmid=record.get("pmid") or "",
        url=record.get("url") or "",
        source_kind=record["source_kind"],
        about_ketamine=topic.get("about_ketamine"),
        about_substance_use=topic.get("about_substance_use"),
        topic_summary=topic.get("summary") or "",
        topic_source="curated",
        design_code=appraisal.get("design_code") or "unknown",
        n=extras.get("n"),
        route_code=extras.get("route_code", ""),
        route=appraisal.get("route") or "",
        follow_up=appraisal.get("follow_up") or "",
    )
    if extras.get("substances"):
        study.substances.set([substance(code) for code in extras["substances"]])
    return study
