"""The reference matcher's index, kept in the database.

Every study's blocking keys (`studies.references.matching.record_keys`) are rows of
StudyMatchKey, rewritten whenever the study is saved. Checking a batch of references reads
the postings of their keys and the records of their candidates — a few queries per batch,
nothing built beforehand — so every process shares one index, the first check after a
restart costs what the tenth does, and a study is matchable as soon as it is saved.

`StoredMatchIndex` is a `MatchIndex` whose postings and records come from those tables;
matching itself is unchanged, and gives the same answer as an index built in memory from the
same studies (a record's position there is its primary key here; both keep primary-key order).
`StoredFacts` reads the facts that decide a status for the studies matched.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection, transaction

from studies.facts import StudyFacts, row_facts
from studies.models import Study, StudyMatchKey, StudyMatchKeyCount, StudyMatchRecord
from studies.references.matching import (
    MatchIndex,
    MatchResult,
    StudyRecord,
    lookup_keys,
    max_df,
    record_features,
    record_keys,
    reference_features,
    title_keys,
    trial_keys,
)
from studies.references.packed import PACKER, pack, unpack, unpack_record
from studies.references.parsing import ParsedReference
from studies.selectors import library_size

RECORD_FIELDS = (
    "title", "authors", "container_title", "year", "volume", "issue", "pages", "doi", "pmid",
    "pmcid", "url", "trial_names",
)  # fmt: skip
# What studies.facts.study_facts reads of a study (its label included): StoredFacts reads
# these values and builds the same facts (row_facts).
FACT_FIELDS = (
    "title", "authors", "container_title", "year", "design_code", "n", "n_studies",
    "follow_up", "route_code", "route", "about_ketamine", "about_substance_use", "source_kind",
    "topic_summary", "design", "intervention", "dose", "comparator", "arms", "duration",
    "outcomes_summary", "standing", "notices",
)  # fmt: skip
# Rows per query: well under SQLite's limit on variables (32,766), and more than one batch of
# references needs (500 references, 15 candidates each), so a batch reads them in one query.
CHUNK = 10_000


def study_record(values: dict) -> StudyRecord:
    """The bibliographic facts that matching compares, from a study's field values (with
    its primary key as "id")."""
    return StudyRecord.from_dict(values, id_field="id")


# --- Writing ------------------------------------------------------------------------------


def index_study(*, study: Study) -> None:
    """Rewrite the blocking keys of one study, their counts and its packed record, in the
    caller's transaction. A save that changes no bibliographic field writes nothing."""
    values = {"id": study.pk, **{name: getattr(study, name) for name in RECORD_FIELDS}}
    record = study_record(values)
    packed = pack(record)
    kept = StudyMatchRecord.objects.filter(study_id=study.pk).values_list("packer", "packed")
    if kept.first() != (PACKER, packed):
        # An upsert: two saves of one new study at once both write its record.
        StudyMatchRecord.objects.bulk_create(
            [StudyMatchRecord(study_id=study.pk, packer=PACKER, packed=packed)],
            update_conflicts=True,
            unique_fields=["study"],
            update_fields=["packer", "packed"],
        )
    new = set(record_keys(record))
    old = set(StudyMatchKey.objects.filter(study_id=study.pk).values_list("key", flat=True))
    removed, added = sorted(old - new), sorted(new - old)
    if removed:
        StudyMatchKey.objects.filter(study_id=study.pk, key__in=removed).delete()
    # Two saves of one new study at once both insert its keys: the second insert of a key is
    # the same fact again, not a conflict.
    StudyMatchKey.objects.bulk_create(
        [StudyMatchKey(study_id=study.pk, key=key) for key in added], ignore_conflicts=True
    )
    _count(removed, -1)
    _count(added, +1)


def unindex_study(*, study_id: int) -> None:
    """Take a study's keys out of the counts (its keys go with it, by cascade)."""
    keys = sorted(StudyMatchKey.objects.filter(study_id=study_id).values_list("key", flat=True))
    _count(keys, -1)


def _count(keys: list[str], change: int) -> None:
    """Add `change` to the count of each key, in key order (so that two transactions
    counting the same keys take their row locks in the same order)."""
    if not keys:
        return
    table = StudyMatchKeyCount._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            if change > 0:
                marks = ", ".join(["(%s, %s)"] * len(chunk))
                cursor.execute(
                    f"INSERT INTO {table} (key, studies) VALUES {marks} ON CONFLICT (key) "
                    f"DO UPDATE SET studies = {table}.studies + excluded.studies",
                    [value for key in chunk for value in (key, change)],
                )
            else:
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"UPDATE {table} SET studies = studies - %s WHERE key IN ({marks})",
                    [-change, *chunk],
                )


