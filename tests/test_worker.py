"""Real Celery worker processes, on the real Redis broker, run tasks against the database."""

import io
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection, transaction

from claims.editing.citations import accept_match
from claims.models import Citation, VerificationRun
from claims.tasks import verify_citation
from claims.verification import runs
from ketamine_evidence.celery import app
from studies.constants import SUBSTANCES
from studies.models import Substance
from tests.claims.library import library_study
from tests.claims.test_verification import DAKWAR_2020
from tests.conftest import missing_service
from tests.factories import make_article, make_citation, make_claim, make_link

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def database_url_of_test_database():
    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def wait_until(condition, timeout, interval=0.1):
    """True as soon as `condition()` is, False if it still is not after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return bool(condition())


class Worker:
    """One `celery worker` process (solo pool: tasks run in the process itself, so killing
    it kills the task too), logging to a file."""

    def __init__(self, queue, log, env, concurrency=1):
        self.log = log
        pool = "solo" if concurrency == 1 else "prefork"
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "ketamine_evidence", "worker",
                "--pool", pool, "--concurrency", str(concurrency), "--queues", queue,
                "--without-gossip", "--without-mingle",
                "--loglevel", "INFO", "--hostname", f"{log.stem}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip

    def output(self):
        return self.log.read_text() if self.log.exists() else ""

    def tail(self):
        return f"--- {self.log.name} ---\n{self.output()[-3000:]}"

    def kill(self):
        """SIGKILL, as the OOM killer or a lost machine would: no warm shutdown, so the task
        it holds is neither acknowledged nor handed back to the broker."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def broker():
    """The broker's URL once it answers, with this process sending tasks to it (the test
    settings run them in-process); skipped locally without Redis and PostgreSQL, a failure
    in CI."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url:
        missing_service("CELERY_BROKER_URL is not set: no broker for a real worker")
    if connection.vendor != "postgresql":
        missing_service("the worker test needs PostgreSQL, a database two processes can share")
    try:
        with app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as e:
        missing_service(f"the broker at {url} does not answer: {e}")
    old = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = url
    try:
        yield url
    finally:
        app.conf.task_always_eager, app.conf.broker_url = old


@pytest.fixture
def queue(broker):
    """A queue of this test's own, so that no other worker takes its tasks; emptied after."""
    name = f"test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    yield name
    with app.connection_for_write(broker) as conn:
        conn.default_channel.queue_purge(name)


@pytest.fixture
def start_worker(broker, queue, tmp_path):
    """`start_worker(name, **env)` starts a worker on the test's queue and database, with
    extra environment variables; every worker still running is stopped at the end."""
    workers = []

    def start(name="worker", concurrency=1, **extra_env):
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="tests.settings",
            DATABASE_URL=database_url_of_test_database(),
            CELERY_BROKER_URL=broker,
            **extra_env,
        )
        worker = Worker(queue, tmp_path / f"{name}.log", env, concurrency=concurrency)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def test_a_worker_process_verifies_a_citation_an_editor_matched(
    start_worker, queue, substances, django_user_model
):
    """The app's own path: the service sends the task on commit, the worker runs it."""
    worker = start_worker()
    dakwar2019 = library_study("dakwar2019")
    article = make_article(captured_text=f"Ketamine cut cocaine use [1].\n\n[1] {DAKWAR_2020}")
    citation = make_citation(article, raw_text=DAKWAR_2020, marker="[1]")
    app.conf.task_default_queue = queue
    try:
        editor = django_user_model.objects.create_user("edith")
        accept_match(citation_id=citation.pk, study_id=dakwar2019.pk, user=editor)
    finally:
        app.conf.task_default_queue = "celery"

    def checked():
        citation.refresh_from_db()
        return citation.checked_at is not None

    assert wait_until(checked, timeout=60), worker.tail()
    assert (citation.status, citation.study_id) == ("metadata_mismatch", dakwar2019.pk)
    assert "year written 2020, record says 2019" in citation.status_reason
    assert "Task claims.tasks.verify_citation[" in worker.output()


VISIBILITY_TIMEOUT = 3  # seconds; production's is an hour (README, CELERY_VISIBILITY_TIMEOUT)

# What verifying a citation writes (claims.verification.results).
RESULT_FIELDS = (
    "parsed", "study_id", "match_method", "match_confidence", "status", "status_reason",
    "discrepancies", "evidence",
)  # fmt: skip


