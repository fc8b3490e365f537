"""The curated library: studies and outcomes written from records an editor checked by hand.

`save_curated_library(library=..., extras=..., outcomes=...)` upserts studies by their key
(adopting a study imported earlier without a key but with the record's DOI, PMID or PMCID),
deletes the curated studies no longer in the library, and replaces a study's outcomes when
they differ, all in the caller's transaction. A row is saved only when one of its fields
differs (`core.saving`), so saving the same library twice writes nothing and adds no
history. The seed corpus (`claims.seed_corpus`) hands its library here.
"""

import re

from django.core.exceptions import ValidationError

from core.saving import changed_fields, history_held, record_history
from studies.library.editing import refresh_findings
from studies.models import Outcome, Study, Substance
from studies.references.identifiers import normalise_doi, normalise_pmcid, normalise_pmid
from studies.signals import study_deleting

OUTCOME_FIELDS = (
    "measure", "time_point", "arms", "effect_measure", "estimate", "ci_low", "ci_high",
    "p_value", "p_value_text", "direction", "primary", "source_text", "position",
)  # fmt: skip


class CuratedRecordError(ValueError):
    """A curated record cannot be saved; the message names the record and the problem."""


def _blank(value):
    """Model text fields hold '' for unknown; the records hold null."""
    return "" if value is None else value


def p_value_from_text(text):
    """The number of a p-value as written ('<0.01', '=0.012'), or None if there is none."""
    if not text:
        return None
    found = re.fullmatch(r"\s*[<=≤]?\s*(\d*\.?\d+)\s*", text)
    return float(found.group(1)) if found else None


def study_values(record, extras, label="library.json"):
    """Study field values for one library record and its curated extras (substances,
    route code, N)."""
    topic = record.get("topic") or {}
    appraisal = record.get("appraisal") or {}
    doi = normalise_doi(record.get("doi"))
    if record.get("doi") and not doi:
        raise CuratedRecordError(f"{label}: record {record['key']!r}: unusable DOI {record['doi']!r}")
    pmid = normalise_pmid(record.get("pmid"))
    if record.get("pmid") and not pmid:
        raise CuratedRecordError(
            f"{label}: record {record['key']!r}: unusable PMID {record['pmid']!r}"
        )
    pmcid = normalise_pmcid(record.get("pmcid"))
    if record.get("pmcid") and not pmcid:
        raise CuratedRecordError(
            f"{label}: record {record['key']!r}: unusable PMCID {record['pmcid']!r}"
        )
    n_text = appraisal.get("n")
    return {
        "work_type": record.get("type") or "article-journal",
        "title": record["title"],
        "authors": record.get("authors") or [],
        "container_title": _blank(record.get("container_title")),
        "year": record.get("year"),
        "volume": _blank(record.get("volume")),
        "issue": _blank(record.get("issue")),
        "pages": _blank(record.get("pages")),
        "doi": doi or "",
        "pmid": pmid or "",
        "pmcid": pmcid or "",
        "url": _blank(record.get("url")),
        "trial_names": ", ".join(record.get("trial_names") or []),
        "source_kind": record["source_kind"],
        "about_ketamine": topic.get("about_ketamine"),
        "about_substance_use": topic.get("about_substance_use"),
        "topic_summary": _blank(topic.get("summary")),
        "topic_source": "curated",
        "design_code": appraisal.get("design_code") or "unknown",
        "design": _blank(appraisal.get("design")),
        "sample_size_text": "" if n_text is None else str(n_text),
        "n": extras["n"],
        "n_studies": extras["n_studies"],
        "arms": _blank(appraisal.get("arms")),
        "population": _blank(appraisal.get("population")),
        "intervention": _blank(appraisal.get("intervention")),
        "route": _blank(appraisal.get("route")),
        "route_code": _blank(extras["route_code"]),
        "dose": _blank(appraisal.get("dose")),
        "comparator": _blank(appraisal.get("comparator")),
        "duration": _blank(appraisal.get("duration")),
        "follow_up": _blank(appraisal.get("follow_up")),
        "outcomes_summary": _blank(appraisal.get("outcomes")),
        "confirmed_from": record.get("confirmed_from") or [],
        "record_confidence": _blank(record.get("confidence")),
        "notes": _blank(record.get("notes")),
    }


def outcome_values(row, position):
    return {
        "measure": row["measure"],
        "time_point": _blank(row["time_point"]),
        "arms": row["arms"],
        "effect_measure": _blank(row["effect_measure"]),
        "estimate": row["estimate"],
        "ci_low": row["ci_low"],
        "ci_high": row["ci_high"],
        "p_value": p_value_from_text(row["p_value_text"]),
        "p_value_text": _blank(row["p_value_text"]),
        "direction": row["direction"],
        "primary": row["primary"],
        "source_text": row["source_text"],
        "position": position,
    }


