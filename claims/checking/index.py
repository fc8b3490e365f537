"""The library's reference index, read from the database and kept per process.

Rebuilt only when the studies table changed: any insert, delete or save of a study changes
the fingerprint (its count, highest id or latest `updated_at`), so a check never runs on a
stale library. Reading is all this module does; checking itself is `claims.checking.reference`.
"""

import threading

from django.db.models import Count, Max

from claims.checking.reference import ReferenceIndex
from studies.facts import study_facts
from studies.models import Study
from studies.references.matching import MatchIndex, StudyRecord

RECORD_FIELDS = (
    "title", "authors", "container_title", "year", "volume", "issue", "pages", "doi", "pmid",
    "pmcid", "url",
)  # fmt: skip
FACT_FIELDS = (
    "design_code", "n", "n_studies", "follow_up", "route_code", "route", "about_ketamine",
    "about_substance_use", "source_kind", "topic_summary", "design", "intervention", "dose",
    "comparator",
)  # fmt: skip

_lock = threading.Lock()
_cache: dict = {"fingerprint": None, "index": None}


def study_record(study: Study) -> StudyRecord:
    """The bibliographic facts of a study that matching compares, keyed by its primary key."""
    return StudyRecord.from_dict(
        {"id": study.pk, **{name: getattr(study, name) for name in RECORD_FIELDS}},
        id_field="id",
    )


def _fingerprint():
    row = Study.objects.aggregate(n=Count("pk"), last_id=Max("pk"), last=Max("updated_at"))
    return (row["n"], row["last_id"], row["last"])


def _build() -> ReferenceIndex:
    studies = list(
        Study.objects.only("pk", *RECORD_FIELDS, *FACT_FIELDS)
        .prefetch_related("substances")
        .order_by("pk")
    )
    return ReferenceIndex(
        matcher=MatchIndex(study_record(s) for s in studies),
        facts={s.pk: study_facts(s) for s in studies},
    )


def current_index() -> ReferenceIndex:
    """The index of every study, rebuilt only when the studies table changed."""
    fingerprint = _fingerprint()
    with _lock:
        if _cache["fingerprint"] != fingerprint or _cache["index"] is None:
            _cache["index"] = _build()
            _cache["fingerprint"] = fingerprint
        return _cache["index"]


def clear_index_cache() -> None:
    with _lock:
        _cache.update(fingerprint=None, index=None)
