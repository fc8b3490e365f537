"""manage.py index_library: rewrite the reference matcher's keys of every study, and count
the evidence map again.

Saving a study keeps both current; this is for studies inserted in bulk without being saved
one by one (a bulk_create, SQL, a fixture), or after the definition of the keys changed.
"""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from studies.library.map_counts import rebuild_map_counts
from studies.library.match_index import rebuild_match_keys, tidy_key_tables
from studies.models import Study


class Command(BaseCommand):
    help = (
        "Rewrite the match keys of every study and the evidence map's counts (after studies "
        "were inserted in bulk)."
    )

    def handle(self, *args, **options):
        def progress(chunks):
            return tqdm(
                chunks, desc="studies", unit="chunk", file=sys.stderr,
                disable=options["verbosity"] == 0,
            )  # fmt: skip

        keys = rebuild_match_keys(progress=progress)
        tidy_key_tables()
        cells = rebuild_map_counts()
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {Study.objects.count()} studies, {keys} keys; the evidence map has {cells} cells."
            )
        )
