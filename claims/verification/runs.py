"""Verification use cases: check citations, then assess the claims that lean on them.

Each use case runs in one transaction:

- `verify_citation(citation_id=)`: check the reference (`claims.checking`), store its status
  and flag, then reassess the claims that lean on it.
- `verify_citations(citation_ids=)`: the same for many citations, one transaction per chunk.
- `verify_article(article_id=)`: the same for every citation of an article, then every claim.
- `verify_articles(article_ids=)`: the same for a few articles at once, in one transaction
  (`claims.verification.bulk` runs it over every article, a chunk at a time: a long run must
  not lock the whole corpus against editors, nor pay a transaction's queries per article).
- `recompute_claim(claim_id=)`: flags, verdict, sourcing and accuracy of one claim, after an
  editor changed it.

A claim's path is one: its facts (`rows`) and what its words state (read with its
paragraph), the machine's judgement of each link, the findings the rules raise (with the
claims of its page it contradicts), the flags stored from the findings (an editor's dismissal
kept while the evidence is the same), the verdict from the facts and the findings still
active, and its two answers: sourcing, and accuracy from the settled facts, the cited studies
and the library's other studies that bear on it (`claims.assessment`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.assessment import stored
from claims.assessment.accuracy import compute_accuracy
from claims.assessment.consistency import Statement, consistency_finding
from claims.assessment.facts import USABLE_STATUSES
from claims.assessment.judging import judge_link
from claims.assessment.related import related_evidence
from claims.assessment.rules import check_citation, check_claim
from claims.assessment.settled import check_settled
from claims.assessment.sourcing import compute_sourcing
from claims.assessment.stated import stated_facts
from claims.assessment.verdicts import compute_verdict
from claims.checking.index import current_index, prepare
from claims.checking.reference import ReferenceContext, check_reference
from claims.models import Citation, Claim, ClaimCitation, ClaimReading, Flag, SourceArticle
from claims.selectors import citations_naming
from claims.texts import paragraph_around
from claims.verification import results
from claims.verification.registries import search_registries, searched_where
from claims.verification.rows import (
    LibrarySnapshot,
    citation_facts,
    claim_facts,
    claim_types_by_citation,
    with_relations,
)
from core.collector import collector_paused
from core.errors import NotFound
from core.saving import Changes


@dataclass
class Report:
    """What a verification run did, for commands and callers."""

    citations: int = 0
    citations_changed: int = 0
    claims: int = 0
    claims_changed: int = 0
    flags_created: int = 0
    flags_updated: int = 0
    flags_deleted: int = 0
    dismissals_cleared: int = 0
    statuses: Counter = field(default_factory=Counter)
    verdicts: Counter = field(default_factory=Counter)
    accuracy: Counter = field(default_factory=Counter)

    def add(self, other: Report) -> Report:
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, Counter):
                mine.update(theirs)
            else:
                setattr(self, f.name, mine + theirs)
        return self


def _check_citations(citations: list[Citation], report: Report) -> None:
    """Check citations (rows locked by the caller) and store their statuses and flags."""
    if not citations:
        return
    index = current_index()
    prepare(
        index,
        references=[c.raw_text for c in citations],
        study_ids=[c.editor_study_id for c in citations if c.editor_study_id is not None],
    )
    now = timezone.now()
    types = claim_types_by_citation(c.pk for c in citations)
    flags_by_citation: dict[int, list[Flag]] = {}
    for flag in Flag.objects.filter(citation__in=[c.pk for c in citations]):
        flags_by_citation.setdefault(flag.citation_id, []).append(flag)
    unchanged, changes = [], Changes()
    for citation in citations:
        reached, unreached = searched_where(citation.registry_search)
        context = ReferenceContext(
            location=citation.location,
            claim_types=types.get(citation.pk),
            editor_study_id=citation.editor_study_id,
            registries=reached,
            unreached=unreached,
        )
        check = check_reference(citation.raw_text, index=index, context=context)
        if results.write_citation(citation, check, now=now, changes=changes):
            report.citations_changed += 1
        else:
            unchanged.append(citation.pk)
        report.citations += 1
        report.statuses[citation.status] += 1
        results.sync_flags(
            flags_by_citation.get(citation.pk, []),
            check_citation(citation_facts(citation, study=check.study)),
            lambda citation=citation, **values: Flag(citation=citation, **values),
            report,
            changes,
        )
    changes.save()
    if unchanged:
        # Only the time of the check moves; history need not record that.
        Citation.objects.filter(pk__in=unchanged).update(checked_at=now)


def _judge_links(claim, stated, studies, changes) -> None:
    """The machine's judgement of each link whose study can be weighed: the claim's words
    against the study's record and outcomes."""
    for link in claim.link_rows:
        citation = link.citation
        study = studies.get(citation.study_id)  # None: no study, or one deleted meanwhile
        judgement = None
        if study is not None and citation.status in USABLE_STATUSES:
            judgement = judge_link(stated, study)
        results.write_judgement(link, judgement, changes)


