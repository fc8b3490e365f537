"""The editor services of the literature: a study and its outcomes, added, changed, deleted.

Each service takes keyword arguments, runs in one transaction, records who made the change in
history, and saves only what changed (`core.saving`). A change to what a study is tells the
rest of the project when the transaction commits (`studies.signals.study_changed`), so that
the citations pointing at it are checked again and the claims it bears on reassessed; so does
a change to what it found (its outcomes). Input that cannot be accepted raises Django's
ValidationError naming the field; a row that does not exist raises `core.errors.NotFound`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.saving import (
    changed_fields,
    check_version,
    history_held,
    locked,
    record_history,
    save_changes,
)
from studies.findings import headline
from studies.formats.records import normalise_pages
from studies.library.map_counts import recounted
from studies.models import Outcome, Study, Substance
from studies.signals import study_changed, study_deleting

TOPIC_FIELDS = ("about_ketamine", "about_substance_use")


def substances_by_code(codes) -> list[Substance]:
    """The Substance rows of these codes, in their order; a ValidationError on `substances`
    naming the codes that are not known."""
    codes = list(dict.fromkeys(codes or ()))
    found = {s.code: s for s in Substance.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ValidationError({"substances": f"Unknown substance code(s): {', '.join(unknown)}."})
    return [found[code] for code in codes]


def _save(row, values: dict, *, user, note: str) -> list[str]:
    """Set what differs, validate as the model does, save; the names that changed."""
    return save_changes(row, values, reason=note, user=user, validate=True)


def _tell(study_ids, *, substances=()) -> None:
    """Send `study_changed` on commit; `substances` are codes the studies were about before
    the change (the claims about those, too, may have drawn on them)."""
    ids, codes = sorted(set(study_ids)), sorted(set(substances))
    transaction.on_commit(lambda: study_changed.send(sender=Study, study_ids=ids, substances=codes))


def save_study(
    *, user, study_id: int | None = None, values: dict, substances=None, note="",
    topic_by: str = "editor", version: int | None = None,
) -> Study:  # fmt: skip
    """Add a study (no `study_id`) or change one. A topic set here is the editor's
    (`topic_source`), so no classifier overwrites it later; the registry service says
    `topic_by="importer"` for a topic its classifier decided."""
    values = dict(values)
    if values.get("key") == "":
        # No key, as the admin's form reads a blank one: the key is unique, and "" stored
        # would be one study's, refusing every other study sent without a key.
        values["key"] = None
    if "pages" in values:
        # A range as the import stores it ("1--2" is 1-2): the exports write their own dash.
        values["pages"] = normalise_pages(values["pages"])
    with transaction.atomic():
        study = Study() if study_id is None else locked(Study, study_id, "study")
        check_version(study, version, "study")
        rows = substances_by_code(substances) if substances is not None else None
        # A substance's key is its code.
        held = set(study.substances.values_list("pk", flat=True)) if study.pk else set()
        new_substances = rows is not None and {s.pk for s in rows} != held
        if changed_fields(study, values) or study.pk is None or new_substances:
            # An editor's change moves the version on: its substances too, so that a stale
            # form cannot put back the ones another editor took off.
            values["version"] = study.version + 1
        if any(name in values and getattr(study, name) != values[name] for name in TOPIC_FIELDS):
            values["topic_source"] = topic_by
        # The row and its substances are one change: one history row, written once both are.
        with history_held(study):
            changed = _save(
                study, values, user=user,
                note=note or ("study added by an editor" if study_id is None else "study changed by an editor"),
            )  # fmt: skip
            if new_substances:
                study.substances.set(rows)
                changed.append("substances")
        if changed:
            record_history(study, created=study_id is None)
            _tell([study.pk], substances=held)  # a new study, too, may bear on claims
    return study


def delete_study(*, study_id: int, user, note: str = "", version: int | None = None) -> None:
    """Delete a study; the citations matched to it are checked again (they now point nowhere)."""
    with transaction.atomic():
        study = locked(Study, study_id, "study")
        check_version(study, version, "study")
        study_deleting.send(sender=Study, study_ids=[study_id], user=user)
        study._history_user = user
        study._change_reason = note or "study deleted by an editor"
        study.delete()
        _tell([study_id])


def refresh_findings(study_ids) -> None:
    """Store on each study what it found on its headline outcome, after its outcomes
    changed: a derived column, written without a history row of its own."""
    ids = set(study_ids)
    with recounted(ids):  # an update sends no signal: the map's counts follow it here
        for study in Study.objects.filter(pk__in=ids).prefetch_related("outcomes").only("id", "finding"):
            finding = headline(study.outcomes.all()).finding
            if finding != study.finding:
                Study.objects.filter(pk=study.pk).update(finding=finding)


def save_outcome(
    *, user, outcome_id: int | None = None, values: dict, note: str = "", version: int | None = None
) -> Outcome:
    """Add an outcome to a study (no `outcome_id`) or change one; a change from an older
    `version` than the row's is refused (another editor changed it meanwhile)."""
    values = dict(values)
    with transaction.atomic():
        outcome = Outcome() if outcome_id is None else locked(Outcome, outcome_id, "outcome")
        check_version(outcome, version, "outcome")
        if outcome.pk is None or changed_fields(outcome, values):
            values["version"] = outcome.version + 1
        before = outcome.study_id
        changed = _save(
            outcome, values, user=user,
            note=note or ("outcome added by an editor" if outcome_id is None else "outcome changed by an editor"),
        )  # fmt: skip
        if changed:
            refresh_findings({outcome.study_id, before} - {None})
            # What a study found is what claims are judged against.
            _tell({outcome.study_id, before} - {None})
    return outcome


def delete_outcome(*, outcome_id: int, user, note: str = "", version: int | None = None) -> None:
    with transaction.atomic():
        outcome = locked(Outcome, outcome_id, "outcome")
        check_version(outcome, version, "outcome")
        outcome._history_user = user
        outcome._change_reason = note or "outcome deleted by an editor"
        outcome.delete()
        refresh_findings([outcome.study_id])
        _tell([outcome.study_id])
