"""Load the seed corpus (``corpus/``) into the database.

``load_corpus(path=...)`` reads and validates the whole corpus first (``claims.seed_corpus.reader``), so a
malformed file is refused before anything is written; then, in one transaction, it upserts
studies by key, replaces a study's outcomes when they differ, and upserts articles, citations,
claims and their links by key, deleting the corpus rows that are no longer in the files.
A row is saved only when one of its fields differs from the files, so loading the same corpus
twice writes nothing (and adds no history).

The loader writes what the files hold and nothing computed: citation statuses, matches,
flags and verdicts are left to verification. The corpus's identification of a citation's
study is an editor's (``Citation.editor_study``).
"""

import re
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Citation, Claim, ClaimCitation, SourceArticle
from claims.seed_corpus.reader import CorpusError, read_corpus
from studies.models import Outcome, Study, Substance
from studies.references.identifiers import normalise_doi, normalise_pmid

# Recorded as the history change reason of every row the loader writes; it also tells which
# articles came from the corpus (and may therefore be deleted when their file goes).
CHANGE_REASON = "load_corpus"

KINDS = ("studies", "outcomes", "articles", "citations", "claims", "links")
OUTCOME_FIELDS = (
    "measure",
    "time_point",
    "arms",
    "effect_measure",
    "estimate",
    "ci_low",
    "ci_high",
    "p_value",
    "p_value_text",
    "direction",
    "primary",
    "source_text",
    "position",
)


def default_corpus_dir():
    return Path(settings.BASE_DIR) / "corpus"


def load_corpus(*, path=None):
    """Load the corpus at path (default: the project's corpus/ directory).

    Returns counts: {kind: {"created": n, "updated": n, "deleted": n, "unchanged": n}} for
    studies, outcomes, articles, citations, claims and links. Raises CorpusError, with
    nothing written, when a file is malformed or a row is refused by the models.
    """
    root = Path(path) if path else default_corpus_dir()
    data = read_corpus(root)
    loader = _Loader(prefix=root.name)
    with transaction.atomic():
        loader.load(data)
    return loader.counts


def _blank(value):
    """Model text fields hold '' for unknown; the corpus holds null."""
    return "" if value is None else value


def p_value_from_text(text):
    """The number of a p-value as written ('<0.01', '=0.012'), or None if there is none."""
    if not text:
        return None
    found = re.fullmatch(r"\s*[<=≤]?\s*(\d*\.?\d+)\s*", text)
    return float(found.group(1)) if found else None


def study_values(record, extras, label="library.json"):
    """Study field values for one library record and its studies.yaml entry."""
    topic = record.get("topic") or {}
    appraisal = record.get("appraisal") or {}
    doi = normalise_doi(record.get("doi"))
    if record.get("doi") and not doi:
        raise CorpusError(f"{label}: record {record['key']!r}: unusable DOI {record['doi']!r}")
    pmid = normalise_pmid(record.get("pmid"))
    if record.get("pmid") and not pmid:
        raise CorpusError(f"{label}: record {record['key']!r}: unusable PMID {record['pmid']!r}")
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
        "url": _blank(record.get("url")),
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


