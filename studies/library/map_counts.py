"""The evidence map's counts, kept in the database.

The map counts research studies by substance, design and finding. Counting them on every
request grows with the library (150 ms for 100,000 studies, on every home page), so each
cell's count is a row of EvidenceMapCount, and each finding's total (every study once) a row
of EvidenceMapTotal, changed in the same transaction as the study.

What a study adds to the counts is its *placement*: whether it is research, its design, its
finding and its substances. Every write that can change one of them reads the placements of
the studies it touches before and after, and adds the difference: saves and deletes of a
study and changes of its substances, through signals (studies.apps), and the services'
`.update()`s through `recounted`. Rows written around all of them (fixtures, SQL, a
bulk_create) are followed by `rebuild_map_counts` (manage.py index_library).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

from studies.constants import MAP_SOURCE_KINDS
from studies.models import EvidenceMapCount, EvidenceMapTotal, Study


@dataclass(frozen=True)
class Placement:
    """Where one research study sits on the map."""

    design: str
    finding: str
    substances: frozenset[str]  # empty: the study names none


def contribution(placement: Placement | None) -> tuple[Counter, Counter]:
    """What one study adds to the cells, {(substance, design, finding): 1}, and to the
    totals, {finding: 1}. A study naming no substance sits in the cell of substance ""."""
    if placement is None:
        return Counter(), Counter()
    cells = Counter((s, placement.design, placement.finding) for s in placement.substances or {""})
    return cells, Counter({placement.finding: 1})


def difference(before: dict[int, Placement], after: dict[int, Placement]) -> tuple[Counter, Counter]:
    """The change of every cell and total when studies move from `before` to `after`
    (a study absent from one is not research there): zero changes left out."""
    cells, totals = Counter(), Counter()
    for study_id in set(before) | set(after):
        old, new = before.get(study_id), after.get(study_id)
        if old == new:
            continue
        old_cells, old_totals = contribution(old)
        new_cells, new_totals = contribution(new)
        for key in old_cells.keys() | new_cells.keys():
            cells[key] += new_cells[key] - old_cells[key]
        for key in old_totals.keys() | new_totals.keys():
            totals[key] += new_totals[key] - old_totals[key]
    return (
        Counter({k: v for k, v in cells.items() if v}),
        Counter({k: v for k, v in totals.items() if v}),
    )


def placements(study_ids: Iterable[int]) -> dict[int, Placement]:
    """The placement of each research study among `study_ids`, in one query."""
    ids = set(study_ids)
    if not ids:
        return {}
    rows = (
        Study.objects.filter(pk__in=ids, source_kind__in=MAP_SOURCE_KINDS)
        .values_list("id", "design_code", "finding", "substances__code")
        .order_by()
    )
    found: dict[int, tuple[str, str, set]] = {}
    for study_id, design, finding, substance in rows:
        entry = found.setdefault(study_id, (design, finding, set()))
        if substance:
            entry[2].add(substance)
    return {
        study_id: Placement(design=design, finding=finding, substances=frozenset(substances))
        for study_id, (design, finding, substances) in found.items()
    }


# A count that falls never goes below zero: counts left behind by rows deleted in SQL must
# not make the next save of a study fail (manage.py index_library counts them again).
_LESS = "CASE WHEN studies > %s THEN studies - %s ELSE 0 END"


def apply(cells: Counter, totals: Counter) -> None:
    """Add the changes to the stored counts, in key order (two transactions changing the
    same counts take their row locks in the same order). A count only falls on a row that
    its study's earlier rise wrote, so a fall is an update; a rise may be a new row."""
    count_table = EvidenceMapCount._meta.db_table
    total_table = EvidenceMapTotal._meta.db_table
    with connection.cursor() as cursor:
        for (substance, design, finding), change in sorted(cells.items()):
            if change > 0:
                cursor.execute(
                    f"INSERT INTO {count_table} (substance, design_code, finding, studies) "
                    f"VALUES (%s, %s, %s, %s) ON CONFLICT (substance, design_code, finding) "
                    f"DO UPDATE SET studies = {count_table}.studies + excluded.studies",
                    [substance, design, finding, change],
                )
            else:
                cursor.execute(
                    f"UPDATE {count_table} SET studies = {_LESS} "
                    f"WHERE substance = %s AND design_code = %s AND finding = %s",
                    [-change, -change, substance, design, finding],
                )
        for finding, change in sorted(totals.items()):
            if change > 0:
                cursor.execute(
                    f"INSERT INTO {total_table} (finding, studies) VALUES (%s, %s) ON CONFLICT "
                    f"(finding) DO UPDATE SET studies = {total_table}.studies + excluded.studies",
                    [finding, change],
                )
            else:
                cursor.execute(
                    f"UPDATE {total_table} SET studies = {_LESS} WHERE finding = %s",
                    [-change, -change, finding],
                )


