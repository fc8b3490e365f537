"""Read-side queries for articles, claims, citations and flags. Keyword-only arguments.

Each function loads what its callers touch (select_related for the one side, Prefetch for the
many side), so a page costs the same number of queries for 3 claims as for 3,000.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet, prefetch_related_objects

from claims.checking.batch import MAX_REFERENCES, check_references
from claims.intake.pipeline import extract
from claims.models import (
    FLAGGED_STATUSES,
    Citation,
    Claim,
    ClaimCitation,
    Flag,
    SourceArticle,
    flagged_rank,
)
from core import search
from core.db import estimated_counts, estimated_counts_by_value
from studies.models import Outcome, Study
from studies.references.parsing import MAX_CHARS as MAX_REFERENCE_CHARS
from studies.references.trials import split_trial_names

# ---------------------------------------------------------------------------------------
# Counts and scorecards


def site_counts() -> dict[str, dict]:
    """Rows in each table, as ``{"claims": {"count": n, "exact": bool}, ...}``: exact for a
    small table, the database's estimate for a big one, in one query (core.db)."""
    names = ("articles", "claims", "citations", "studies")
    counted = estimated_counts([SourceArticle, Claim, Citation, Study])
    return {name: {"count": count, "exact": exact} for name, (count, exact) in zip(names, counted, strict=True)}


def newest_article_ids(*, limit: int) -> list[int]:
    """The articles added last, newest first (the primary key's index: no sort)."""
    return list(SourceArticle.objects.order_by("-id").values_list("id", flat=True)[:limit])


def article_scorecards(*, article_ids: list[int] | None = None) -> list[dict]:
    """For each article (all, or those in `article_ids`), in title order:
    ``{"article", "accuracy": {rating: count}, "statuses": {status: count}}``.

    Three queries in all: the articles, then one grouped count for claims and one for
    citations.
    """
    articles = SourceArticle.objects.defer("captured_text").order_by("title", "id")
    claims = Claim.objects.all()
    citations = Citation.objects.all()
    if article_ids is not None:
        articles = articles.filter(pk__in=article_ids)
        claims = claims.filter(article_id__in=article_ids)
        citations = citations.filter(article_id__in=article_ids)
    ratings: dict[int, dict[str, int]] = defaultdict(dict)
    for row in claims.order_by().values("article_id", "accuracy").annotate(n=Count("id")):
        ratings[row["article_id"]][row["accuracy"]] = row["n"]
    statuses: dict[int, dict[str, int]] = defaultdict(dict)
    for row in citations.order_by().values("article_id", "status").annotate(n=Count("id")):
        statuses[row["article_id"]][row["status"]] = row["n"]
    return [
        {"article": a, "accuracy": ratings.get(a.pk, {}), "statuses": statuses.get(a.pk, {})}
        for a in articles
    ]


def claim_counts_by_evidence_cell() -> dict[tuple[str, str], int] | None:
    """How many claims lean on a study of each (substance, design), for the evidence map:
    ``{(substance code, design code): claims}``, a claim counted once per cell however many
    of the cell's studies it cites. A study that names no substance counts under "". One
    grouped query.

    None when there are too many links to count on every view (more than
    core.db.EXACT_COUNT_LIMIT, by the planner's estimate): counting distinct claims per cell
    reads every link (1.8 s at 1.5 million). The map then links each cell to its claims
    without a number; the claim list counts them."""
    [(_, exact)] = estimated_counts([ClaimCitation])
    if not exact:
        return None
    rows = (
        ClaimCitation.objects.filter(citation__study__isnull=False)
        .order_by()
        .values("citation__study__substances__code", "citation__study__design_code")
        .annotate(n=Count("claim_id", distinct=True))
    )
    return {
        (row["citation__study__substances__code"] or "", row["citation__study__design_code"]): row["n"]
        for row in rows
    }


# ---------------------------------------------------------------------------------------
# Articles


