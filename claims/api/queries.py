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
  some 500 model objects per page cost more than the queries did. A list's claims are
  plain rows too, their article's summary joined in (`claims_with_evidence()`): 100 claim
  and article objects and the article prefetch took half of the page query's time;
- the evidence queries are resolved once per process, not per page (`_evidence_queries`):
  turning 36 column names into joins and columns cost a fifth of the links query.
"""

from collections import defaultdict
from functools import cache

from django.db.models import Prefetch

from claims.models import Citation, Claim, ClaimCitation, Flag, SourceArticle
from studies.labels import work_label

# Columns of each summary (see the *SummarySerializer classes), with the keys the joins need.
STUDY_SUMMARY = (
    "id", "title", "container_title", "year", "doi", "pmid", "source_kind", "design_code", "n",
    "authors",  # for the label ("Dakwar et al. 2019")
)
CITATION_SUMMARY = (
    "id", "article_id", "key", "marker", "raw_text", "location", "position", "status",
    "status_reason", "discrepancies", "match_method", "match_confidence", "study_id",
)
LINK_SUMMARY = (
    "id", "claim_id", "citation_id", "reliance", "stance", "misfit_reasons", "rationale",
    "machine_stance", "machine_misfit_reasons", "machine_rationale",
)  # fmt: skip
# The article's summary, and the few short fields the claims exports (CSV, ClaimReview) add.
ARTICLE_SUMMARY = ("id", "key", "title", "publisher", "author", "url", "published_on")
FLAG_SUMMARY = ("id", "claim_id", "citation_id", "code", "severity", "message", "dismissed_at")
CLAIM_SUMMARY = ("id", "key", "quote")


def _prefixed(prefix, fields):
    return [f"{prefix}__{name}" for name in fields]


def links_with_citations(*, with_claim=False):
    """Links (model instances) with their citation's and study's summaries (and, with
    `with_claim`, their claim's), in reference order."""
    related = ["citation__study", "judged_by"]
    fields = [
        *LINK_SUMMARY, "judged_by", "judged_at", "judged_by__id", "judged_by__username", "version",
        *_prefixed("citation", CITATION_SUMMARY),
        *_prefixed("citation__study", STUDY_SUMMARY),
    ]
    if with_claim:
        related.append("claim")
        fields.extend(_prefixed("claim", CLAIM_SUMMARY))
    return (
        ClaimCitation.objects.select_related(*related)
        .only(*fields)
        .order_by("citation__position", "id")
    )


def flag_summaries():
    return Flag.objects.only(*FLAG_SUMMARY).order_by("code", "id")


# Claim columns a list shows or orders by (the cursor reads its position from the last row,
# so every field the list can be ordered by is here); a single claim shows them all.
CLAIM_LIST = (
    "id", "article_id", "key", "quote", "start", "claim_type", "wording", "scope", "accuracy",
    "accuracy_certainty", "accuracy_rationale", "sourcing", "sourcing_rationale", "verdict",
    "certainty", "rationale", "override_verdict", "created_at", "updated_at", "version",
)
# The article's summary in a list, read with each claim (`article__key`, ...).
ARTICLE_LIST = ("key", "title", "publisher")


def claims_with_evidence(*, detail=False):
    """Claims to page through, as plain rows: dicts of CLAIM_LIST and their article's
    summary (ARTICLE_LIST, joined); or with `detail=True` as model instances with their
    article and who overrode their verdict (one claim, exports). Call `attach_evidence` on
    the evaluated page for the rest."""
    if not detail:
        return Claim.objects.values(*CLAIM_LIST, *_prefixed("article", ARTICLE_LIST))
    return Claim.objects.select_related("overridden_by").prefetch_related(
        # Prefetched, not joined: a page's claims come from a few articles, and a join
        # would build one article object per claim.
        Prefetch("article", queryset=SourceArticle.objects.only(*ARTICLE_SUMMARY))
    )


# Where each row of the evidence query splits into the link, its citation and its study.
_LINK_COLUMNS = (
    *LINK_SUMMARY, *_prefixed("citation", CITATION_SUMMARY), *_prefixed("citation__study", STUDY_SUMMARY)
)
_CITATION_AT = len(LINK_SUMMARY)
_STUDY_AT = _CITATION_AT + len(CITATION_SUMMARY)
_CLAIM_ID_AT = LINK_SUMMARY.index("claim_id")
_STUDY_ID_AT = _STUDY_AT + STUDY_SUMMARY.index("id")


@cache
def _evidence_queries():
    """The queries for a page's substances, links and flags, without the page's claims.
    Resolving a query's columns and joins is Django's work, not the database's, and the
    same on every page (some 0.5 ms for the 36 columns of the links): it is done once, and
    each page filters a copy. These querysets themselves are never evaluated."""
    return (
        Claim.substances.through.objects.order_by("substance_id").values_list("claim_id", "substance_id"),
        ClaimCitation.objects.order_by("citation__position", "id").values_list(*_LINK_COLUMNS),
        Flag.objects.order_by("code", "id").values(*FLAG_SUMMARY),
    )


def attach_evidence(claims):
    """Give each claim of an evaluated page, in three queries whatever its size:

    - `substance_codes`: its substances' codes;
    - `evidence_links`: its links as dicts, each with its `citation` and the citation's
      `study` (or None), in the citation's order in the article;
    - `flag_summaries`: its flags as dicts;
    - for plain rows (`claims_with_evidence()`), also `article`, its article's summary as a
      dict (one per article, shared by its claims), and `is_overridden`, as the model has
      them.

    Claims are model instances or plain rows; returns them.
    """
    claims = list(claims)
    rows = bool(claims) and isinstance(claims[0], dict)
    ids = [claim["id"] for claim in claims] if rows else [claim.pk for claim in claims]
    substances, links, flags = defaultdict(list), defaultdict(list), defaultdict(list)
    if ids:
        substance_query, link_query, flag_query = _evidence_queries()
        for claim_id, code in substance_query.filter(claim_id__in=ids):
            substances[claim_id].append(code)

        for row in link_query.filter(claim_id__in=ids):
            link = dict(zip(LINK_SUMMARY, row[:_CITATION_AT], strict=True))
            link["citation"] = citation = dict(zip(CITATION_SUMMARY, row[_CITATION_AT:_STUDY_AT], strict=True))
            citation["study"] = None
            if row[_STUDY_ID_AT] is not None:
                citation["study"] = study = dict(zip(STUDY_SUMMARY, row[_STUDY_AT:], strict=True))
                study["short_label"] = work_label(
                    authors=study["authors"], year=study["year"],
                    container_title=study["container_title"], title=study["title"],
                )
            links[row[_CLAIM_ID_AT]].append(link)

        for row in flag_query.filter(claim_id__in=ids):
            row["is_dismissed"] = row["dismissed_at"] is not None
            flags[row["claim_id"]].append(row)

    if not rows:
        for claim in claims:
            claim.substance_codes = substances[claim.pk]
            claim.evidence_links = links[claim.pk]
            claim.flag_summaries = flags[claim.pk]
        return claims

    articles = {}
    for claim in claims:
        pk, article_id = claim["id"], claim["article_id"]
        if article_id not in articles:
            articles[article_id] = {"id": article_id, **{f: claim[f"article__{f}"] for f in ARTICLE_LIST}}
        claim["article"] = articles[article_id]
        claim["is_overridden"] = bool(claim["override_verdict"])  # as Claim.is_overridden
        claim["substance_codes"] = substances[pk]
        claim["evidence_links"] = links[pk]
        claim["flag_summaries"] = flags[pk]
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
