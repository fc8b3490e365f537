"""A real Celery worker process, on the real Redis broker, runs a task against the database."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction

from ketamine_evidence.celery import app
from studies.models import Study
from studies.tasks import classify_study_topic
from tests.conftest import missing_service

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def database_url_of_test_database():
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(tmp_path):
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker:
        missing_service("CELERY_BROKER_URL is not set: no broker for a real worker")
    if connection.vendor != "postgresql":
        missing_service("the worker test needs PostgreSQL, a database two processes can share")
    try:
        with app.connection_for_write(broker) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as e:
        missing_service(f"the broker at {broker} does not answer: {e}")

    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=database_url_of_test_database(),
        CELERY_BROKER_URL=broker,
    )
    log = tmp_path / "worker.log"
    queue = f"test-{os.getpid()}"
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "ketamine_evidence", "worker",
            "--pool", "solo", "--concurrency", "1", "--queues", queue,
            "--without-gossip", "--without-mingle", "--loglevel", "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    old = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = broker
    try:
        yield queue, log
    finally:
        app.conf.task_always_eager, app.conf.broker_url = old
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_a_worker_process_classifies_a_study_sent_on_commit(worker):
    queue, log = worker
    with transaction.atomic():
        study = Study.objects.create(
            title="Ketamine for the treatment of addiction: evidence and potential mechanisms",
            topic_source="importer",
        )
        # Sent only once the row is committed, so the worker can read it.
        transaction.on_commit(lambda: classify_study_topic.apply_async((study.pk,), queue=queue))

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        study.refresh_from_db()
        if study.about_ketamine is not None:
            break
        time.sleep(0.25)
    assert (study.about_ketamine, study.about_substance_use) == (True, True), log.read_text()[-3000:]
    assert "Task studies.tasks.classify_study_topic[" in log.read_text()