def get_article(*, pk: int) -> SourceArticle:
    """An article with its claims and its reference list (each citation with its study and
    the claims that lean on it). Raises SourceArticle.DoesNotExist."""
    return SourceArticle.objects.prefetch_related(
        Prefetch("claims", queryset=Claim.objects.order_by("start", "end", "id")),
        Prefetch(
            "citations",
            queryset=Citation.objects.select_related("study").order_by("position", "id"),
        ),
        Prefetch(
            "citations__links",
            queryset=ClaimCitation.objects.select_related("claim").order_by("claim__start"),
        ),
    ).get(pk=pk)


# ---------------------------------------------------------------------------------------
# Claims: filters and search


# The claim pages rank at most this many matches, the newest claims: a word that most claims
# hold ("ketamine") would otherwise rank every claim in the table on every request. The
# page says when a search reached the bound.
RANKED_MATCHES = 500
# How many of the newest claims are read for a common word's matches before the GIN index
# is asked instead (see _newest_matches): a first glance, and a longer look when the glance
# found some.
FIRST_WINDOW = 2_000
RECENT_WINDOW = 20_000


def search_claims(
    *, query: str, queryset: QuerySet[Claim] | None = None, best_of: int | None = None
) -> QuerySet[Claim]:
    """Claims whose quote, article title or verdict rationale match `query`.

    On PostgreSQL: full-text search (websearch syntax: words, "phrases", -exclusions, OR),
    English stemming, ordered by rank (quote weighted above title above rationale). With
    `best_of`, only the `best_of` newest matching claims are kept and ranked
    (`_newest_matches`), so a word that most claims hold costs what a rare one does.
    Without it (the API, which pages through every match), a word with few matches has them
    read off the GIN index first (`_few_matches`). On SQLite: every word must appear in one
    of those fields, in reading order (`best_of` keeps the same newest matches). A query
    with nothing to look for (blank, '""', "-") returns the queryset unchanged.

    PostgreSQL reads the stored, GIN-indexed `search_vector` that triggers keep up to date
    (migration 0004): computing the vector in the query instead reads every claim and its
    article and cannot use an index (bench/bench_search.py measures the difference).
    """
    claims = Claim.objects.all() if queryset is None else queryset
    query = (query or "").strip()
    if not search.has_terms(query):
        return claims
    if connection.vendor == "postgresql":
        search_query = search.fulltext_query(query)
        found = claims.filter(search_vector=search_query)
        if best_of is not None:
            found = claims.filter(pk__in_list=_newest_matches(claims, found, query, best_of))
        else:
            few = _few_matches(found)
            found = found if few is None else claims.filter(pk__in_list=few)
        return found.annotate(search_rank=search.rank(search_query)).order_by(
            "-search_rank", "article_id", "start", "id"
        )
    include, exclude = search.substring_terms(query)

    def anywhere(term):
        return (
            Q(quote__icontains=term)
            | Q(article__title__icontains=term)
            | Q(rationale__icontains=term)
        )

    found = claims
    for term in include:
        found = found.filter(anywhere(term))
    for term in exclude:
        found = found.exclude(anywhere(term))
    if best_of is not None:
        found = claims.filter(pk__in_list=_newest_matches(claims, found, query, best_of))
    return found


# A search with fewer matches than this has them listed first (see _few_matches).
FEW_MATCHES = 5000


def _few_matches(found: QuerySet[Claim]) -> list[int] | None:
    """PostgreSQL: the ids of every claim of `found` when there are fewer than FEW_MATCHES,
    else None.

    A list ordered by an index (the API's by id) and filtered by a word lets the planner
    walk the index until a page is full, which is right for a common word and ruinous for
    a rare one: its statistics cannot tell a rare word from an absent one, and it walked all
    million claims for a word that no claim holds. Asking for FEW_MATCHES matches in no order
    is safe either way: a common word fills them from the first rows read, a rare one is
    read off the GIN index. Its few matches are then the list's rows."""
    few = list(found.order_by().values_list("pk", flat=True)[:FEW_MATCHES])
    return few if len(few) < FEW_MATCHES else None


