"""Services that write studies. Each use case runs in one transaction."""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Lower

from studies.constants import SOURCE_KINDS
from studies.formats import RecordError, clean_record, source_kind_for_type
from studies.library.topics import classify_topic
from studies.models import Study

# --- Importing a library ------------------------------------------------------------------

# The fields an imported record can set on a study.
IMPORTED_FIELDS = (
    "work_type", "title", "authors", "container_title", "year", "volume", "issue", "pages",
    "doi", "pmid", "pmcid", "url", "abstract",
)
IDENTIFIER_LABELS = {"doi": "DOI", "pmid": "PMID", "pmcid": "PMCID"}
SOURCE_KIND_CODES = {code for code, _ in SOURCE_KINDS}
# Key of `source_kinds` for every type that does not tell the kind of source by itself.
ANY_OTHER_TYPE = "*"
# The CSL type of a record whose file gives none: CSL's generic type, which claims nothing.
UNTYPED = "document"


class UnknownSourceKind(RecordError):
    """A new study's kind of source is not known: its type does not tell it, and the caller
    did not state it. `work_type` is the record's type."""

    def __init__(self, problem, *, work_type, **kwargs):
        self.work_type = work_type
        super().__init__(problem, **kwargs)


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


def check_source_kinds(source_kinds):
    """Raise ValueError unless `source_kinds` maps CSL types (or ANY_OTHER_TYPE) to codes of
    studies.constants.SOURCE_KINDS."""
    for work_type, kind in (source_kinds or {}).items():
        if kind not in SOURCE_KIND_CODES:
            raise ValueError(
                f"{kind!r} (for {'any other type' if work_type == ANY_OTHER_TYPE else work_type!r}) "
                f"is not a kind of source; expected one of {', '.join(sorted(SOURCE_KIND_CODES))}"
            )


def _same_title_and_year(record):
    """Studies with the record's title (case aside) and year, compared whole by the database:
    `iexact` is a LIKE pattern on SQLite, which refuses a title of tens of thousands of
    characters ("LIKE or GLOB pattern too complex") and reads % and _ in a title as
    wildcards in its own way. Both sides are lowered by the same function, so that the
    comparison means the same on SQLite (ASCII) and PostgreSQL (Unicode)."""
    return list(
        Study.objects.annotate(title_key=Lower("title"))
        .filter(title_key=Lower(Value(record["title"])), year=record["year"])
        .order_by("pk")[:2]
    )


@transaction.atomic
def import_studies(*, records, progress=None, source_kinds=None):
    """Create or update studies from bibliographic records (see studies.formats), all or
    nothing: the first bad record raises RecordError naming it and nothing is saved.

    The kind of source (Study.source_kind) is never guessed. It is taken from the record's
    type where the type tells it (studies.formats.SOURCE_KIND_BY_TYPE: a journal article is a
    peer-reviewed article, a newspaper or magazine article news), or from `source_kinds`, the
    caller's word: {CSL type: kind}, with ANY_OTHER_TYPE ("*") for every type the table does
    not settle, e.g. {"webpage": "consumer_health_page", "*": "official_statistics"}. A
    caller's entry for a type comes before the table. A record whose kind is still unknown
    keeps the kind of the study it updates, and cannot create one: it raises
    UnknownSourceKind, since the model has no "unknown" kind and any kind stored would be
    read downstream as a fact (a web page stored as a peer-reviewed article would count as
    research evidence; stored as news, an official statistics page would be called
    secondary).

    A record updates the study that carries one of its identifiers (DOI, then PMID, then
    PMCID); a record with no identifier updates the one study with the same title and year,
    if there is one, so that importing the same file twice creates nothing new. Records whose
    identifiers point at two different studies, or contradict the matched study's own, are
    refused rather than merged. Curated studies (those with a key) only have their empty
    fields filled: their metadata was checked by hand against the source and an import must
    not overwrite it (their kind included). Topic flags are classified from title and abstract
    unless an editor or the curated library set them; a flag the text cannot decide is left
    None (unknown). `progress` may wrap the record iterable (e.g. tqdm).
    """
    check_source_kinds(source_kinds)
    source_kinds = source_kinds or {}
    records = [clean_record(record, index=index) for index, record in enumerate(records, 1)]
    existing = _studies_by_identifier(records)
    # Every record is checked before the first is written: a problem at the end of a long
    # file is said at once, not after minutes of writing that would then be rolled back.
    plan = _plan(records, existing, source_kinds)
    result = ImportResult()
    rows = progress(plan) if progress else plan
    for index, record, study, source_kind in rows:

        def reject(problem, index=index, record=record):
            return RecordError(problem, index=index, record_id=record.get("id"))

        if study is None:
            study = Study(work_type=record["work_type"] or UNTYPED, source_kind=source_kind)
            status = result.created
        else:
            status = result.updated
        before = {
            name: getattr(study, name)
            for name in (*IMPORTED_FIELDS, "source_kind", "about_ketamine", "about_substance_use")
        }
        if source_kind and not study.key:
            study.source_kind = source_kind  # a curated study keeps the kind its curator confirmed

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
        status.append(study.pk)
    return result


def _plan(records, existing, source_kinds) -> list[tuple]:
    """(index, record, study it updates or None, kind of source) for each record, or the
    RecordError of the first record that cannot be imported: an identifier given twice in
    the file, identifiers of two different studies, an identifier contradicting the matched
    study's, the same untitled work twice, or a new study whose kind of source is unknown."""
    first_seen = {}  # (kind, value) -> index of the record that gave it in this file
    new_titles = {}  # (title, year) of new records without identifiers -> index
    plan = []
    for index, record in enumerate(records, 1):

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
        untitled_key = None
        if study is None and not any(record[k] for k in IDENTIFIER_LABELS):
            same_title = _same_title_and_year(record)
            study = same_title[0] if len(same_title) == 1 else None
            untitled_key = ((record["title"] or "").lower(), record["year"])
        if study is None and untitled_key is not None:
            if untitled_key in new_titles:
                raise reject(f"it gives the same title and year as record {new_titles[untitled_key]}")
            new_titles[untitled_key] = index

        work_type = record["work_type"] or UNTYPED
        source_kind = (
            source_kinds.get(work_type)
            or source_kind_for_type(work_type)
            or source_kinds.get(ANY_OTHER_TYPE)
        )
        if study is None and source_kind is None:
            raise UnknownSourceKind(
                f"its type {work_type!r} does not tell what kind of source it is "
                "(peer-reviewed article, news, consumer-health page, marketing or official "
                "statistics), and no kind was given for it",
                work_type=work_type,
                index=index,
                record_id=record.get("id"),
            )
        if study is not None:
            for kind, label in IDENTIFIER_LABELS.items():
                theirs = getattr(study, kind)
                if record[kind] and theirs and record[kind] != theirs:
                    raise reject(
                        f"{label} {record[kind]} differs from {_describe_study(study)}'s "
                        f"{label} {theirs}"
                    )
        plan.append((index, record, study, source_kind))
    return plan