def refused(exc: ValidationError) -> str:
    """A model's refusal in words: 'url: Enter a valid URL.'."""
    if hasattr(exc, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def _counts():
    return {"created": 0, "updated": 0, "deleted": 0, "unchanged": 0}


class _Library:
    def __init__(self, *, reason, prefix):
        self.reason = reason
        self.prefix = prefix  # messages name files as the corpus does: corpus/<file>
        self.counts = {"studies": _counts(), "outcomes": _counts()}

    def save(self, obj, values, label):
        """Set the values, validate the row as the model does and save it."""
        for name, value in values.items():
            setattr(obj, name, value)
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise CuratedRecordError(f"{label}: refused by the model: {refused(exc)}") from None
        obj._change_reason = self.reason
        obj.save()

    def studies(self, library, extras, substances):
        existing = {s.key: s for s in Study.objects.filter(key__in=list(library))}
        studies = {}
        for key, record in library.items():
            label = f"{self.prefix}/library.json: record {key!r}"
            values = study_values(record, extras[key], f"{self.prefix}/library.json")
            study = existing.get(key) or _adoptable(values)
            values = {"key": key, **values}
            # The row and its substances are one change: one history row, written once both are.
            created = study is None
            study = study or Study()
            with history_held(study):
                if created:
                    self.save(study, values, label)
                    status = "created"
                elif changed_fields(study, values):
                    self.save(study, values, label)
                    status = "updated"
                else:
                    status = "unchanged"
                wanted = {substances[code] for code in extras[key]["substances"]}
                if set(study.substances.all()) != wanted:
                    study._change_reason = self.reason
                    study.substances.set(wanted)
                    status = "updated" if status == "unchanged" else status
            if status != "unchanged":
                record_history(study, created=created)
            self.counts["studies"][status] += 1
            studies[key] = study
        # Curated studies carry a key; those no longer in the library go. Their citations
        # let go of them first (a verified citation must have a study), as when an editor
        # deletes a study, and are checked again once the load commits.
        gone = list(
            Study.objects.exclude(key__isnull=True).exclude(key="").exclude(key__in=list(library))
        )
        if gone:
            study_deleting.send(sender=Study, study_ids=[study.pk for study in gone], user=None)
        for study in gone:
            study._change_reason = self.reason
            study.delete()
            self.counts["studies"]["deleted"] += 1
        return studies

    def outcomes(self, studies, rows):
        wanted = {key: [] for key in studies}
        for row in rows:
            wanted[row["study"]].append(row)
        for key, study in studies.items():
            desired = [outcome_values(row, pos) for pos, row in enumerate(wanted[key], start=1)]
            current = [
                {name: getattr(o, name) for name in OUTCOME_FIELDS}
                for o in study.outcomes.order_by("position", "id")
            ]
            if current == desired:
                self.counts["outcomes"]["unchanged"] += len(desired)
                continue
            for outcome in study.outcomes.all():
                outcome._change_reason = self.reason
                outcome.delete()
                self.counts["outcomes"]["deleted"] += 1
            for pos, values in enumerate(desired, start=1):
                label = f"{self.prefix}/outcomes.yaml: outcome of {key!r} #{pos}"
                self.save(Outcome(study=study), values, label)
                self.counts["outcomes"]["created"] += 1
            refresh_findings([study.pk])


def _adoptable(values):
    """A study imported without a key but with the record's DOI, PMID or PMCID, if any."""
    for field in ("doi", "pmid", "pmcid"):
        if values[field]:
            found = Study.objects.filter(key__isnull=True, **{field: values[field]}).first()
            if found is not None:
                return found
    return None


def save_curated_library(*, library, extras, outcomes, reason, prefix="corpus"):
    """Save the curated studies and their outcomes; run it inside the caller's transaction.

    `library`: {key: library.json record}; `extras`: {key: {"substances", "route_code", "n",
    "n_studies"}}; `outcomes`: rows of outcomes.yaml. Returns ({key: Study}, counts), counts
    being {"studies"|"outcomes": {"created", "updated", "deleted", "unchanged"}}. Raises
    CuratedRecordError naming the record when a record cannot be saved.
    """
    substances = {s.code: s for s in Substance.objects.all()}
    missing = sorted(
        {code for extra in extras.values() for code in extra["substances"]} - set(substances)
    )
    if missing:
        raise CuratedRecordError(f"no Substance rows for code(s): {', '.join(missing)}")
    saving = _Library(reason=reason, prefix=prefix)
    studies = saving.studies(library, extras, substances)
    saving.outcomes(studies, outcomes)
    return studies, saving.counts
