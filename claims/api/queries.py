"""The querysets behind the API's nested lists: everything a page shows, in a fixed number of
queries, and nothing it does not show.

Habits that keep a page of 100 claims cheap (bench/bench_api.py measures it):

- related rows load only the columns their summary shows (`only()`, `values()`): an
  article's captured text, a citation's parse and evidence, a study's abstract and appraisal
  are not read to be thrown away;
- prefetched rows go into plain lists (`Prefetch(..., to_attr=...)`): with a queryset but no
  `to_attr`, Django clones that queryset once per parent row to attach the results;
- a claim's evidence (links, their citations and studies, flags, substances) is read as
  plain data, not model instances, by `attach_evidence` once the page is cut: building
  some 500 model objects per page cost more than the queries did.
"""

from collections import defaultdict

from django.db.models import Prefetch

from claims.models import Citation, Claim, ClaimCitation, Flag, SourceArticle
from studies.models import Study

# Columns of each summary (see the *SummarySerializer classes), with the keys the joins need.
STUDY_SUMMARY = (
    "id", "title", "container_title", "year", "doi", "pmid", "source_kind", "design_code", "n",
    "authors",  # for the label ("Dakwar et al. 2019")
)
CITATION_SUMMARY = (
    "id", "article_id", "key", "marker", "raw_text", "location", "position", "status",
    "status_reason", "discrepancies", "match_method", "match_confidence", "study_id",
)
LINK_SUMMARY = ("id", "claim_id", "citation_id", "reliance", "stance", "misfit_reasons", "rationale")
# The article's summary, and the few short fields the claims exports (CSV, ClaimReview) add.
ARTICLE_SUMMARY = ("id", "key", "title", "publisher", "author", "url", "published_on")
FLAG_SUMMARY = ("id", "claim_id", "citation_id", "code", "severity", "message", "dismissed_at")


def _prefixed(prefix, fields):
    return [f"{prefix}__{name}" for name in fields]


class StudyLabel:
    """A study's label from plain values, by the model's own `short_label` property (it only
    reads authors, container title and year), so the two can never disagree."""

    first_author_family = Study.first_author_family
    short_label = Study.short_label

    def __init__(self, row):
        self.authors = row["authors"] or []
        self.container_title = row["container_title"]
        self.year = row["year"]


def links_with_citations():
    """Links (model instances) with their citation's and study's summaries, in reference order."""
    return (
        ClaimCitation.objects.select_related("citation__study", "judged_by")
        .only(
            *LINK_SUMMARY, "judged_by", "judged_at", "judged_by__id", "judged_by__username",
            *_prefixed("citation", CITATION_SUMMARY),
            *_prefixed("citation__study", STUDY_SUMMARY),
        )
        .order_by("citation__position", "id")
    )


def flag_summaries():
    return Flag.objects.only(*FLAG_SUMMARY).order_by("code", "id")


# Claim columns a list shows or orders by; a single claim shows them all.
CLAIM_LIST = (
    "id", "article", "key", "quote", "start", "claim_type", "wording", "verdict", "certainty",
    "rationale", "override_verdict", "created_at", "updated_at",
)


def claims_with_evidence(*, detail=False):
    """Claims with their article (and, for one claim, who overrode its verdict); call
    `attach_evidence` on the evaluated page for the rest."""
    claims = Claim.objects.prefetch_related(
        # Prefetched, not joined: a page's claims come from a few articles, and a join
        # would build one article object per claim.
        Prefetch("article", queryset=SourceArticle.objects.only(*ARTICLE_SUMMARY))
    )
    if detail:
        return claims.select_related("overridden_by")
    return claims.only(*CLAIM_LIST)


def attach_evidence(claims):
    """Give each claim of an evaluated page, in three queries whatever its size:

    - `substance_codes`: its substances' codes;
    - `evidence_links`: its links as dicts, each with its `citation` and the citation's
      `study` (or None), in the citation's order in the article;
    - `flag_summaries`: its flags as dicts.

    Returns the claims.
    """
    claims = list(claims)
    ids = [claim.pk for claim in claims]
    substances, links, flags = defaultdict(list), defaultdict(list), defaultdict(list)
    if ids:
        through = Claim.substances.through.objects.filter(claim_id__in=ids)
        for claim_id, code in through.order_by("substance_id").values_list("claim_id", "substance_id"):
            substances[claim_id].append(code)

        columns = [
            *LINK_SUMMARY,
            *_prefixed("citation", CITATION_SUMMARY),
            *_prefixed("citation__study", STUDY_SUMMARY),
        ]
        rows = ClaimCitation.objects.filter(claim_id__in=ids).order_by("citation__position", "id")
        for row in rows.values(*columns):
            link = {name: row[name] for name in LINK_SUMMARY}
            link["citation"] = citation = {name: row[f"citation__{name}"] for name in CITATION_SUMMARY}
            citation["study"] = study = None
            if row["citation__study__id"] is not None:
                study = {name: row[f"citation__study__{name}"] for name in STUDY_SUMMARY}
                study["short_label"] = StudyLabel(study).short_label
                citation["study"] = study
            links[row["claim_id"]].append(link)

        for row in Flag.objects.filter(claim_id__in=ids).order_by("code", "id").values(*FLAG_SUMMARY):
            row["is_dismissed"] = row["dismissed_at"] is not None
            flags[row["claim_id"]].append(row)

    for claim in claims:
        claim.substance_codes = substances[claim.pk]
        claim.evidence_links = links[claim.pk]
        claim.flag_summaries = flags[claim.pk]
    return claims


def citations_with_study():
    """Citations with their article's and study's summaries and their flags."""
    return (
        Citation.objects.select_related("article", "study")
        .only(
            *[f.name for f in Citation._meta.concrete_fields if f.name != "created_at"],
            *_prefixed("article", ARTICLE_SUMMARY),
            *_prefixed("study", STUDY_SUMMARY),
        )
        .prefetch_related(Prefetch("flags", queryset=flag_summaries(), to_attr="prefetched_flags"))
    )