def _newest_matches(claims: QuerySet[Claim], found: QuerySet[Claim], query: str, limit: int) -> list[int]:
    """The ids of the `limit` newest claims of `found` (`claims` matching `query`), in a few
    bounded reads whatever the planner guesses of the words.

    A common word ("ketamine") has its newest matches among the newest claims: RECENT_WINDOW
    of those at most are read off the primary key's index, newest first, and searched until
    `limit` match. When fewer do and older claims exist, the word is rarer than that, and
    its matches are read off the GIN index and sorted. (Ordering on an expression keeps
    PostgreSQL from walking the primary key instead: its statistics cannot tell a rare word
    from an absent one, and it walked all million claims for a word that no claim holds.)
    A word that none of the FIRST_WINDOW newest claims holds goes to the index at once: a
    rare word (or one no claim holds) then costs the same whatever the number of claims."""
    windows = [min(FIRST_WINDOW, RECENT_WINDOW)]
    if FIRST_WINDOW < RECENT_WINDOW:
        windows.append(RECENT_WINDOW)
    for window in windows:
        newest = _recent_matches(claims, found, query, limit, window)
        if len(newest) == limit:
            return newest
        older = claims.order_by("-pk").values_list("pk", flat=True)[window : window + 1]
        if not list(older):
            return newest  # every claim was read
        if not newest:
            break  # none among the newest: a rare word, whose matches the index holds
    by_id = found.annotate(newest_first=F("pk") + 0).order_by("-newest_first")
    return list(by_id.values_list("pk", flat=True)[:limit])


def _recent_matches(
    claims: QuerySet[Claim], found: QuerySet[Claim], query: str, limit: int, window: int
) -> list[int]:
    """Matches among the `window` newest claims, newest first, at most `limit`."""
    if connection.vendor != "postgresql":
        recent = claims.order_by("-pk").values("pk")[:window]
        return list(found.filter(pk__in=recent).order_by("-pk").values_list("pk", flat=True)[:limit])
    # The window as a subquery in FROM, read in its order and left as soon as `limit` match.
    window_sql, window_params = (
        claims.order_by("-pk").values_list("pk", "search_vector")[:window].query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT r.id FROM ({window_sql}) AS r(id, vector) "
            f"WHERE r.vector @@ websearch_to_tsquery(%s::regconfig, %s) ORDER BY r.id DESC LIMIT %s",
            [*window_params, search.CONFIG, query, limit],
        )
        return [pk for (pk,) in cursor.fetchall()]


def active_flags() -> QuerySet[Flag]:
    return Flag.objects.filter(dismissed_at__isnull=True)


def filter_claims(
    *,
    article: int | None = None,
    accuracy: str | None = None,
    sourcing: str | None = None,
    verdict: str | None = None,
    flag: str | None = None,
    claim_type: str | None = None,
    substance: str | None = None,
    article_title: str | None = None,
    cited_substance: str | None = None,
    cited_design: str | None = None,
    q: str | None = None,
) -> QuerySet[Claim]:
    """Claims matching every filter given (None or "" means no filter), for a list.

    `flag` keeps claims with an active (not dismissed) flag of that code, raised on the
    claim itself or on a citation it leans on. `cited_substance` and `cited_design` keep
    claims citing a study of that substance and design (one study having both), the claims
    behind a cell of the evidence map. Each claim comes with its article, its
    substances and its active flags (`claim.active_flags`).
    """
    claims = (
        Claim.objects.select_related("article")
        # The search vector is for the WHERE clause; a list never shows it.
        .defer("article__captured_text", "search_vector")
        .prefetch_related(
            "substances",
            Prefetch("flags", queryset=active_flags().order_by("code"), to_attr="active_flags"),
        )
        # Article by article, each in the order of its text: the index claim_article_start
        # serves it (ordering by the article's title would sort every claim per page view).
        .order_by("article_id", "start", "id")
    )
    if article:
        claims = claims.filter(article_id=article)
    if article_title:
        claims = claims.filter(article_id__in=_articles_titled(article_title))
    if accuracy:
        claims = claims.filter(accuracy=accuracy)
    if sourcing:
        claims = claims.filter(sourcing=sourcing)
    if verdict:
        claims = claims.filter(verdict=verdict)
    if claim_type:
        claims = claims.filter(claim_type=claim_type)
    if substance:
        claims = claims.filter(substances__code=substance)
    if cited_substance or cited_design:
        cited = Study.objects.all()
        if cited_substance:
            cited = cited.filter(substances__code=cited_substance)
        if cited_design:
            cited = cited.filter(design_code=cited_design)
        leaning = ClaimCitation.objects.filter(citation__study__in=cited.values("pk"))
        claims = claims.filter(pk__in=leaning.values("claim_id"))
    if flag:
        flagged = active_flags().filter(code=flag)
        on_claim = flagged.filter(claim__isnull=False).values("claim_id")
        via_citation = ClaimCitation.objects.filter(
            citation_id__in=flagged.filter(citation__isnull=False).values("citation_id")
        ).values("claim_id")
        # Subqueries, not joins: no duplicate rows, so no DISTINCT to fight the search rank.
        claims = claims.filter(Q(pk__in=on_claim) | Q(pk__in=via_citation))
    if q and search.has_terms(q):
        claims = search_claims(query=q, queryset=claims, best_of=RANKED_MATCHES)
        # A search ranks at most RANKED_MATCHES claims: joining their articles made
        # PostgreSQL hash the whole article table to rank them (6 of 7 ms at 10,000
        # articles, and growing with them), where the page's articles alone are one
        # lookup by key.
        claims = claims.select_related(None).prefetch_related(
            Prefetch("article", queryset=SourceArticle.objects.defer("captured_text"))
        )
    return claims