def _with_articles(claims: list[Claim]) -> dict[int, SourceArticle]:
    """The claims' articles, each read once and shared by its claims (saving a claim checks
    its quote against the article's text)."""
    articles = SourceArticle.objects.in_bulk({claim.article_id for claim in claims})
    for claim in claims:
        claim.article = articles[claim.article_id]
    return articles


def _siblings(
    articles: dict[int, SourceArticle], assessed: set[int]
) -> dict[int, list[Statement]]:
    """The claims of each article, read in one query, each with what its words state, read
    with its paragraph: what each claim is checked against for consistency. What a claim
    states is read back from its last reading while its words, their paragraph and the
    reader are the same (`claims.assessment.stored`), else read again, and stored for the
    claims `assessed` here (their rows are locked by this transaction; the others are not)."""
    siblings: dict[int, list[Statement]] = {pk: [] for pk in articles}
    rows = list(
        Claim.objects.filter(article_id__in=list(articles))
        .order_by("article_id", "start", "pk")
        .values_list("article_id", "pk", "quote", "start", "end")
    )
    readings = {
        claim_id: (key, found)
        for claim_id, key, found in ClaimReading.objects.filter(
            claim_id__in=[row[1] for row in rows]
        ).values_list("claim_id", "key", "facts")
    }
    fresh = []
    for article_id, pk, quote, start, end in rows:
        paragraph = paragraph_around(articles[article_id].captured_text, start, end)
        key = stored.key_of(quote, paragraph)
        kept = readings.get(pk)
        if kept is not None and kept[0] == key:
            found = stored.from_json(kept[1], quote)
        else:
            found = stated_facts(quote, paragraph)
            if pk in assessed:
                fresh.append(ClaimReading(claim_id=pk, key=key, facts=stored.as_json(found)))
        siblings[article_id].append(Statement(pk, quote, found))
    if fresh:
        ClaimReading.objects.bulk_create(
            fresh, update_conflicts=True, unique_fields=["claim"], update_fields=["key", "facts"]
        )
    return siblings


def _locked(claims):
    """The claims, locked for this transaction in the order of their ids: two runs that
    reassess the same claim (two of its citations checked at once by two workers) take turns,
    the second reading the flags the first wrote, instead of both inserting the same flag;
    one order for every run, so that they never wait on each other in a circle."""
    # The search vector is the database's own, for search: not read here.
    return claims.select_for_update(of=("self",)).defer("search_vector").order_by("pk")


def _assess_claims(claims, report: Report, library: LibrarySnapshot, citations=()) -> None:
    """Reassess the claims (rows locked by the caller); `citations` are rows the caller read
    and checked already, used instead of reading them again."""
    claims = list(claims)
    if not claims:
        return
    with_relations(claims, citations=citations)
    now = timezone.now()
    articles = _with_articles(claims)
    studies = library.studies(
        link.citation.study_id
        for claim in claims
        for link in claim.link_rows
        if link.citation.study_id
    )
    evidence, settled = library.evidence(), library.settled()
    siblings = _siblings(articles, assessed={claim.pk for claim in claims})
    # The article's claims were read already, each with its paragraph: not twice. Found by
    # id, not by walking the article's claims for each of them (an article may have hundreds).
    read = {s.id: s for statements in siblings.values() for s in statements}
    changes = Changes()  # saved together at the end, with their history
    for claim in claims:
        article = articles[claim.article_id]
        statements = siblings[article.pk]
        sibling = read.get(claim.pk)
        stated = sibling.stated if sibling is not None and sibling.quote == claim.quote else None
        if stated is None:
            stated = stated_facts(
                claim.quote, paragraph_around(article.captured_text, claim.start, claim.end)
            )
        _judge_links(claim, stated, studies, changes)
        facts = claim_facts(claim, studies)
        findings = check_claim(facts)
        inconsistent = consistency_finding(Statement(claim.pk, claim.quote, stated), statements)
        if inconsistent is not None:
            findings.append(inconsistent)
        dismissed = results.sync_flags(
            claim.flag_rows,
            findings,
            lambda claim=claim, **values: Flag(claim=claim, **values),
            report,
            changes,
        )
        # A finding an editor dismissed is not active: it does not count against the claim.
        active = [finding for finding in findings if finding.code not in dismissed]
        verdict = compute_verdict(facts, active)
        cited = frozenset(
            link.citation.study_id for link in claim.link_rows if link.citation.study_id
        )
        others = related_evidence(
            stated, claim_substances=facts.substances, library=evidence, cited=cited
        )
        accuracy = compute_accuracy(
            facts, stated, others=others, settled=check_settled(stated, settled)
        )
        changed = results.write_assessment(
            claim, verdict, compute_sourcing(facts), accuracy, others, now=now, changes=changes
        )
        if changed:
            report.claims_changed += 1
        report.claims += 1
        report.verdicts[claim.verdict] += 1
        report.accuracy[claim.accuracy] += 1
    changes.save()


def _current(library: LibrarySnapshot | None) -> LibrarySnapshot:
    """The caller's snapshot of the library, read again where the library changed; or, for a
    single use case, a new one (read in its transaction)."""
    if library is None:
        return LibrarySnapshot()
    library.refresh()
    return library


