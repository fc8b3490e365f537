"""Load the seed corpus (``corpus/``) into the database.

``load_corpus(path=...)`` reads and validates the whole corpus first (`reader`), so a
malformed file is refused before anything is written; then, in one transaction, it hands the
library's studies and outcomes to the studies service (`studies.library.curated`) and makes
every change to articles, citations, claims and their links through the editor services
(`claims.editing`), by key, deleting the corpus rows that are no longer in the files. Only
what differs from the files is changed, so loading the same corpus twice writes nothing (and
adds no history). Every row it writes carries the history reason ``load_corpus``.

The files hold no statuses, matches, flags or verdicts: the services send what they changed
to verification when the load commits. The corpus's identification of a citation's study is
an editor's (``Citation.editor_study``).
"""

import re
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.editing import articles, citations, links, overrides
from claims.editing import claims as claim_edits
from claims.models import SourceArticle
from claims.seed_corpus.reader import CorpusError, read_corpus
from claims.verification.dispatch import batched, request_verification
from studies.library.curated import CuratedRecordError, refused, save_curated_library
from studies.library.settled import save_settled_facts

# Recorded as the history change reason of every row the loader writes; it also tells which
# articles came from the corpus (and may therefore be deleted when their file goes).
CHANGE_REASON = "load_corpus"

KINDS = ("studies", "outcomes", "settled", "articles", "citations", "claims", "links")
OVERRIDE_FIELDS = ("override_verdict", "override_certainty", "override_rationale")


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
    with transaction.atomic(), batched():
        loader.load(data)
    return loader.counts


def _blank(value):
    """Model text fields hold '' for unknown; the corpus holds null."""
    return "" if value is None else value