def verification_result(citation_id):
    return Citation.objects.values(*RESULT_FIELDS).get(pk=citation_id)


def backends_waiting_to_lock(citation_id):
    """Backends waiting for a lock while they read this citation for update: a backend of
    another test (or autovacuum) waiting on rows of its own is not counted.

    PostgreSQL reads pg_stat_activity's state and query once per transaction and keeps them
    to its end (only the wait event is read afresh), and the test asks from inside the
    transaction that holds the lock: without clearing that snapshot, a worker first seen
    still setting up its connection would be seen so for ever, never waiting for the row."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid() AND query LIKE %s",
            [f'%"claims_citation"."id" = {int(citation_id)} %FOR UPDATE%'],
        )
        return cursor.fetchone()[0]


def test_a_session_that_starts_waiting_for_the_row_after_the_first_look_is_seen(postgresql, substances):
    # The race the killed-worker test lost now and then: its first look at the sessions came
    # while the worker was still connecting, and every later look, in the same transaction,
    # was shown that same moment.
    citation = make_citation(make_article(), raw_text=DAKWAR_2020, marker="[1]")
    other = psycopg2.connect(database_url_of_test_database())
    try:
        with transaction.atomic():
            Citation.objects.select_for_update().get(pk=citation.pk)
            assert backends_waiting_to_lock(citation.pk) == 0
            waiting = threading.Thread(
                target=lambda: other.cursor().execute(
                    'SELECT "claims_citation"."id" FROM "claims_citation" '
                    f'WHERE "claims_citation"."id" = {int(citation.pk)} LIMIT 1 FOR UPDATE'
                )
            )
            waiting.start()
            assert wait_until(lambda: backends_waiting_to_lock(citation.pk) == 1, timeout=30)
        waiting.join(timeout=30)
    finally:
        other.close()


@pytest.fixture
def substances():
    """The substances a migration made: a transaction=True test empties every table when it
    ends, so a later one finds them gone (serialized_rollback collides with the content
    types Django makes again after the flush)."""
    for code, name in SUBSTANCES:
        Substance.objects.update_or_create(code=code, defaults={"name": name})


def test_a_task_whose_worker_was_killed_mid_task_is_redelivered_after_the_visibility_timeout_and_runs_once(
    start_worker, queue, substances
):
    library_study("dakwar2019")
    article = make_article()
    citation = make_citation(article, raw_text=DAKWAR_2020, marker="[1]")
    make_link(make_claim(article), citation)
    # A twin of the citation and its link, for what a single, uneventful run writes.
    twin = make_citation(article, raw_text=DAKWAR_2020, marker="[1]")
    make_link(make_claim(article), twin)
    versions = citation.history.count()
    timeout = str(VISIBILITY_TIMEOUT)

    with transaction.atomic():
        # Hold the citation's row lock: verify_citation takes it first (select_for_update),
        # so worker 1's run blocks on it, mid-task, until we let go.
        Citation.objects.select_for_update().get(pk=citation.pk)
        sent = verify_citation.apply_async((citation.pk,), queue=queue)
        first = start_worker("worker-1", CELERY_VISIBILITY_TIMEOUT=timeout)
        received = f"Task claims.tasks.verify_citation[{sent.id}] received"
        assert wait_until(lambda: received in first.output(), timeout=30), first.tail()
        # Generous: on a loaded machine the task may start well after it was received.
        assert wait_until(lambda: backends_waiting_to_lock(citation.pk) == 1, timeout=60), first.tail()
        first.kill()
    # Our lock is gone. Worker 1's database session, orphaned, may now take the row lock
    # only to find its client gone: it rolls back and writes nothing.
    assert "succeeded" not in first.output()
    assert verification_result(citation.pk)["status"] == "unchecked"

    # The message is still in Redis, unacknowledged (acks_late), until the visibility
    # timeout passes and a worker's sweep puts it back in the queue.
    second = start_worker("worker-2", CELERY_VISIBILITY_TIMEOUT=timeout)

    def verified():
        return verification_result(citation.pk)["status"] != "unchecked"

    # Redelivered after the 3 s visibility timeout, not after the default hour. The wait is
    # a bound on giving up, generous so that a loaded machine does not fail it; how long
    # redelivery takes is not what is tested.
    assert wait_until(verified, timeout=180), first.tail() + second.tail()
    assert wait_until(
        lambda: f"Task claims.tasks.verify_citation[{sent.id}] succeeded" in second.output(),
        timeout=10,
    ), second.tail()

    # The same result as one run of the same work on the twin, in-process ...
    runs.verify_citation(citation_id=twin.pk)
    result, single_run = verification_result(citation.pk), verification_result(twin.pk)
    assert result["status"] == "metadata_mismatch"
    assert result == single_run
    # ... written once (one history row: the killed run wrote nothing), and final: running
    # it yet again changes nothing.
    assert citation.history.count() == versions + 1
    again = runs.verify_citation(citation_id=citation.pk)
    assert (again.citations_changed, again.claims_changed) == (0, 0)


def _twin_articles(n_citations=32, n_claims=4):
    """Two articles alike: claims that each lean on many of the article's citations, so that
    checking the citations at once reassesses the same claims at once."""
    built = []
    for _ in range(2):
        article = make_article()
        claims = [make_claim(article, key=f"claim-{i}") for i in range(n_claims)]
        citations = []
        for i in range(n_citations):
            citation = make_citation(article, raw_text=DAKWAR_2020, marker=f"[{i + 1}]", key=f"ref-{i}")
            for claim in (claims[i % n_claims], claims[(i + 1) % n_claims]):
                make_link(claim, citation)
            citations.append(citation)
        built.append((article, claims, citations))
    return built


def _claim_state(claim):
    claim.refresh_from_db()
    flags = sorted(claim.flags.values_list("code", "severity", "message"))
    return (claim.verdict, claim.certainty, claim.accuracy, claim.sourcing, flags)


def test_two_workers_checking_every_citation_at_once_lose_no_task_and_match_a_serial_run(
    start_worker, queue, substances
):
    library_study("dakwar2019")
    (_article, claims, citations), (_twin, twin_claims, twin_citations) = _twin_articles()
    workers = [start_worker(f"worker-{n}", concurrency=2) for n in (1, 2)]
    sent = [verify_citation.apply_async((c.pk,), queue=queue) for c in citations]

    def all_succeeded():
        logs = "".join(w.output() for w in workers)
        return sum(f"verify_citation[{task.id}] succeeded" in logs for task in sent) == len(sent)

    logs = lambda: "".join(w.tail() for w in workers)  # noqa: E731
    assert wait_until(all_succeeded, timeout=240), logs()
    assert "IntegrityError" not in "".join(w.output() for w in workers), logs()

    # The same work, one task after another, in-process, on the twin.
    for citation in twin_citations:
        runs.verify_citation(citation_id=citation.pk)
    for mine, twin in zip(citations, twin_citations, strict=True):
        result, serial = verification_result(mine.pk), verification_result(twin.pk)
        assert result["status"] == "metadata_mismatch"
        assert result == serial
    for mine, twin in zip(claims, twin_claims, strict=True):
        assert _claim_state(mine) == _claim_state(twin)
    # And final: verifying again changes nothing, and wrote no history row that changed nothing.
    for citation in citations:
        again = runs.verify_citation(citation_id=citation.pk)
        assert (again.citations_changed, again.claims_changed) == (0, 0)


def test_verify_all_on_the_workers_verifies_every_article_in_chunks_as_one_process_would(
    start_worker, queue, substances
):
    library_study("dakwar2019")
    (article, _claims, _citations), (twin, _, _) = _twin_articles(n_citations=6, n_claims=2)
    others = [make_article() for _ in range(3)]
    for other in others:
        make_citation(other, raw_text=DAKWAR_2020, marker="[1]")
    workers = [start_worker(f"worker-{n}") for n in (1, 2)]
    out = io.StringIO()
    app.conf.task_default_queue = queue
    try:
        call_command("verify", "--all", "--workers", "--chunk", "2", "--no-progress", stdout=out)
    finally:
        app.conf.task_default_queue = "celery"
    logs = "".join(w.tail() for w in workers)
    assert "5 article(s) to verify, sent as 3 task(s)" in out.getvalue(), logs
    assert "every article verified" in out.getvalue(), logs
    assert "Task claims.tasks.verify_articles[" in logs
    [run] = VerificationRun.objects.all()
    assert run.on_workers and run.finished_at is not None
    assert not Citation.objects.filter(checked_at=None).exists()
    assert "metadata_mismatch" in set(Citation.objects.values_list("status", flat=True))
    # A run in this process, one article after another, from there finds nothing to change:
    # the workers left what a serial run leaves.
    for verified in (article, twin, *others):
        again = runs.verify_article(article_id=verified.pk)
        assert (again.citations_changed, again.claims_changed) == (0, 0)
