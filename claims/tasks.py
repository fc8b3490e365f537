"""Celery tasks for verification: ids in, idempotent, safe to run again.

Verification recomputes everything from the rows as they are and writes only what changed,
so a task that a dead worker left unacknowledged (acks_late) can run a second time with no
other effect. A row deleted before the task runs is nothing to do, not an error worth a retry.
Tasks are sent by `claims.verification.dispatch` when the transaction commits.
"""

import logging

from celery import shared_task
from django.db import OperationalError

from claims.verification import runs
from core.errors import NotFound

log = logging.getLogger(__name__)

# A lock timeout or deadlock between two runs on the same rows is worth another try, later;
# the run that failed rolled back whole, so retrying is safe.
RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 3,
}


def _run(use_case, what, **ids):
    """Run a use case; a row deleted before the task ran is nothing to do."""
    try:
        report = use_case(**ids)
    except NotFound as exc:
        log.info("%s(%s) skipped: %s", what, ", ".join(map(str, ids.values())), exc)
        return None
    return {"citations_changed": report.citations_changed, "claims_changed": report.claims_changed}


@shared_task(**RETRY)
def verify_citation(citation_id):
    return _run(runs.verify_citation, "verify_citation", citation_id=citation_id)


@shared_task(**RETRY)
def verify_article(article_id):
    return _run(runs.verify_article, "verify_article", article_id=article_id)


@shared_task(**RETRY)
def verify_articles(article_ids):
    """A chunk of a bulk run, in one transaction: a retry after a lost worker redoes the
    chunk, and redoing what had been done changes nothing."""
    return _run(runs.verify_articles, "verify_articles", article_ids=article_ids)


@shared_task(**RETRY)
def recompute_claim(claim_id):
    return _run(runs.recompute_claim, "recompute_claim", claim_id=claim_id)


@shared_task(**RETRY)
def verify_citations_naming(study_ids):
    """The citations found in no library that may name these studies, checked again."""
    return _run(runs.verify_citations_naming, "verify_citations_naming", study_ids=study_ids)