def keep_keys_current(sender, instance, raw=False, **kwargs):
    """post_save receiver: a saved study's keys are rewritten in its save's transaction. A
    fixture load (`raw`) is followed by `manage.py index_library`."""
    if not raw:
        index_study(study=instance)


def forget_keys(sender, instance, **kwargs):
    """pre_delete receiver: a deleted study's keys no longer count."""
    unindex_study(study_id=instance.pk)


def rebuild_match_keys(
    *,
    progress=None,
    model=Study,
    key_model=StudyMatchKey,
    count_model=StudyMatchKeyCount,
    record_model=StudyMatchRecord,
) -> int:
    """Rewrite every study's keys, their counts and its packed record (after studies were
    inserted without saving them one by one, or when the keys' definition changed); returns
    the number of keys. `progress` may wrap an iterable of chunks (e.g. tqdm). The models may
    be a migration's historical ones; without `record_model` (None) no record is packed."""
    ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
    chunks = [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]
    total = 0
    with transaction.atomic():
        key_model.objects.all().delete()
        count_model.objects.all().delete()
        if record_model is not None:
            record_model.objects.all().delete()
        for chunk in progress(chunks) if progress else chunks:
            rows, records = [], []
            for values in model.objects.filter(pk__in=chunk).values("pk", *RECORD_FIELDS):
                values["id"] = values.pop("pk")
                record = study_record(values)
                rows.extend(key_model(study_id=values["id"], key=key) for key in record_keys(record))
                records.append((values["id"], record))
            key_model.objects.bulk_create(rows, batch_size=5000)
            if record_model is not None:
                record_model.objects.bulk_create(
                    [
                        record_model(study_id=pk, packer=PACKER, packed=pack(record))
                        for pk, record in records
                    ],
                    batch_size=2000,
                )
            total += len(rows)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {count_model._meta.db_table} (key, studies) "
                f"SELECT key, COUNT(*) FROM {key_model._meta.db_table} GROUP BY key"
            )
    return total


