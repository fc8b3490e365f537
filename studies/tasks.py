"""Celery tasks of the literature: the periodic re-check of the library at the registries.

Run by Celery beat (`celery -A ketamine_evidence beat`, schedule in settings
CELERY_BEAT_SCHEDULE); each study is its own task, so one registry's failure costs one study.
"""

import datetime

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from studies.library.registry import recheck_study
from studies.models import Study

# A study asked about this recently is not asked again.
RECHECK_AFTER = datetime.timedelta(days=7)


def due_study_ids(*, now=None, limit: int | None = None) -> list[int]:
    """Studies with a DOI, a PMID or a PMCID whose notices were not asked about recently,
    oldest first."""
    now = now or timezone.now()
    studies = (
        Study.objects.exclude(doi="", pmid="", pmcid="")
        .filter(
            Q(registry_checked_at__isnull=True) | Q(registry_checked_at__lt=now - RECHECK_AFTER)
        )
        .order_by("registry_checked_at", "pk")
        .values_list("pk", flat=True)
    )
    return list(studies[:limit] if limit else studies)


@shared_task(acks_late=True)
def recheck_library():
    """Send one re-check task per study that is due (nothing when the registries are off)."""
    if not settings.REGISTRIES_ENABLED:
        return 0
    ids = due_study_ids()
    for study_id in ids:
        recheck_study_notices.delay(study_id)
    return len(ids)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def recheck_study_notices(study_id):
    if not Study.objects.filter(pk=study_id).exists():
        return False
    return recheck_study(study_id=study_id)
