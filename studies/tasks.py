from celery import shared_task

from . import services


@shared_task(acks_late=True)
def classify_study_topic(study_id):
    """Idempotent: classifying twice gives the same flags."""
    services.classify_study_topic(study_id=study_id)