class _Loader:
    def __init__(self, prefix="corpus"):
        self.prefix = prefix  # messages name files as the reader does: corpus/<file>
        self.counts = {
            kind: {"created": 0, "updated": 0, "deleted": 0, "unchanged": 0} for kind in KINDS
        }
        self.substances = {}

    # --- row helpers ---------------------------------------------------------------

    def _save(self, obj, label):
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise CorpusError(f"{label}: refused by the model: {_messages(exc)}") from None
        obj._change_reason = CHANGE_REASON
        obj.save()

    def _delete(self, kind, objects):
        for obj in objects:
            obj._change_reason = CHANGE_REASON
            obj.delete()
            self.counts[kind]["deleted"] += 1

    def _upsert(self, kind, obj, model, lookup, values, label):
        """Create the row, or update the fields that differ; obj is the existing row or None.

        Returns (row, "created" | "updated" | "unchanged")."""
        if obj is None:
            obj = model(**lookup, **values)
            self._save(obj, label)
            self.counts[kind]["created"] += 1
            return obj, "created"
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if not changed:
            self.counts[kind]["unchanged"] += 1
            return obj, "unchanged"
        for name in changed:
            setattr(obj, name, values[name])
        self._save(obj, label)
        self.counts[kind]["updated"] += 1
        return obj, "updated"

    def _set_substances(self, obj, codes):
        wanted = {self.substances[code] for code in codes}
        if set(obj.substances.all()) != wanted:
            obj._change_reason = CHANGE_REASON
            obj.substances.set(wanted)
            return True
        return False

    # --- the load --------------------------------------------------------------------

    def load(self, data):
        self.substances = {s.code: s for s in Substance.objects.all()}
        wanted_codes = {
            code for extras in data["studies"].values() for code in extras["substances"]
        }
        wanted_codes |= {
            code for a in data["articles"] for c in a["claims"] for code in c["substances"]
        }
        missing = sorted(wanted_codes - set(self.substances))
        if missing:
            raise CorpusError(f"no Substance rows for code(s): {', '.join(missing)}")

        studies = self.load_studies(data["library"], data["studies"])
        self.load_outcomes(studies, data["outcomes"])
        keep_articles = set()
        for article in data["articles"]:
            keep_articles.add(self.load_article(article, studies).pk)
        loaded_before = SourceArticle.history.filter(
            history_type="+", history_change_reason=CHANGE_REASON
        ).values_list("id", flat=True)
        self._delete(
            "articles",
            SourceArticle.objects.filter(pk__in=set(loaded_before)).exclude(pk__in=keep_articles),
        )

    def load_studies(self, library, extras):
        existing = {s.key: s for s in Study.objects.filter(key__in=list(library))}
        studies = {}
        for key, record in library.items():
            values = study_values(record, extras[key], f"{self.prefix}/library.json")
            label = f"{self.prefix}/library.json: record {key!r}"
            obj = existing.get(key) or self._adoptable_study(values)
            lookup = {} if obj is not None else {"key": key}
            if obj is not None and obj.key != key:
                values = {"key": key, **values}
            obj, status = self._upsert("studies", obj, Study, lookup, values, label)
            if self._set_substances(obj, extras[key]["substances"]):
                self._count_m2m_update("studies", status)
            studies[key] = obj
        # Curated studies carry a key; those no longer in the library go.
        self._delete(
            "studies",
            Study.objects.exclude(key__isnull=True).exclude(key="").exclude(key__in=list(library)),
        )
        return studies

    def _adoptable_study(self, values):
        """A study imported without a key but with the record's DOI or PMID, if any."""
        for field in ("doi", "pmid"):
            if values[field]:
                found = Study.objects.filter(key__isnull=True, **{field: values[field]}).first()
                if found is not None:
                    return found
        return None

    def load_outcomes(self, studies, rows):
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
            self._delete("outcomes", list(study.outcomes.all()))
            for pos, values in enumerate(desired, start=1):
                label = f"{self.prefix}/outcomes.yaml: outcome of {key!r} #{pos}"
                self._save(Outcome(study=study, **values), label)
                self.counts["outcomes"]["created"] += 1

    def load_article(self, article, studies):
        label = f"{self.prefix}/articles/{article['key']}.yaml: article {article['key']!r}"
        obj = SourceArticle.objects.filter(key=article["key"]).first()
        published = article["published"]
        values = {
            "title": article["title"],
            "publisher": _blank(article["publisher"]),
            "author": _blank(article["author"]),
            "url": _blank(article["url"]),
            "published_on": date.fromisoformat(published) if published else None,
            "captured_text": article["text"],
            "content_hash": article["content_hash"],
        }
        obj, _ = self._upsert(
            "articles", obj, SourceArticle, {"key": article["key"]}, values, label
        )

        citations = self.load_citations(obj, article, studies)
        self.load_claims(obj, article, citations)
        return obj

    def load_citations(self, article_obj, article, studies):
        existing = {c.key: c for c in article_obj.citations.all()}
        by_key = {}
        for citation in article["citations"]:
            label = f"{self.prefix}/articles/{article['key']}.yaml: citation {citation['key']!r}"
            study = studies[citation["study"]] if citation["study"] else None
            values = {
                "marker": citation["marker"],
                "raw_text": citation["raw_text"],
                "location": citation["location"],
                "position": citation["position"],
                "editor_study_id": study.pk if study else None,
                "editor_note": citation["note"] or "",
            }
            obj, _ = self._upsert(
                "citations",
                existing.get(citation["key"]),
                Citation,
                {"article": article_obj, "key": citation["key"]},
                values,
                label,
            )
            by_key[citation["key"]] = obj
        self._delete("citations", [c for k, c in existing.items() if k not in by_key])
        return by_key

    def load_claims(self, article_obj, article, citations):
        existing = {c.key: c for c in article_obj.claims.all()}
        seen = set()
        for claim in article["claims"]:
            label = f"{self.prefix}/articles/{article['key']}.yaml: claim {claim['key']!r}"
            override = claim["override"] or {"verdict": "", "certainty": "", "rationale": ""}
            values = {
                "quote": claim["quote"],
                "start": claim["start"],
                "end": claim["end"],
                "claim_type": claim["claim_type"],
                "wording": claim["wording"],
                "override_verdict": override["verdict"],
                "override_certainty": override["certainty"],
                "override_rationale": override["rationale"],
            }
            obj, status = self._upsert(
                "claims",
                existing.get(claim["key"]),
                Claim,
                {"article": article_obj, "key": claim["key"]},
                values,
                label,
            )
            if self._set_substances(obj, claim["substances"]):
                self._count_m2m_update("claims", status)
            seen.add(claim["key"])
            self.load_links(obj, claim, citations, label)
        self._delete("claims", [c for k, c in existing.items() if k not in seen])

    def _count_m2m_update(self, kind, status):
        """A row whose fields were unchanged but whose substances changed was updated."""
        if status == "unchanged":
            self.counts[kind]["unchanged"] -= 1
            self.counts[kind]["updated"] += 1

    def load_links(self, claim_obj, claim, citations, claim_label):
        existing = {link.citation_id: link for link in claim_obj.links.all()}
        seen = set()
        for index, link in enumerate(claim["links"], start=1):
            citation = citations[link["citation"]]
            values = {
                "reliance": link["reliance"],
                "stance": _blank(link["stance"]),
                "misfit_reasons": link["misfit_reasons"],
                "rationale": link["rationale"],
            }
            self._upsert(
                "links",
                existing.get(citation.pk),
                ClaimCitation,
                {"claim": claim_obj, "citation": citation},
                values,
                f"{claim_label} link #{index}",
            )
            seen.add(citation.pk)
        self._delete("links", [link for pk, link in existing.items() if pk not in seen])


def _messages(exc):
    if hasattr(exc, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)
