"""Verifying the whole corpus: `verify --all`, in one process or on the Celery workers.

A run records when it began; an article is done once its `verified_at` is later, so a run
that was interrupted (a killed command, a lost worker) resumes with the articles still
verified before it began, and progress is a count of rows, whichever process did the work.
"""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from claims.models import SourceArticle, VerificationRun
from claims.verification import dispatch, runs
from claims.verification.rows import LibrarySnapshot
from core.errors import NotFound

# Articles per task and per transaction: big enough that a transaction's queries are paid
# rarely, small enough that workers share the work evenly, that editors wait little for the
# rows it locks and that a lost task costs little.
CHUNK = 20


def _pending(run: VerificationRun):
    return SourceArticle.objects.filter(
        Q(verified_at__isnull=True) | Q(verified_at__lt=run.started_at)
    )


@transaction.atomic
def start_run(*, resume: bool = False, on_workers: bool = False) -> VerificationRun:
    """A new run over every article, or with `resume` the latest unfinished one."""
    if resume:
        run = VerificationRun.objects.filter(finished_at__isnull=True).order_by("-pk").first()
        if run is None:
            raise NotFound("There is no unfinished verification run to resume.")
        if on_workers and not run.on_workers:
            VerificationRun.objects.filter(pk=run.pk).update(on_workers=True)
        return run
    return VerificationRun.objects.create(
        started_at=timezone.now(), articles=SourceArticle.objects.count(), on_workers=on_workers
    )


def progress_of(*, run_id: int) -> tuple[int, int]:
    """(articles done, articles in the run)."""
    run = VerificationRun.objects.get(pk=run_id)
    return run.articles - min(run.articles, _pending(run).count()), run.articles


def finish_if_done(*, run_id: int) -> bool:
    """Mark the run finished once no article is left; True when it is."""
    with transaction.atomic():
        run = VerificationRun.objects.select_for_update().get(pk=run_id)
        if run.finished_at is None:
            if _pending(run).exists():
                return False
            run.finished_at = max(timezone.now(), run.started_at)
            run.save(update_fields=["finished_at"])
    return True


def verify_in_process(*, run_id: int, progress=None, chunk: int = CHUNK) -> runs.Report:
    """Verify the run's remaining articles here, `chunk` per transaction; `progress(done,
    total)` in citations after each chunk."""
    run = VerificationRun.objects.get(pk=run_id)
    articles = list(
        _pending(run).annotate(n=Count("citations")).order_by("pk").values_list("pk", "n")
    )
    report = runs.Report()
    library = LibrarySnapshot()
    total, done = sum(n for _pk, n in articles), 0
    if progress:
        progress(done, total)
    for start in range(0, len(articles), chunk):
        group = articles[start : start + chunk]
        report.add(runs.verify_articles(article_ids=[pk for pk, _n in group], library=library))
        done += sum(n for _pk, n in group)
        if progress:
            progress(done, total)
    finish_if_done(run_id=run_id)
    return report


def verify_all(*, progress=None) -> runs.Report:
    """A new run over every article, verified here (see verify_in_process)."""
    return verify_in_process(run_id=start_run().pk, progress=progress)


@transaction.atomic
def send_to_workers(*, run_id: int, chunk: int = CHUNK) -> int:
    """Send the run's remaining articles to the workers, `chunk` per task, when this
    transaction commits; returns the number of tasks."""
    run = VerificationRun.objects.get(pk=run_id)
    ids = list(_pending(run).order_by("pk").values_list("pk", flat=True))
    chunks = [ids[start : start + chunk] for start in range(0, len(ids), chunk)]
    dispatch.request_articles_in_chunks(chunks=chunks)
    return len(chunks)
