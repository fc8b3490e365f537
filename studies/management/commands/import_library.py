"""manage.py import_library PATH [PATH ...]: import studies from CSL-JSON, RIS or BibTeX.

The format is chosen by extension (.json CSL-JSON, .ris RIS, .bib BibTeX). Each file is
imported in one transaction: a bad record stops that file with a message naming the record,
and nothing from the file is saved. Other files still import; the command then fails.
"""

import sys
from functools import partial
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from studies import formats
from studies.services import import_studies


class Command(BaseCommand):
    help = "Import studies from CSL-JSON (.json), RIS (.ris) or BibTeX (.bib) files."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Library files to import.")

    def handle(self, *args, paths, **options):
        failures = []
        for path in paths:
            try:
                self.import_file(Path(path), show_progress=options["verbosity"] > 0)
            except CommandError as e:
                failures.append(str(e))
                self.stderr.write(str(e))
        if failures:
            raise CommandError(
                f"{len(failures)} of {len(paths)} file(s) not imported; nothing was saved from them."
            )

    def import_file(self, path, *, show_progress):
        fmt = formats.format_for_path(path)
        if fmt is None:
            raise CommandError(
                f"{path}: unknown file type; expected {', '.join(sorted(formats.FORMATS))}"
            )
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as e:
            raise CommandError(f"{path}: cannot read the file: {e.strerror or e}") from None
        except UnicodeDecodeError as e:
            raise CommandError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
        try:
            records = formats.read(text, fmt)
            progress = partial(
                tqdm, desc=path.name, unit="record", disable=not show_progress, file=sys.stderr
            )
            result = import_studies(records=records, progress=progress)
        except formats.RecordError as e:
            raise CommandError(f"{path}: {e}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{path}: {len(records)} record(s): {len(result.created)} created, "
                f"{len(result.updated)} updated, {len(result.unchanged)} unchanged."
            )
        )