def verify_citation(*, citation_id: int, library: LibrarySnapshot | None = None) -> Report:
    """Check one citation, store its status and flag, and reassess the claims on it. A work
    the library does not hold is looked for in the registries (when they are on), and the
    citation checked again when one of them holds it."""
    report = _verify_citation(citation_id, library)
    if _searched_registries(Citation.objects.filter(pk=citation_id)):
        report = _verify_citation(citation_id, library)
    return report


def _verify_citation(citation_id: int, library: LibrarySnapshot | None) -> Report:
    report = Report()
    with transaction.atomic():
        library = _current(library)
        citation = Citation.objects.select_for_update(of=("self",)).filter(pk=citation_id).first()
        if citation is None:
            raise NotFound(f"There is no citation with id {citation_id}.")
        _check_citations([citation], report)
        leaning = ClaimCitation.objects.filter(citation=citation).values("claim_id")
        _assess_claims(_locked(Claim.objects.filter(pk__in=leaning)), report, library)
    return report


# Citations checked again together, in one transaction: a study that many citations may name
# is not checked one transaction (and a dozen queries) per citation, nor does one transaction
# hold thousands of rows locked.
CITATIONS_CHUNK = 200


def verify_citations(*, citation_ids, library: LibrarySnapshot | None = None) -> Report:
    """`verify_citation` for many citations, `CITATIONS_CHUNK` at a time: each chunk's
    citations checked together and the claims leaning on them reassessed together, in one
    transaction and a number of queries that does not grow with the chunk. A citation
    deleted meanwhile is nothing to do."""
    report = Report()
    ids = sorted(set(citation_ids))
    for start in range(0, len(ids), CITATIONS_CHUNK):
        chunk = ids[start : start + CITATIONS_CHUNK]
        done = _verify_citations(chunk, library)
        if _searched_registries(Citation.objects.filter(pk__in=chunk)):
            done = _verify_citations(chunk, library)
        report.add(done)
    return report


def _verify_citations(citation_ids: list[int], library: LibrarySnapshot | None) -> Report:
    report = Report()
    with transaction.atomic():
        library = _current(library)
        citations = list(
            Citation.objects.select_for_update(of=("self",)).filter(pk__in=citation_ids).order_by("pk")
        )
        _check_citations(citations, report)
        leaning = ClaimCitation.objects.filter(citation__in=citation_ids).values("claim_id")
        _assess_claims(_locked(Claim.objects.filter(pk__in=leaning)), report, library)
    return report


def verify_citations_naming(*, study_ids) -> Report:
    """Check again the citations found in no library that may name these studies (just
    added, or given an identifier or a trial's name): one of them may be their work."""
    return verify_citations(citation_ids=citations_naming(study_ids))


def _searched_registries(citations) -> bool:
    """Search the registries for the works of these citations the library lacks (outside
    any transaction: the requests take time); True when a search was made, so that the
    citations are checked again against what was added and name where they were looked for."""
    if not settings.REGISTRIES_ENABLED:
        return False
    pending = citations.filter(status="not_found").values_list("pk", flat=True)
    return any([search_registries(citation_id=pk) for pk in pending])


def verify_article(*, article_id: int, library: LibrarySnapshot | None = None) -> Report:
    """Check every citation of an article, then reassess every claim of it (and again, once,
    when the registries held works the library lacked)."""
    if not SourceArticle.objects.filter(pk=article_id).exists():
        raise NotFound(f"There is no article with id {article_id}.")
    return verify_articles(article_ids=[article_id], library=library)


def verify_articles(*, article_ids, library: LibrarySnapshot | None = None) -> Report:
    """`verify_article` for several articles in one transaction: their citations checked
    together and their claims reassessed together, in a number of queries that does not grow
    with the number of articles. An article deleted meanwhile is nothing to do. A run over
    many articles passes one `library` to all its groups."""
    article_ids = sorted(set(article_ids))
    with collector_paused():
        report = _verify_articles(article_ids, library)
    if _searched_registries(Citation.objects.filter(article_id__in=article_ids)):
        with collector_paused():
            report = _verify_articles(article_ids, library)
    return report


def _verify_articles(article_ids: list[int], library: LibrarySnapshot | None) -> Report:
    report = Report()
    with transaction.atomic():
        library = _current(library)
        citations = list(
            Citation.objects.select_for_update(of=("self",))
            .filter(article_id__in=article_ids)
            .order_by("article_id", "position", "pk")
        )
        _check_citations(citations, report)
        claims = _locked(Claim.objects.filter(article_id__in=article_ids))
        _assess_claims(claims, report, library, citations=citations)
        SourceArticle.objects.filter(pk__in=article_ids).update(verified_at=timezone.now())
    return report


def recompute_claim(*, claim_id: int) -> Report:
    """Reassess one claim's flags and verdict from its facts as they are now."""
    report = Report()
    with transaction.atomic():
        claims = list(Claim.objects.select_for_update(of=("self",)).filter(pk=claim_id))
        if not claims:
            raise NotFound(f"There is no claim with id {claim_id}.")
        _assess_claims(claims, report, LibrarySnapshot())
    return report