def tidy_key_tables() -> bool:
    """After the key tables were rewritten whole, on PostgreSQL: VACUUM (ANALYZE) them, so
    that reading postings is an index-only scan at once (until autovacuum has marked the
    new rows visible, each lookup also reads the table: a batch of references took six times
    as long). Outside a transaction only, as VACUUM must be; False where it did nothing."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        for model in (StudyMatchKey, StudyMatchKeyCount, StudyMatchRecord):
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
    return True


# --- Reading ------------------------------------------------------------------------------


# A list sent to PostgreSQL as one text, split there (`_LIST`): an array literal of thousands
# of elements costs PostgreSQL longer to parse than the lookups take. No key holds the
# separator: keys are words and identifiers, which whitespace (\x1f among it) ends.
_SEPARATOR = "\x1f"
_LIST = "string_to_array(%s, E'\\x1f', '')"


def _joined(values) -> str:
    """A list for `_LIST`: None as the empty string, which it reads as NULL."""
    return _SEPARATOR.join("" if value is None else str(value) for value in values)


def _select_by_keys(cursor, sql_pg: str, sql_json: str, keys: list, *extra) -> list:
    if connection.vendor == "postgresql":
        cursor.execute(sql_pg, [_joined(keys), *(_joined(values) for values in extra)])
    else:
        # The keys as one JSON parameter: any number of them in one statement.
        cursor.execute(sql_json, [json.dumps(keys)])
    return cursor.fetchall()


def read_counts(keys: Iterable[str]) -> dict[str, int]:
    """How many studies each key leads to (absent: none), in one query."""
    keys = list(keys)
    if not keys:
        return {}
    table = StudyMatchKeyCount._meta.db_table
    with connection.cursor() as cursor:
        rows = _select_by_keys(
            cursor,
            # Each key looked up through the primary key: given thousands of keys, the planner
            # would rather scan the whole table (2.5 times as long at 100,000 studies). The
            # LIMIT keeps the lookup a nested loop.
            f"SELECT k.key, c.studies FROM unnest({_LIST}) AS k(key) "
            f"CROSS JOIN LATERAL (SELECT studies FROM {table} WHERE key = k.key LIMIT 1) AS c",
            f"SELECT key, studies FROM {table} WHERE key IN (SELECT value FROM json_each(%s))",
            keys,
        )
    return {key: n for key, n in rows if n}


def read_postings(limits: dict[str, int | None]) -> dict[str, list[int]]:
    """Study ids under each key, in id order, at most `limits[key]` of them (None: all), in
    one query whatever the number of keys."""
    found: dict[str, list[int]] = {}
    if not limits:
        return found
    keys = list(limits)
    table = StudyMatchKey._meta.db_table
    with connection.cursor() as cursor:
        rows = _select_by_keys(
            cursor,
            # Each key read through the unique index in id order, stopping at its limit.
            f"SELECT k.key, m.study_id FROM unnest({_LIST}, {_LIST}::int[]) AS k(key, lim) "
            f"CROSS JOIN LATERAL (SELECT study_id FROM {table} WHERE key = k.key "
            f"ORDER BY study_id LIMIT k.lim) AS m",
            f"SELECT key, study_id FROM {table} WHERE key IN (SELECT value FROM json_each(%s))",
            keys,
            [limits[k] for k in keys],
        )
    for key, study_id in rows:
        found.setdefault(key, []).append(study_id)
    for key, ids in found.items():
        ids.sort()
        if limits[key] is not None:
            del ids[limits[key] :]
    return found


class StoredMatchIndex(MatchIndex):
    """The match index of the studies in the database, read on demand (see module doc).

    `prepare(parsed)` reads what a batch of references needs in a few queries and matches
    them; `match` reads what one reference needs if it was not prepared. One instance holds
    what it read, so it serves one batch (a request, a verification run), not a process.
    """

    def __init__(self):
        super().__init__(())
        self._records: dict[int, StudyRecord] = {}
        self._features: dict = {}  # every study read; its record built on first use
        self._unbuilt: dict[int, list] = {}  # packed records not built yet
        # The total the database keeps: counting 100,000 studies took a tenth of a batch's time.
        self._size = library_size()
        self._max_df = max_df(self._size)
        self._fetched: set[str] = set()  # keys whose postings were read
        self._counts: dict[str, int] = {}
        self._counted: set[str] = set()  # keys whose counts were read
        self._matches: dict[ParsedReference, MatchResult] = {}
        self._queries: dict = {}  # a reference's comparison keys, computed once
        # Its rarest title keys and its candidates, asked for once to read the records and
        # again to match: worked out once (the postings they read are fetched first).
        self._rare: dict = {}
        self._candidate_lists: dict = {}

    @property
    def size(self) -> int:
        return self._size

    def get(self, study_id: str) -> StudyRecord | None:
        try:
            pk = int(study_id)
        except (TypeError, ValueError):
            return None
        self.load([pk])
        return self._record(pk) if pk in self._features else None

    def _record(self, idx: int) -> StudyRecord:
        if idx not in self._records:
            try:
                self._records[idx] = unpack_record(str(idx), self._unbuilt.pop(idx))
            except (ValueError, TypeError):
                # Its keys were read but not its fields (a packed text edited by hand): the
                # record from the study's fields.
                values = _record_values([idx])
                if not values:  # and the study deleted since: its keys are all there is
                    keys = self._features[idx]
                    values = [{"id": idx, "title": keys.title, "year": keys.year}]
                self._records[idx] = study_record(values[0])
        return self._records[idx]

    def prepare(self, parsed: Iterable[ParsedReference]) -> list[MatchResult]:
        """Match a batch of references, reading their keys' postings in one pass and their
        candidates' records in another."""
        parsed = list(parsed)
        self._fetch_postings(parsed)
        pool: set[int] = set()
        for reference in parsed:
            pool.update(self._pool(reference))
        self.load(pool)
        for reference in parsed:
            if reference not in self._matches:
                self._matches[reference] = super().match(reference)
        return [self._matches[reference] for reference in parsed]

    def match(self, parsed: ParsedReference) -> MatchResult:
        if parsed not in self._matches:
            self.prepare([parsed])
        return self._matches[parsed]

    def identifier_conflicts(self, parsed, record, **kwargs):
        self._fetch_postings([parsed])
        return super().identifier_conflicts(parsed, record, **kwargs)

    def _match(self, parsed: ParsedReference, exhaustive: bool) -> MatchResult:
        if exhaustive:
            raise NotImplementedError("naive matching scans an index built in memory")
        return super()._match(parsed, exhaustive)

    def _query(self, parsed: ParsedReference):
        if parsed not in self._queries:
            self._queries[parsed] = reference_features(parsed)
        return self._queries[parsed]

    def _fetch_postings(self, parsed: list[ParsedReference]) -> None:
        """Read, for these references, how common their title words are, then the postings
        of their rarest words and of their other keys: two queries for the whole batch."""
        usable = [p for p in parsed if not p.unparseable]
        words = {key for p in usable for key in title_keys(self._query(p))}
        words -= self._counted
        if words:
            self._counts.update(read_counts(words))
            self._counted.update(words)
        # A reference that names nothing else may name a trial ("the KARE trial").
        limits: dict[str, int | None] = {
            key: None for p in parsed if p.unparseable for key in trial_keys(p)
        }
        for reference in usable:
            q = self._query(reference)
            limits.update(lookup_keys(reference, q))
            limits.update(dict.fromkeys((key for _df, key in self._rare_title_keys(q)), None))
        missing = {k: v for k, v in limits.items() if k not in self._fetched}
        if missing:
            self._postings.update(read_postings(missing))
            self._fetched.update(missing)

    def _df(self, key: str) -> int:
        return self._counts.get(key, 0)

    def _rare_title_keys(self, q):
        if q not in self._rare:
            self._rare[q] = super()._rare_title_keys(q)
        return self._rare[q]

    def _candidates(self, q):
        if q not in self._candidate_lists:
            self._candidate_lists[q] = super()._candidates(q)
        return self._candidate_lists[q]

    def _pool(self, parsed: ParsedReference) -> set[int]:
        """The records matching will read for this reference (its postings fetched)."""
        if parsed.unparseable:
            return set(self._trial_hits(parsed))
        hits, pmcid_as_pmid = self._identifier_hits(parsed)
        return {*self._candidates(self._query(parsed)), *hits, *pmcid_as_pmid, *self._trial_hits(parsed)}

    def load(self, ids: Iterable[int]) -> None:
        """Read the records of these studies, those not read yet: packed when the study was
        saved, in one query; a study packed by other code (or not at all), from its fields
        in a second."""
        # Not `set(ids) - self._features.keys()`: that walks every study read so far, and
        # `get` loads one study at a time.
        missing = sorted({pk for pk in ids if pk not in self._features})
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start : start + CHUNK]
            for pk, text in _packed_records(chunk):
                try:
                    self._features[pk], self._unbuilt[pk] = unpack(text)
                except (ValueError, TypeError):
                    pass  # a record written by hand or cut short: read from the fields below
            unpacked = [pk for pk in chunk if pk not in self._features]
            if unpacked:
                for values in _record_values(unpacked):
                    record = study_record(values)
                    self._records[values["id"]] = record
                    self._features[values["id"]] = record_features(record)