class _Loader:
    def __init__(self, prefix="corpus"):
        self.prefix = prefix  # messages name files as the reader does: corpus/<file>
        self.labels, self.key_names = {}, None
        self.counts = {
            kind: {"created": 0, "updated": 0, "deleted": 0, "unchanged": 0} for kind in KINDS
        }

    # --- through the services ------------------------------------------------------

    def _call(self, service, label, **kwargs):
        try:
            return service(user=None, note=CHANGE_REASON, **kwargs)
        except ValidationError as exc:
            raise CorpusError(f"{label}: refused by the model: {refused(exc)}") from None

    def _upsert(self, kind, row, values, *, create, update, label):
        """Create the row, or change the fields that differ; `row` is the existing row or
        None. `create(**values)` and `update(row, **changes)` call the services."""
        if row is None:
            self.counts[kind]["created"] += 1
            return self._call(create, label, **values)
        changes = {name: value for name, value in values.items() if _current(row, name) != value}
        if not changes:
            self.counts[kind]["unchanged"] += 1
            return row
        self.counts[kind]["updated"] += 1
        return self._call(update(row), label, **changes)

    def _delete(self, kind, service, argument, rows):
        for row in rows:
            self._call(service, kind, **{argument: row.pk})
            self.counts[kind]["deleted"] += 1

    def _changes_so_far_in(self, kind):
        row = self.counts[kind]
        return row["created"] + row["updated"] + row["deleted"]

    def _changes_so_far(self):
        return sum(
            row["created"] + row["updated"] + row["deleted"] for row in self.counts.values()
        )

    # --- the load --------------------------------------------------------------------

    def words(self, text):
        """An editor's note as pages show it: the library's record keys ("dakwar2019") are
        the files' shorthand, and read as the works' names ("Dakwar 2019")."""
        if not text or self.key_names is None:
            return text
        return self.key_names.sub(lambda match: self.labels[match.group(0)], text)

    def load(self, data):
        try:
            studies, counts = save_curated_library(
                library=data["library"],
                extras=data["studies"],
                outcomes=data["outcomes"],
                reason=CHANGE_REASON,
                prefix=self.prefix,
            )
        except CuratedRecordError as exc:
            raise CorpusError(str(exc)) from None
        self.counts.update(counts)
        self.labels = {key: study.short_label for key, study in studies.items()}
        self.key_names = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(self.labels, key=len, reverse=True))) + r")\b")
            if self.labels
            else None
        )
        self.counts["settled"] = save_settled_facts(facts=data["settled"], reason=CHANGE_REASON)
        if self._changes_so_far_in("settled"):
            # What the library settles bears on every claim, cited or not.
            request_verification(article_ids=SourceArticle.objects.values_list("pk", flat=True))
        keep_articles, changed_articles = set(), set()
        for article in data["articles"]:
            before = self._changes_so_far()
            row = self.load_article(article, studies)
            keep_articles.add(row.pk)
            if self._changes_so_far() != before:
                changed_articles.add(row.pk)
        # One verification of each article that changed, rather than one task per row.
        request_verification(article_ids=changed_articles)
        loaded_before = SourceArticle.history.filter(
            history_type="+", history_change_reason=CHANGE_REASON
        ).values_list("id", flat=True)
        self._delete(
            "articles",
            articles.delete_article,
            "article_id",
            SourceArticle.objects.filter(pk__in=set(loaded_before)).exclude(pk__in=keep_articles),
        )

    def load_article(self, article, studies):
        label = f"{self.prefix}/articles/{article['key']}.yaml: article {article['key']!r}"
        published = article["published"]
        values = {
            "title": article["title"],
            "publisher": _blank(article["publisher"]),
            "author": _blank(article["author"]),
            "url": _blank(article["url"]),
            "published_on": date.fromisoformat(published) if published else None,
            "captured_text": article["text"],
        }
        row = SourceArticle.objects.filter(key=article["key"]).first()
        row = self._upsert(
            "articles",
            row,
            values,
            # The seed texts record no capture time: it stays empty, not the load's time.
            create=lambda **kw: articles.create_article(key=article["key"], captured_at=None, **kw),
            update=lambda row: lambda **kw: articles.update_article(article_id=row.pk, **kw),
            label=label,
        )
        by_key = self.load_citations(row, article, studies)
        self.load_claims(row, article, by_key)
        return row

    def load_citations(self, article_row, article, studies):
        existing = {c.key: c for c in article_row.citations.all()}
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
                "editor_note": self.words(citation["note"] or ""),
            }
            by_key[citation["key"]] = self._upsert(
                "citations",
                existing.get(citation["key"]),
                values,
                create=lambda key=citation["key"], **kw: citations.create_citation(
                    article_id=article_row.pk, key=key, **kw
                ),
                update=lambda row: lambda **kw: citations.update_citation(citation_id=row.pk, **kw),
                label=label,
            )
        gone = [c for key, c in existing.items() if key not in by_key]
        self._delete("citations", citations.delete_citation, "citation_id", gone)
        return by_key

    def load_claims(self, article_row, article, by_key):
        existing = {c.key: c for c in article_row.claims.all()}
        seen = set()
        for claim in article["claims"]:
            label = f"{self.prefix}/articles/{article['key']}.yaml: claim {claim['key']!r}"
            values = {
                "quote": claim["quote"],
                "start": claim["start"],
                "claim_type": claim["claim_type"],
                "wording": claim["wording"],
                "substances": sorted(claim["substances"]),
            }
            row = self._upsert(
                "claims",
                existing.get(claim["key"]),
                values,
                create=lambda key=claim["key"], **kw: claim_edits.create_claim(
                    article_id=article_row.pk, key=key, **kw
                ),
                update=lambda row: lambda **kw: claim_edits.update_claim(claim_id=row.pk, **kw),
                label=label,
            )
            self.load_override(row, claim, label)
            seen.add(claim["key"])
            self.load_links(row, claim, by_key, label)
        gone = [c for key, c in existing.items() if key not in seen]
        self._delete("claims", claim_edits.delete_claim, "claim_id", gone)

    def load_override(self, row, claim, label):
        """The verdict an editor wrote into the corpus, where the links cannot express it."""
        override = claim["override"] or {"verdict": "", "certainty": "", "rationale": ""}
        override = {**override, "rationale": self.words(override["rationale"] or "")}
        wanted = (override["verdict"], override["certainty"], override["rationale"])
        if tuple(getattr(row, name) for name in OVERRIDE_FIELDS) == wanted:
            return
        self._call(
            overrides.override_verdict,
            label,
            claim_id=row.pk,
            verdict=override["verdict"],
            certainty=override["certainty"],
            rationale=override["rationale"],
        )
        row.refresh_from_db()

    def load_links(self, claim_row, claim, by_key, claim_label):
        existing = {link.citation_id: link for link in claim_row.links.all()}
        seen = set()
        for index, link in enumerate(claim["links"], start=1):
            citation = by_key[link["citation"]]
            values = {
                "reliance": link["reliance"],
                "stance": _blank(link["stance"]),
                "misfit_reasons": link["misfit_reasons"],
                "rationale": self.words(link["rationale"] or ""),
            }
            self._upsert(
                "links",
                existing.get(citation.pk),
                values,
                create=lambda citation=citation, **kw: links.create_link(
                    claim_id=claim_row.pk, citation_id=citation.pk, **kw
                ),
                update=lambda row: lambda **kw: links.update_link(link_id=row.pk, **kw),
                label=f"{claim_label} link #{index}",
            )
            seen.add(citation.pk)
        gone = [link for pk, link in existing.items() if pk not in seen]
        self._delete("links", links.delete_link, "link_id", gone)


def _current(row, name):
    """A row's value as the corpus states it (a claim's substances as sorted codes)."""
    if name == "substances":
        return sorted(s.code for s in row.substances.all())
    return getattr(row, name)
