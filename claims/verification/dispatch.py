"""Sending verification to the workers when the transaction commits.

Sent on commit, so a worker never reads rows not yet written; with no broker configured the
tasks run in-process right after the commit. The editor services decide what must be
re-checked and call `request_verification`. A use case that makes many changes at once (an
admin form with its inlines, the seed-corpus loader) gathers them in `batched()`, so that
each article, citation and claim is sent once, and not at all when its whole article is.
"""

import threading
from contextlib import contextmanager

from django.db import transaction

from claims import tasks
from claims.models import Citation, Claim

_local = threading.local()


def _on_commit(task, *args) -> None:
    transaction.on_commit(lambda: task.delay(*args))


def _send(*, article_ids=(), citation_ids=(), claim_ids=()) -> None:
    for article_id in sorted(set(article_ids)):
        _on_commit(tasks.verify_article, article_id)
    for citation_id in sorted(set(citation_ids)):
        _on_commit(tasks.verify_citation, citation_id)
    for claim_id in sorted(set(claim_ids)):
        _on_commit(tasks.recompute_claim, claim_id)


def request_naming_check(*, study_ids) -> None:
    """Look for the citations found in no library that may name these studies (just added,
    or given an identifier), and check them again, once the transaction commits."""
    if study_ids:
        _on_commit(tasks.verify_citations_naming, sorted(set(study_ids)))


def request_articles_in_chunks(*, chunks) -> None:
    """Verify these lists of articles, one task per list, once the transaction commits."""
    for article_ids in chunks:
        _on_commit(tasks.verify_articles, list(article_ids))


def request_verification(*, article_ids=(), citation_ids=(), claim_ids=()) -> None:
    """Verify these articles, re-check these citations (which reassesses the claims on them)
    and reassess these claims, once the transaction commits."""
    batch = getattr(_local, "batch", None)
    if batch is None:
        _send(article_ids=article_ids, citation_ids=citation_ids, claim_ids=claim_ids)
        return
    batch["article_ids"].update(article_ids)
    batch["citation_ids"].update(citation_ids)
    batch["claim_ids"].update(claim_ids)


@contextmanager
def batched():
    """Gather the verification requests made inside, and send them once, deduplicated, when
    the block ends without an error (on commit, as always). Nested blocks join the outer one."""
    if getattr(_local, "batch", None) is not None:
        yield
        return
    batch = {"article_ids": set(), "citation_ids": set(), "claim_ids": set()}
    _local.batch = batch
    try:
        yield
    finally:
        _local.batch = None
    articles = batch["article_ids"]
    if articles:
        # Verifying an article checks its citations and reassesses its claims.
        batch["citation_ids"] -= set(
            Citation.objects.filter(pk__in=batch["citation_ids"], article_id__in=articles)
            .values_list("pk", flat=True)
        )
        batch["claim_ids"] -= set(
            Claim.objects.filter(pk__in=batch["claim_ids"], article_id__in=articles)
            .values_list("pk", flat=True)
        )
    _send(**batch)