def _packed_records(ids: list[int]) -> list[tuple[int, str]]:
    """The records of these studies packed by this code, in one query."""
    table = StudyMatchRecord._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT study_id, packed FROM {table} "
                f"WHERE study_id = ANY({_LIST}::bigint[]) AND packer = %s",
                [_joined(ids), PACKER],
            )
        else:
            cursor.execute(
                f"SELECT study_id, packed FROM {table} "
                f"WHERE study_id IN (SELECT value FROM json_each(%s)) AND packer = %s",
                [json.dumps(ids), PACKER],
            )
        return cursor.fetchall()


def _record_values(ids: list[int]) -> list[dict]:
    """The matched fields of these studies, in one query with the ids as one parameter (the
    ORM's `pk__in` spends longer building thousands of placeholders than the query takes)."""
    columns = ", ".join(Study._meta.get_field(name).column for name in RECORD_FIELDS)
    table = Study._meta.db_table
    with connection.cursor() as cursor:
        rows = _select_by_keys(
            cursor,
            f"SELECT id, {columns} FROM {table} WHERE id = ANY({_LIST}::bigint[])",
            f"SELECT id, {columns} FROM {table} WHERE id IN (SELECT value FROM json_each(%s))",
            ids,
        )
    found = []
    for row in rows:
        values = dict(zip(("id", *RECORD_FIELDS), row, strict=True))
        if isinstance(values["authors"], str):  # SQLite hands JSON back as text
            values["authors"] = json.loads(values["authors"])
        found.append(values)
    return found


class StoredFacts:
    """The facts that decide a status (kind of source, topic, standing, label), by study id,
    read from the database for the studies asked about. Answers `get` and `len` like the
    dict of every study's facts that a test or a benchmark builds in memory."""

    def __init__(self, *, size: int):
        self._size = size
        self._facts: dict[int, StudyFacts | None] = {}

    def __len__(self) -> int:
        return self._size

    def load(self, ids: Iterable[int]) -> None:
        missing = sorted({pk for pk in ids if pk not in self._facts})
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start : start + CHUNK]
            self._facts.update(dict.fromkeys(chunk))
            substances: dict[int, list[str]] = {}
            # The ids as one parameter (core.db.InList): a batch reads hundreds of studies.
            links = Study.substances.through.objects.filter(study_id__in_list=chunk)
            for study_id, code in links.values_list("study_id", "substance_id"):
                substances.setdefault(study_id, []).append(code)
            # Plain values, not model instances.
            for values in Study.objects.filter(pk__in_list=chunk).values("id", *FACT_FIELDS):
                self._facts[values["id"]] = row_facts(values, substances=substances.get(values["id"], ()))

    def get(self, study_id: int, default=None) -> StudyFacts | None:
        self.load([study_id])
        found = self._facts.get(study_id)
        return default if found is None else found
