"""Services that write studies. Each use case runs in one transaction."""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Lower

from studies.constants import ON_CONFLICT, SOURCE_KINDS
from studies.formats import RecordError, clean_record, source_kind_for_type
from studies.library.topics import classify_topic
from studies.models import Study
from studies.signals import study_changed

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
# Values that say nothing: a file that leaves a field so never erases what the library knows.
EMPTY = ("", None, [])
# The CSL type of a record whose file gives none: CSL's generic type, which claims nothing.
UNTYPED = "document"


class UnknownSourceKind(RecordError):
    """A new study's kind of source is not known: its type does not tell it, and the caller
    did not state it. `work_type` is the record's type."""

    def __init__(self, problem, *, work_type, **kwargs):
        self.work_type = work_type
        super().__init__(problem, **kwargs)


@dataclass(frozen=True)
class Conflict:
    """A field on which a record and the study it updates disagree, both having a value."""

    index: int  # the record's position in the file, from 1
    study_id: int
    study_label: str
    field: str
    library_value: object
    file_value: object
    replaced: bool  # True when the file's value was saved
    reason: str = ""  # why the library's value was kept although replacing was asked

    def describe(self) -> str:
        outcome = "replaced by the file's" if self.replaced else "kept"
        why = f" ({self.reason})" if self.reason else ""
        return (
            f"record {self.index} -> study {self.study_id} ({self.study_label}): {self.field}: "
            f"{_shown(self.library_value)} in the library, {_shown(self.file_value)} in the "
            f"file; {outcome}{why}"
        )


def _shown(value, limit=200):
    """A value as an editor reads it in a report: authors by name, long text cut short."""
    if isinstance(value, list):
        value = "; ".join(
            author.get("literal")
            or ", ".join(p for p in (author.get("family"), author.get("given")) if p)
            if isinstance(author, dict)
            else str(author)
            for author in value
        )
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class ImportResult:
    created: list = field(default_factory=list)  # study ids, in file order
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    conflicts: list = field(default_factory=list)  # Conflict, in file order

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
def import_studies(*, records, progress=None, source_kinds=None, on_conflict="keep"):
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
    refused rather than merged.

    A record fills a study's empty fields. Where both have a value and they differ, that is
    a conflict, reported field by field in `result.conflicts`: with `on_conflict="keep"` (the
    default) the library's value stays, with "replace" the file's is saved. Curated studies
    (those with a key) keep theirs either way: their metadata was checked by hand against
    the source, and is corrected in the curated library, not by an import. Topic flags are
    classified from title, abstract and keywords unless an editor or the curated library set
    them; a flag the text cannot decide is left None (unknown). `progress` may wrap the record
    iterable (e.g. tqdm).
    """
    check_source_kinds(source_kinds)
    if on_conflict not in ON_CONFLICT:
        raise ValueError(f"on_conflict must be one of {', '.join(ON_CONFLICT)}, not {on_conflict!r}")
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
        incoming = {name: record[name] for name in IMPORTED_FIELDS}
        incoming["source_kind"] = source_kind
        for name, value in incoming.items():
            if value in EMPTY:
                continue  # a field the file leaves empty never erases what we know
            current = getattr(study, name)
            if study.pk is None or current in EMPTY:
                setattr(study, name, value)
            elif current != value:
                replace = on_conflict == "replace" and not study.key
                result.conflicts.append(
                    Conflict(
                        index=index,
                        study_id=study.pk,
                        study_label=study.short_label,
                        field=name,
                        library_value=current,
                        file_value=value,
                        replaced=replace,
                        reason="a curated study" if study.key and on_conflict == "replace" else "",
                    )
                )
                if replace:
                    setattr(study, name, value)
        words_changed = (study.title, study.abstract) != (before["title"], before["abstract"])
        if study.topic_source not in ("editor", "curated") and (study.pk is None or words_changed):
            # Decided again only from new words: a registry's classification (from keywords
            # and subject headings the file may not carry) is not undone by the same record.
            study.about_ketamine, study.about_substance_use = classify_topic(
                title=study.title, abstract=study.abstract, keywords=record["keywords"]
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
    if result.created or result.updated:
        # As for an editor's change, the citations of a changed study are checked again; the
        # claims the studies may bear on uncited are left to `verify --all`: a file of
        # thousands of studies would send a task for nearly every claim.
        changed = sorted({*result.created, *result.updated})
        transaction.on_commit(
            lambda: study_changed.send(sender=Study, study_ids=changed, uncited=False)
        )
    return result


def _plan(records, existing, source_kinds) -> list[tuple]:
    """(index, record, study it updates or None, kind of source) for each record, or the
    RecordError of the first record that cannot be imported: an identifier given twice in
    the file, identifiers of two different studies, an identifier contradicting the matched
    study's, two records of one study, the same work twice where one of them has no
    identifier, a record without identifiers whose title and year several studies share,
    or a new study whose kind of source is unknown."""
    first_seen = {}  # (kind, value) -> index of the record that gave it in this file
    new_titles = {}  # (title, year) of new records -> (index, given without identifiers)
    claimed = {}  # id of an existing study -> index of the record that updates it
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
        title_key = ((record["title"] or "").lower(), record["year"])
        unidentified = not any(record[k] for k in IDENTIFIER_LABELS)
        if study is None and unidentified:
            same_title = _same_title_and_year(record)
            if len(same_title) > 1:
                # Which of them it would update cannot be told; a third would be a duplicate.
                described = " and ".join(_describe_study(s) for s in same_title)
                raise reject(
                    f"its title and year are those of {described}, and it gives no DOI, "
                    "PMID or PMCID to tell which"
                )
            study = same_title[0] if same_title else None
        if study is None:
            if title_key in new_titles and (unidentified or new_titles[title_key][1]):
                # The same work twice, once without identifiers: two studies of one work.
                raise reject(f"it gives the same title and year as record {new_titles[title_key][0]}")
            new_titles.setdefault(title_key, (index, unidentified))
        elif study.pk in claimed:
            # One study updated twice from one file: the second record would undo the first.
            raise reject(
                f"it is the same work as record {claimed[study.pk]} ({_describe_study(study)})"
            )
        else:
            claimed[study.pk] = index

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