# ---------------------------------------------------------------------------------------
# One claim and its chain of evidence


# Columns a claim's page never shows: a citation's parse and match evidence, a study's
# abstract, notes and provenance are on their own pages.
CITATION_UNSHOWN = ("parsed", "evidence", "registry_search")
STUDY_UNSHOWN = ("abstract", "notes", "registry_provenance", "search_vector")


def _prefixed(prefix, fields):
    return [f"{prefix}__{name}" for name in fields]


@cache
def _claim_page_queries():
    """The queries of a claim's page without the claim's id. Turning their related names
    into joins and columns is Django's work, the same on every request: it is done once
    per process, and each request filters a copy. These querysets are never evaluated.
    Editors are shown by name: their names are read, not their whole user rows."""
    return (
        Claim.objects.select_related("article")
        .defer("search_vector")
        .annotate(overridden_by_name=F("overridden_by__username")),
        Claim.substances.through.objects.order_by("substance__name").values_list("substance__name"),
        ClaimCitation.objects.select_related("citation", "citation__study")
        .defer(*_prefixed("citation", CITATION_UNSHOWN), *_prefixed("citation__study", STUDY_UNSHOWN))
        .annotate(judged_by_name=F("judged_by__username"))
        # A claim has a few links: sorted in get_claim, not by a join in the ORDER BY.
        .order_by(),
        # The page sorts flags by gravity itself: the model's CASE ordering is not compiled.
        Flag.objects.annotate(dismissed_by_name=F("dismissed_by__username")).order_by("code", "id"),
        Study.substances.through.objects.values_list("study_id", "substance_id"),
        Outcome.objects.order_by("position", "id"),
    )


def get_claim(*, pk: int) -> Claim:
    """A claim with everything its evidence chain shows, in six queries whatever its size:
    the claim with its article and `overridden_by_name`; `substance_names`, its substances'
    names; `chain_links`, its links in reference order, each with its citation (and the
    citation's `chain_flags`) and study (with `substance_codes`, its outcomes prefetched);
    and `chain_flags`, the claim's own flags. Links come with `judged_by_name`, flags with
    `dismissed_by_name`; the claim's and its citations' flags are read in one query.
    Raises Claim.DoesNotExist."""
    claims, substances, links, flags, study_substances, outcomes = _claim_page_queries()
    claim = claims.get(pk=pk)
    claim.chain_links = sorted(
        links.filter(claim_id=pk), key=lambda link: (link.citation.position, link.citation_id)
    )
    citations = {link.citation_id: link.citation for link in claim.chain_links}
    claim.chain_flags = []
    for citation in citations.values():
        citation.chain_flags = []
    for flag in flags.filter(Q(claim_id=pk) | Q(citation_id__in=list(citations))):
        if flag.claim_id is not None:
            claim.chain_flags.append(flag)
        else:
            citations[flag.citation_id].chain_flags.append(flag)
    claim.substance_names = [name for (name,) in substances.filter(claim_id=pk)]
    # Citations of one study each have their own copy of its row.
    studies = [citation.study for citation in citations.values() if citation.study is not None]
    codes = defaultdict(list)
    for study_id, code in study_substances.filter(study_id__in={study.pk for study in studies}):
        codes[study_id].append(code)
    for study in studies:
        study.substance_codes = codes[study.pk]
    prefetch_related_objects(studies, Prefetch("outcomes", queryset=outcomes))
    return claim