@contextmanager
def recounted(study_ids: Iterable[int]):
    """Count again what the block changes of these studies' placements (for writes that
    send no signal, such as a queryset's update)."""
    ids = set(study_ids)
    with transaction.atomic():
        before = placements(ids)
        yield
        apply(*difference(before, placements(ids)))


def rebuild_map_counts(*, study_model=Study, count_model=EvidenceMapCount, total_model=EvidenceMapTotal) -> int:
    """Count every cell and total again from the studies (after rows were written without
    signals); returns the number of cells. The models may be a migration's historical ones."""
    studies = study_model._meta.db_table
    through = study_model._meta.get_field("substances").remote_field.through._meta.db_table
    kinds = ", ".join(["%s"] * len(MAP_SOURCE_KINDS))
    with transaction.atomic(), connection.cursor() as cursor:
        count_model.objects.all().delete()
        total_model.objects.all().delete()
        cursor.execute(
            f"INSERT INTO {count_model._meta.db_table} (substance, design_code, finding, studies) "
            f"SELECT COALESCE(t.substance_id, ''), s.design_code, s.finding, COUNT(*) "
            f"FROM {studies} s LEFT JOIN {through} t ON t.study_id = s.id "
            f"WHERE s.source_kind IN ({kinds}) "
            f"GROUP BY COALESCE(t.substance_id, ''), s.design_code, s.finding",
            list(MAP_SOURCE_KINDS),
        )
        cursor.execute(
            f"INSERT INTO {total_model._meta.db_table} (finding, studies) "
            f"SELECT finding, COUNT(*) FROM {studies} WHERE source_kind IN ({kinds}) GROUP BY finding",
            list(MAP_SOURCE_KINDS),
        )
    return count_model.objects.count()


def read_map_counts() -> tuple[dict, dict]:
    """The cells, {(substance or "", design): {finding: studies}}, and the totals,
    {finding: studies}, in two queries that read only the counts."""
    cells: dict = {}
    for substance, design, finding, n in EvidenceMapCount.objects.filter(studies__gt=0).values_list(
        "substance", "design_code", "finding", "studies"
    ):
        cells.setdefault((substance, design), {})[finding] = n
    totals = dict(EvidenceMapTotal.objects.filter(studies__gt=0).values_list("finding", "studies"))
    return cells, totals


# --- Signals ------------------------------------------------------------------------------
# The placement before a write is kept on the instance written (a study, or the substance of
# a reverse m2m change) until the write's post signal adds the difference.


def before_study_save(sender, instance, raw=False, **kwargs):
    if not raw:
        instance._map_before = placements([instance.pk]) if instance.pk else {}


def after_study_save(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_map_before", None)
    if raw or before is None:
        return
    del instance._map_before
    apply(*difference(before, placements([instance.pk])))


def before_study_delete(sender, instance, **kwargs):
    # The study's cells lose it now; its substances' rows go by cascade, with no signal.
    apply(*difference(placements([instance.pk]), {}))


def _changed_studies(instance, reverse, pk_set) -> set[int]:
    if not reverse:
        return {instance.pk}
    if pk_set is not None:
        return set(pk_set)
    return set(instance.studies.values_list("pk", flat=True))  # a substance's clear()


def substances_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """m2m_changed receiver for Study.substances, from either side."""
    if action in ("pre_add", "pre_remove", "pre_clear"):
        ids = _changed_studies(instance, reverse, pk_set)
        instance._map_substance_change = (ids, placements(ids))
    elif action in ("post_add", "post_remove", "post_clear"):
        ids, before = getattr(instance, "_map_substance_change", (set(), {}))
        instance._map_substance_change = (set(), {})
        apply(*difference(before, placements(ids)))


def before_substance_delete(sender, instance, **kwargs):
    # Its studies' rows of it go by cascade, with no m2m signal.
    ids = set(instance.studies.values_list("pk", flat=True))
    instance._map_substance_change = (ids, placements(ids))


def after_substance_delete(sender, instance, **kwargs):
    ids, before = getattr(instance, "_map_substance_change", (set(), {}))
    apply(*difference(before, placements(ids)))
