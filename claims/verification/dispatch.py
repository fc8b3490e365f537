"""Sending verification to the workers when the transaction commits.

Sent on commit, so a worker never reads rows not yet written; with no broker configured the
tasks run in-process right after the commit. The editor services decide what must be
re-checked and call these.
"""

from django.db import transaction

from claims import tasks


def _on_commit(task, *args) -> None:
    transaction.on_commit(lambda: task.delay(*args))


def request_verification(*, article_ids=(), citation_ids=(), claim_ids=()) -> None:
    """Verify these articles, re-check these citations (which reassesses the claims on them)
    and reassess these claims, once the transaction commits."""
    for article_id in sorted(set(article_ids)):
        _on_commit(tasks.verify_article, article_id)
    for citation_id in sorted(set(citation_ids)):
        _on_commit(tasks.verify_citation, citation_id)
    for claim_id in sorted(set(claim_ids)):
        _on_commit(tasks.recompute_claim, claim_id)
