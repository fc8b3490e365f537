"""Services that write studies. Each use case runs in one transaction."""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from .formats import RecordError, clean_record
from .models import Study
from .topics import classify_topic


@transaction.atomic
def classify_study_topic(*, study_id):
    """Fill in a study's topic flags from its title and abstract, unless an editor or the
    curated library set them. Returns the study, saved only if something changed."""
    study = Study.objects.select_for_update().get(pk=study_id)
    if study.topic_source in ("editor", "curated"):
        return study
    about_ketamine, about_substance_use = classify_topic(title=study.title, abstract=study.abstract)
    if (study.about_ketamine, study.about_substance_use) != (about_ketamine, about_substance_use):
        study.about_ketamine = about_ketamine
        study.about_substance_use = about_substance_use
        study.topic_source = "importer"
        study.save()
    return study


# --- Importing a library ------------------------------------------------------------------

# The fields an imported record can set on a study.
IMPORTED_FIELDS = (
    "work_type", "title", "authors", "container_title", "year", "volume", "issue", "pages",
    "doi", "pmid", "pmcid", "url", "abstract",
)
IDENTIFIER_LABELS = {"doi": "DOI", "pmid": "PMID", "pmcid": "PMCID"}


@dataclass
class ImportResult:
    created: list = field(default_factory=list)  # study ids, in file order
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)

    @property
    def study_ids(self):
        return [*self.created, *self.updated, *self.unchanged]


def _studies_by_identifier(records):
    """Existing studies keyed by ("doi", value), ("pmid", value), ("pmcid", value): one query
    per identifier kind and chunk, instead of one per record."""
    found = {}
    for kind in IDENTIFIER_LABELS:
        values = sorted({r.get(kind) for r in records if r.get(kind)})
        for start in range(0, len(values), 500):  # well under SQLite's variable limit
            for study in Study.objects.filter(**{f"{kind}__in": values[start : start + 500]}):
                found[(kind, getattr(study, kind))] = study
    return found


def _describe_study(study):
    return f"study {study.pk} ({study.short_label})"


@transaction.atomic
def import_studies(*, records, progress=None):
    """Create or update studies from bibliographic records (see studies.formats), all or
    nothing: the first bad record raises RecordError naming it and nothing is saved.

    A record updates the study that carries one of its identifiers (DOI, then PMID, then
    PMCID); a record with no identifier updates the one study with the same title and year,
    if there is one, so that importing the same file twice creates nothing new. Records whose
    identifiers point at two different studies, or contradict the matched study's own, are
    refused rather than merged. Curated studies (those with a key) only have their empty
    fields filled: their metadata was checked by hand against the source and an import must
    not overwrite it. Topic flags are classified from title and abstract unless an editor or
    the curated library set them. `progress` may wrap the record iterable (e.g. tqdm).
    """
    records = [clean_record(record, index=index) for index, record in enumerate(records, 1)]
    existing = _studies_by_identifier(records)
    first_seen = {}  # (kind, value) -> index of the record that gave it in this file
    result = ImportResult()
    rows = progress(records) if progress else records
    for index, record in enumerate(rows, 1):

        def reject(problem, index=index, record=record):
            return RecordError(problem, index=index, record_id=record.get("id"))

        for kind, label in IDENTIFIER_LABELS.items():
            value = record[kind]
            if value and (kind, value) in first_seen:
                raise reject(f"{label} {value} is also given by record {first_seen[(kind, value)]}")
            if value:
                first_seen[(kind, value)] = index

        matches = {existing[(k, record[k])] for k in IDENTIFIER_LABELS if (k, record[k]) in existing}
        if len(matches) > 1:
            described = " and ".join(sorted(_describe_study(s) for s in matches))
            raise reject(f"its identifiers belong to different studies: {described}")
        study = matches.pop() if matches else None
        if study is None and not any(record[k] for k in IDENTIFIER_LABELS):
            same_title = list(
                Study.objects.filter(title__iexact=record["title"], year=record["year"])[:2]
            )
            study = same_title[0] if len(same_title) == 1 else None

        if study is None:
            study = Study(work_type="article-journal")
            status = result.created
        else:
            for kind, label in IDENTIFIER_LABELS.items():
                theirs = getattr(study, kind)
                if record[kind] and theirs and record[kind] != theirs:
                    raise reject(
                        f"{label} {record[kind]} differs from {_describe_study(study)}'s "
                        f"{label} {theirs}"
                    )
            status = result.updated
        before = {name: getattr(study, name) for name in (*IMPORTED_FIELDS, "about_ketamine", "about_substance_use")}

        for name in IMPORTED_FIELDS:
            value = record[name]
            if value in ("", None, []):
                continue  # a field the file leaves empty never erases what we know
            if study.key and getattr(study, name) not in ("", None, []):
                continue
            setattr(study, name, value)
        if study.topic_source not in ("editor", "curated"):
            study.about_ketamine, study.about_substance_use = classify_topic(
                title=study.title, abstract=study.abstract
            )
            study.topic_source = "importer"

        after = {name: getattr(study, name) for name in before}
        if study.pk is not None and after == before:
            result.unchanged.append(study.pk)
            continue
        try:
            study.full_clean()
        except ValidationError as e:
            problems = "; ".join(
                f"{name}: {' '.join(messages)}" if name != NON_FIELD_ERRORS else " ".join(messages)
                for name, messages in e.message_dict.items()
            )
            raise reject(problems) from None
        study.save()
        for kind in IDENTIFIER_LABELS:
            if getattr(study, kind):
                existing[(kind, getattr(study, kind))] = study
        status.append(study.pk)
    return result
