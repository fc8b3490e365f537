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


@shared_task(**RETRY)
def verify_citation(citation_id):
    try:
        report = runs.verify_citation(citation_id=citation_id)
    except NotFound as exc:
        log.info("verify_citation(%s) skipped: %s", citation_id, exc)
        return None
    return {"citations_changed": report.citations_changed, "claims_changed": report.claims_changed}


@shared_task(**RETRY)
def verify_article(article_id):
    try:
        report = runs.verify_article(article_id=article_id)
    except NotFound as exc:
        log.info("verify_article(%s) skipped: %s", article_id, exc)
        return None
    return {"citations_changed": report.citations_changed, "claims_changed": report.claims_changed}


@shared_task(**RETRY)
def recompute_claim(claim_id):
    try:
        report = runs.recompute_claim(claim_id=claim_id)
    except NotFound as exc:
        log.info("recompute_claim(%s) skipped: %s", claim_id, exc)
        return None
    return {"claims_changed": report.claims_changed}
