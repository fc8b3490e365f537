"""The library's services for what the registries say: a work a registry found, added with
its provenance; the notices about a work (retractions, corrections) recorded on it.

Both write through `studies.library.editing.save_study`, so a change is in history and tells
the rest of the project (`study_changed`): the citations of a work whose standing changed
are checked again, and the claims leaning on them reassessed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from studies import constants as c
from studies.library.editing import save_study
from studies.library.topics import classify_topic
from studies.models import Study
from studies.references.identifiers import normalise_doi, normalise_pmid
from studies.registries import crossref, openalex, pubmed
from studies.registries.client import RegistryUnavailable
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


def in_order(notices: list[dict]) -> list[dict]:
    """Notices without repeats (one per kind and DOI or label), oldest first: the form a
    study keeps them in, so that a re-check finding the same ones changes nothing."""
    unique = {(n["kind"], n.get("doi") or n.get("label", "")): n for n in notices}
    return sorted(unique.values(), key=lambda n: (n.get("date", ""), n["kind"]))


def notice_rows(notices: tuple[Notice, ...], *, registry: str) -> list[dict]:
    return [
        {"kind": n.kind, "doi": n.doi, "date": n.date, "label": n.label, "source": n.source,
         "registry": registry}
        for n in notices
    ]  # fmt: skip


# The notices that take a work out of the literature; a record marked retracted without one
# of them (PubMed's "Retracted Publication" type alone) gets a plain "Retracted" notice.
WITHDRAWING_KINDS = ("retraction", "withdrawal", "removal")


def record_notice_rows(record: RegistryRecord) -> list[dict]:
    """The notices one registry's record lists, as a study keeps them."""
    rows = notice_rows(record.notices, registry=record.registry)
    if record.retracted and not any(n.kind in WITHDRAWING_KINDS for n in record.notices):
        rows.append({"kind": "retraction", "doi": "", "date": "", "label": "Retracted",
                     "source": record.registry, "registry": record.registry})  # fmt: skip
    return rows


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
    return _added(record=record, query=query, user=user, note=note)[0]


def _missing_identifiers(study: Study, record: RegistryRecord) -> dict:
    """The record's DOI, PMID and PMCID that the study lacks and no other study holds: the
    registry found the study by one of its identifiers and names the others."""
    found = {}
    for name in ("doi", "pmid", "pmcid"):
        value = getattr(record, name)
        if value and not getattr(study, name) and not Study.objects.filter(**{name: value}).exists():
            found[name] = value
    return found


def _added(*, record: RegistryRecord, query: str, user=None, note: str = "") -> tuple[Study, bool]:
    with transaction.atomic():
        study = _existing(record)
        if study is not None:
            missing = _missing_identifiers(study, record)
            if missing:
                label = dict(c.REGISTRIES)[record.registry]
                study = save_study(
                    user=user, study_id=study.pk, values=missing,
                    note=f"identifiers given by {label} ({query})",
                )  # fmt: skip
            return study, False
        now = timezone.now()
        values = {
            key: value
            for key, value in record.study_values().items()
            if value not in ("", None, [])
        }
        about_ketamine, about_substance_use = classify_topic(
            title=record.title, abstract=record.abstract, keywords=record.keywords
        )
        notices = record_notice_rows(record)
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
            notices=in_order(notices),
            standing=standing(notices),
            registry_checked_at=now,
        )  # fmt: skip
        label = dict(c.REGISTRIES)[record.registry]
        study = save_study(
            user=user, values=values, note=note or f"found in {label} ({query})",
            topic_by="importer",
        )  # fmt: skip
    return study, True


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


# --- Adding a work by its identifier, and re-checking notices --------------------------------


def _lookup_identifier(*, doi: str = "", pmid: str = ""):
    """The registry record of a DOI (Crossref, then OpenAlex) or a PMID (PubMed), and the
    query that found it; ValidationError naming the field when none holds it or none could be
    reached."""
    if bool(doi) == bool(pmid):
        raise ValidationError("Give a DOI or a PMID (one of them).")
    field = "doi" if doi else "pmid"
    value = normalise_doi(doi) if doi else normalise_pmid(pmid)
    if not value:
        raise ValidationError({field: f"{doi or pmid!r} is not a {'DOI' if doi else 'PMID'}."})
    calls = (
        [
            ("Crossref", lambda: crossref.work(value)),
            ("OpenAlex", lambda: openalex.work_by_doi(value)),
        ]
        if doi
        else [("PubMed", lambda: pubmed.record(value))]
    )
    unreached = []
    for label, call in calls:
        try:
            record = call()
        except RegistryUnavailable:
            unreached.append(label)
            continue
        if record is not None:
            return record, f"{field}:{value}"
    if unreached:
        raise ValidationError(
            {field: f"{' and '.join(unreached)} could not be reached: try again later."}
        )
    raise ValidationError({field: f"No registry holds {field.upper()} {value}."})


def add_by_identifier(*, user, doi: str = "", pmid: str = "") -> tuple[Study, bool]:
    """An editor's "add this study": the work a registry holds under the DOI or PMID, added
    to the library with its provenance; (study, created). A study already holding the
    identifier is returned as it is; one the registry's record names by another identifier
    is returned with the identifiers it lacked."""
    existing = Study.objects.filter(
        Q(doi=normalise_doi(doi) or "-") | Q(pmid=normalise_pmid(pmid) or "-")
    ).first()
    if existing is not None:
        return existing, False
    record, query = _lookup_identifier(doi=doi, pmid=pmid)
    # The registry's record may be of a study the library holds under another identifier
    # (a PMID asked for, the study known by its DOI): that study, not a new one.
    return _added(record=record, query=query, user=user, note=f"added by an editor ({query})")


def current_notices(study: Study) -> list[dict] | None:
    """The notices the registries list for a study now (Crossref by DOI, PubMed by PMID or
    PMCID);
    None when no registry could be asked. A registry that could not be asked this time, or
    is not asked again (OpenAlex, an editor's notice), keeps the notices it gave before: a
    registry that is down says nothing about a retraction."""
    fresh: list[dict] = []
    answered = set()
    for registry, identifier, call in (
        ("crossref", study.doi, lambda: crossref.work(study.doi)),
        ("pubmed", study.pmid or study.pmcid, lambda: _pubmed_record(study)),
    ):
        if not identifier:
            continue
        try:
            record = call()
        except RegistryUnavailable:
            continue
        answered.add(registry)
        if record is not None:
            fresh += record_notice_rows(record)
    if not answered:
        return None
    kept = [n for n in study.notices or [] if n.get("registry") not in answered]
    return in_order(kept + fresh)


def _pubmed_record(study: Study):
    """PubMed's record of the study, by its PMID, or by the PMID its PMCID converts to."""
    pmid = study.pmid or (pubmed.convert(study.pmcid) or {}).get("pmid", "")
    return pubmed.record(pmid) if pmid else None


def recheck_study(*, study_id: int) -> bool | None:
    """Ask the registries again about a study's notices; True when its notices changed (its
    citations are then checked again through `study_changed`), False when they did not, and
    None when no registry could be asked: the study was not re-checked, and stays due."""
    study = Study.objects.get(pk=study_id)
    notices = current_notices(study)
    if notices is None:
        return None
    if notices == in_order(study.notices or []):
        Study.objects.filter(pk=study_id).update(registry_checked_at=timezone.now())
        return False
    record_notices(study_id=study_id, notices=notices)
    return True
