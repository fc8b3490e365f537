"""The library's services for what the registries say: a work a registry found, added with
its provenance; the notices about a work (retractions, corrections) recorded on it.

Both write through `studies.library.editing.save_study`, so a change is in history and tells
the rest of the project (`study_changed`): the citations of a work whose standing changed
are checked again, and the claims leaning on them reassessed.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from studies import constants as c
from studies.library.editing import save_study
from studies.library.topics import classify_topic
from studies.models import Study
from studies.registries.records import Notice, RegistryRecord

# The registries' types that are journal articles, which the library holds as such; other
# kinds of work (chapters, preprints, datasets) wait for an editor.
JOURNAL_TYPES = {
    "crossref": {"journal-article"},
    "openalex": {"article", "review", "letter", "editorial"},
}


def is_journal_article(record: RegistryRecord) -> bool:
    if record.registry == "pubmed":
        return True  # PubMed indexes journal articles
    return record.work_type in JOURNAL_TYPES.get(record.registry, set())


def standing(notices) -> str:
    """The worst standing the notices give a work ("" when none does)."""
    given = {c.NOTICE_STANDING[n["kind"]] for n in notices if n.get("kind") in c.NOTICE_STANDING}
    return next((code for code, _label in c.STANDINGS if code in given), "")


def notice_rows(notices: tuple[Notice, ...], *, registry: str) -> list[dict]:
    return [
        {"kind": n.kind, "doi": n.doi, "date": n.date, "label": n.label, "source": n.source,
         "registry": registry}
        for n in notices
    ]  # fmt: skip


def _existing(record: RegistryRecord) -> Study | None:
    match = Q(pk__in=[])
    if record.doi:
        match |= Q(doi=record.doi)
    if record.pmid:
        match |= Q(pmid=record.pmid)
    if record.pmcid:
        match |= Q(pmcid=record.pmcid)
    return Study.objects.filter(match).first()


def add_from_registry(*, record: RegistryRecord, query: str, user=None, note: str = "") -> Study:
    """Add the work a registry found (or return the study that already holds its DOI, PMID
    or PMCID), with where and when it was found and with which query. Its topic is decided
    from its title, abstract and keywords; too thin a record leaves it unknown."""
    with transaction.atomic():
        study = _existing(record)
        if study is not None:
            return study
        now = timezone.now()
        values = {
            key: value
            for key, value in record.study_values().items()
            if value not in ("", None, [])
        }
        about_ketamine, about_substance_use = classify_topic(
            title=record.title, abstract=record.abstract, keywords=record.keywords
        )
        notices = notice_rows(record.notices, registry=record.registry)
        if record.retracted and not any(n["kind"] == "retraction" for n in notices):
            notices.append({"kind": "retraction", "doi": "", "date": "", "label": "Retracted",
                            "source": record.registry, "registry": record.registry})  # fmt: skip
        values.update(
            work_type="article-journal",
            source_kind="peer_reviewed_article",
            about_ketamine=about_ketamine,
            about_substance_use=about_substance_use,
            topic_summary=", ".join(record.keywords[:6])[:200],
            confirmed_from=[record.url] if record.url else [],
            registry_provenance=[{
                "registry": record.registry, "retrieved_at": now.isoformat(),
                "query": query, "url": record.url,
            }],
            notices=notices,
            standing=standing(notices),
            registry_checked_at=now,
        )  # fmt: skip
        label = dict(c.REGISTRIES)[record.registry]
        study = save_study(
            user=user, values=values, note=note or f"found in {label} ({query})",
            topic_by="importer",
        )  # fmt: skip
    return study


def record_notices(*, study_id: int, notices: list[dict], user=None, note: str = "") -> Study:
    """The notices the registries now list for a study, and the standing they give it."""
    values = {
        "notices": notices,
        "standing": standing(notices),
        "registry_checked_at": timezone.now(),
    }
    return save_study(
        user=user,
        study_id=study_id,
        values=values,
        note=note or "notices re-checked at the registries",
    )
