"""manage.py verify --article ID | --all: check citations, store flags, verdicts, sourcing and
accuracy.

    manage.py verify --all                    # here, one article after another
    manage.py verify --all --workers          # on the Celery workers, in chunks of articles
    manage.py verify --all --resume [--workers]   # finish a run that was interrupted
"""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims.constants import ACCURACY, CITATION_STATUSES, VERDICTS
from claims.models import SourceArticle
from claims.verification import bulk
from claims.verification.runs import verify_article
from core.errors import NotFound


class _Stream:
    """tqdm writes carriage returns; Django's OutputWrapper would add a newline to each."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")

    def flush(self):
        self.wrapper.flush()


class Command(BaseCommand):
    help = (
        "Verify citations: parse and match each reference, decide its status, raise flags and "
        "recompute verdicts. Running it twice changes nothing the second time."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--article", type=int, metavar="ID", help="Verify one article.")
        which.add_argument("--all", action="store_true", help="Verify every article.")
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not draw a progress bar."
        )
        parser.add_argument(
            "--resume",
            action="store_true",
            help="With --all: finish the latest interrupted run (its articles not verified yet).",
        )
        parser.add_argument(
            "--workers",
            action="store_true",
            help=(
                "With --all: send the articles to the Celery workers in chunks and follow "
                "their progress (needs CELERY_BROKER_URL and running workers)."
            ),
        )
        parser.add_argument(
            "--chunk", type=int, default=bulk.CHUNK, metavar="N",
            help=f"With --all: articles per transaction, and per task with --workers (default {bulk.CHUNK}).",
        )  # fmt: skip

    def handle(
        self, *args, article=None, all=False, no_progress=False, resume=False, workers=False,
        chunk=bulk.CHUNK, **options,
    ):  # fmt: skip
        if (resume or workers) and not all:
            raise CommandError("--resume and --workers go with --all.")
        if chunk < 1:
            raise CommandError("--chunk must be at least 1.")
        bars = []  # drawn on the first report, once the number of citations is known

        def progress(done, total):
            if not bars:
                bars.append(
                    tqdm(
                        total=total,
                        unit="citation",
                        desc="Verifying",
                        file=_Stream(self.stderr),
                        disable=no_progress,
                        ncols=80,
                    )
                )
            bars[0].total = total
            bars[0].n = done
            bars[0].refresh()

        try:
            if all:
                run = bulk.start_run(resume=resume, on_workers=workers)
                if workers:
                    self.follow_workers(run.pk, chunk, no_progress)
                    return
                report = bulk.verify_in_process(run_id=run.pk, progress=progress, chunk=chunk)
            else:
                if not SourceArticle.objects.filter(pk=article).exists():
                    raise CommandError(
                        f"There is no article with id {article}. "
                        "List them in the admin, or use --all."
                    )
                total = SourceArticle.objects.get(pk=article).citations.count()
                progress(0, total)
                report = verify_article(article_id=article)
                progress(total, total)
        except NotFound as exc:
            raise CommandError(str(exc)) from None
        finally:
            for bar in bars:
                bar.close()

        self.stdout.write(
            f"Checked {report.citations} citations ({report.citations_changed} changed) "
            f"and {report.claims} claims ({report.claims_changed} changed)."
        )
        self.stdout.write("Citations by status:")
        for code, label in CITATION_STATUSES:
            self.stdout.write(f"  {label:<22} {report.statuses.get(code, 0):>5}")
        self.stdout.write("Claims by accuracy:")
        for code, label in ACCURACY:
            self.stdout.write(f"  {label:<22} {report.accuracy.get(code, 0):>5}")
        self.stdout.write("Claims by verdict (how far their own citations support them):")
        for code, label in VERDICTS:
            self.stdout.write(f"  {label:<22} {report.verdicts.get(code, 0):>5}")
        self.stdout.write(
            f"Flags: {report.flags_created} raised, {report.flags_updated} updated, "
            f"{report.flags_deleted} cleared, {report.dismissals_cleared} dismissals reopened "
            "because their evidence changed."
        )
        self.stdout.write(self.style.SUCCESS("Verification done."))

    def follow_workers(self, run_id, chunk, no_progress):
        """Send the run's articles to the workers, then follow the rows until all are done
        (interrupting this leaves the run to --resume; the tasks already sent still run)."""
        tasks = bulk.send_to_workers(run_id=run_id, chunk=chunk)
        done, total = bulk.progress_of(run_id=run_id)
        self.stdout.write(
            f"Run {run_id}: {total - done} article(s) to verify, sent as {tasks} task(s)."
        )
        bar = tqdm(
            total=total, initial=done, unit="article", desc="Verifying", file=_Stream(self.stderr),
            disable=no_progress, ncols=80,
        )  # fmt: skip
        try:
            while not bulk.finish_if_done(run_id=run_id):
                time.sleep(1)
                bar.n = bulk.progress_of(run_id=run_id)[0]
                bar.refresh()
            bar.n = total
            bar.refresh()
        finally:
            bar.close()
        self.stdout.write(self.style.SUCCESS(f"Run {run_id}: every article verified."))