# ---------------------------------------------------------------------------------------
# Citations


def flagged_citations(
    *, status: str | None = None, article: int | None = None, article_title: str | None = None
) -> QuerySet:
    """Every citation that is not verified, grouped by status (in the order of
    CITATION_STATUSES), then by article (in the order they were added) and position; each
    with its article, its study (if one was matched) and the claims that lean on it.

    The order is the index citation_flagged_order's, so a page reads only its own rows: by
    the article's title it would sort every flagged citation on each page view."""
    rank = flagged_rank()
    citations = (
        Citation.objects.exclude(status="verified")
        .select_related("article", "study")
        .defer("article__captured_text")
        .prefetch_related(
            Prefetch(
                "links",
                queryset=ClaimCitation.objects.select_related("claim").order_by("claim__start"),
            )
        )
        .order_by(rank, "article_id", "position", "id")
    )
    if status:
        # By its rank, which names the status: the index is then read from that status's
        # first row, not past every citation listed before it. Not by the status as well:
        # the planner would take them for two conditions and expect far fewer rows.
        citations = citations.alias(rank=rank).filter(rank=FLAGGED_STATUSES.index(status))
    if article:
        citations = citations.filter(article_id=article)
    if article_title:
        citations = citations.filter(article_id__in=_articles_titled(article_title))
    return citations


def _articles_titled(words: str) -> QuerySet:
    """Articles whose title holds `words`, as a subquery (no join, so no duplicate rows)."""
    return SourceArticle.objects.filter(title__icontains=words.strip()).values("id")


def flagged_status_counts() -> dict[str, dict]:
    """How many citations have each status other than verified, as ``{"not_found": {"count":
    n, "exact": bool}, ...}``: exact while the table is small, else the database's estimate
    (core.db), so the page never counts a million citations."""
    counted = estimated_counts_by_value(Citation, field="status", values=FLAGGED_STATUSES)
    return {code: {"count": count, "exact": exact} for code, (count, exact) in counted.items()}


def links_citing_study(*, study_id: int) -> QuerySet[ClaimCitation]:
    """How each claim leans on a study: the links whose citation is matched to it, with the
    claim, its article and the citation as written."""
    return (
        ClaimCitation.objects.filter(citation__study_id=study_id)
        .select_related("claim", "claim__article", "citation")
        .defer("claim__article__captured_text")
        .order_by("claim__article__title", "claim__start", "id")
    )


# --- Intake ---------------------------------------------------------------------------------

# A match suggestion an editor can accept without looking twice: the reference names the
# work (verified, or verified but for details written differently) with high confidence.
CONFIDENT_MATCH = 0.9
CONFIDENT_STATUSES = ("verified", "metadata_mismatch")


def _suggestions(raws: list[str]) -> list[dict | None]:
    """The library's match for each reference-list entry, as `check_references` gives it;
    None for an entry too long to be one reference (a paragraph the list swallowed)."""
    checkable = [raw for raw in raws if len(raw) <= MAX_REFERENCE_CHARS]
    checks = iter(
        check
        for at in range(0, len(checkable), MAX_REFERENCES)
        for check in check_references(references=checkable[at : at + MAX_REFERENCES])
    )
    return [next(checks) if len(raw) <= MAX_REFERENCE_CHARS else None for raw in raws]


