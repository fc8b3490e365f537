import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketamine_evidence.settings")

app = Celery("ketamine_evidence")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
