"""manage.py recheck_registries [--all] [--limit N]: ask the registries again about the
notices (retractions, corrections) of the library's studies, with a progress bar. The same
re-check Celery beat runs every night (studies.tasks.recheck_library)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from studies.library.registry import recheck_study
from studies.models import Study
from studies.tasks import due_study_ids


class Command(BaseCommand):
    help = (
        "Re-check the library's studies (those with a DOI or PMID) at Crossref and PubMed "
        "for retractions and corrections; a study whose standing changed has its citations "
        "checked again. By default only the studies not asked about in the last 7 days."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Every study with a DOI or PMID.")
        parser.add_argument(
            "--limit", type=int, default=None, help="At most this many studies (1 or more)."
        )

    def handle(self, *args, all=False, limit=None, **options):
        if not settings.REGISTRIES_ENABLED:
            raise CommandError(
                "The registries are turned off (REGISTRIES_ENABLED): nothing can be re-checked."
            )
        if limit is not None and limit < 1:
            # A slice would read it from the other end (or refuse it, as a query does).
            raise CommandError(f"--limit must be a number of studies from 1 (got {limit}).")
        if all:
            ids = list(
                Study.objects.exclude(doi="", pmid="").order_by("pk").values_list("pk", flat=True)
            )
            ids = ids[:limit] if limit else ids
        else:
            ids = due_study_ids(limit=limit)
        rechecked = changed = unreached = 0
        for study_id in tqdm(ids, desc="studies", unit="study", file=self.stderr, disable=not ids):
            result = recheck_study(study_id=study_id)
            if result is None:  # no registry answered: nothing is known of its notices
                unreached += 1
                continue
            rechecked += 1
            changed += result
        summary = f"Re-checked {studies(rechecked)}: {changed} with new notices."
        if unreached:
            summary += f" {studies(unreached)} could not be re-checked: no registry could be reached."
        self.stdout.write(summary)


def studies(count: int) -> str:
    return f"{count} stud{'y' if count == 1 else 'ies'}"