def intake_proposal(*, captured) -> dict:
    """What intake proposes for a captured page (`claims.intake.capture.Captured`): the
    extraction (`claims.intake.pipeline`), each reference's match suggestion from the
    library, and which are confident. When an article with this very text is already saved,
    what it already holds is left out (running intake twice proposes nothing new); its
    citations are named in `saved_citations` (key -> id), so that a claim proposed now still
    leans on them, and its claims in `saved_claims` ({"claim_id", "citation_keys"}), so that a
    citation accepted now is linked to the saved claims that lean on it."""
    extraction = extract(captured.text).as_json()
    article = SourceArticle.objects.filter(content_hash=captured.text_hash).first()
    saved_quotes, saved_refs = set(), {}
    if article is not None:
        saved_quotes = set(article.claims.values_list("pk", "start", "end"))
        saved_refs = dict(article.citations.values_list("raw_text", "id"))
    saved = {
        proposed["key"]: saved_refs[proposed["raw"]]
        for proposed in extraction["citations"]
        if proposed["raw"] in saved_refs
    }
    citations = [proposed for proposed in extraction["citations"] if proposed["key"] not in saved]
    listed = [proposed for proposed in citations if proposed["location"] != "in_text"]
    raws = [proposed["raw"] for proposed in listed]
    for citation, check in zip(listed, _suggestions(raws), strict=True):
        if check is None:
            citation["confident"] = False
            continue
        citation["suggestion"] = {
            "status": check["status"],
            "study": check["study"],
            "confidence": check["confidence"],
            "reason": check["reason"],
        }
        citation["confident"] = (
            check["status"] in CONFIDENT_STATUSES and (check["confidence"] or 0) >= CONFIDENT_MATCH
        )
    for citation in citations:
        citation.setdefault("suggestion", None)
        # A source named in the text is saved as it is named; there is nothing to match.
        citation.setdefault("confident", True)
    # A sentence an editor already quoted from (whole or in part) is not proposed again; what
    # it leans on is kept, to link the claim saved from it to citations accepted later.
    claims, saved_claims = [], []
    for claim in extraction["claims"]:
        quoted = next(
            (pk for pk, start, end in saved_quotes if start < claim["end"] and claim["start"] < end),
            None,
        )
        if quoted is None:
            claims.append(claim)
        elif claim["citation_keys"]:
            saved_claims.append({"claim_id": quoted, "citation_keys": claim["citation_keys"]})
    return {
        **extraction,
        "captured": {k: v for k, v in captured.as_dict().items() if k != "text"},
        "article": {"id": article.pk, "key": article.key} if article else None,
        "already_saved": {
            "claims": len(extraction["claims"]) - len(claims),
            "citations": len(saved),
        },
        "saved_citations": saved,
        "saved_claims": saved_claims,
        "citations": citations,
        "claims": claims,
    }


# Studies asked about in one query: an import of thousands is looked up in parts.
NAMING_CHUNK = 200


def article_holdings(*, article_id: int) -> dict[str, int]:
    """How many claims and citations an article holds (intake says what it added)."""
    return {
        "claims": Claim.objects.filter(article_id=article_id).count(),
        "citations": Citation.objects.filter(article_id=article_id).count(),
    }


def citations_naming(study_ids) -> list[int]:
    """The citations found in no library that name one of the studies by its DOI or PMID, or
    by its first author's family name and year, as they were read, and those (found nowhere,
    or naming nothing else) that name its trial: a study just added (or given an identifier
    or a trial's name) may be the work they cite. Their check decides."""
    found = []
    study_ids = sorted(study_ids)
    for start in range(0, len(study_ids), NAMING_CHUNK):
        names, trials = Q(), Q()
        for study in Study.objects.filter(pk__in=study_ids[start : start + NAMING_CHUNK]).only(
            "doi", "pmid", "year", "authors", "trial_names"
        ):
            if study.doi:
                names |= Q(parsed__doi__iexact=study.doi)
            if study.pmid:
                names |= Q(parsed__pmid=study.pmid)
            if study.first_author_family and study.year:
                names |= Q(parsed__year=study.year, parsed__authors__0__0__iexact=study.first_author_family)
            for name in split_trial_names(study.trial_names):
                trials |= Q(raw_text__icontains=name)
        wanted = Q(names, status="not_found") if names else Q()
        if trials:
            wanted |= Q(trials, status__in=["not_found", "anonymous"])
        if wanted:
            found.extend(Citation.objects.filter(wanted).order_by("pk").values_list("pk", flat=True))
    return found
