"""manage.py import_library PATH [PATH ...]: import studies from CSL-JSON, RIS or BibTeX.

The format is chosen by extension (.json CSL-JSON, .ris RIS, .bib BibTeX). Each file is
imported in one transaction: a bad record stops that file with a message naming the record,
and nothing from the file is saved. Other files still import; the command then fails.

The kind of source of a new study comes from its record's type when the type tells it (a
journal article, a newspaper or magazine article); for other types (web pages, reports,
books, ...) it must be given, since it cannot be known from the file:

    manage.py import_library lib.json --source-kind webpage=consumer_health_page
    manage.py import_library stats.ris --source-kind official_statistics   # any other type

A record fills the empty fields of the study it updates. Where both have a value and they
differ, each conflict is listed by field; the library's value is kept unless the editor
asks for the file's with --on-conflict replace (curated studies keep theirs either way).
"""

import sys
from functools import partial
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from studies import formats
from studies.constants import ON_CONFLICT
from studies.library.importing import (
    ANY_OTHER_TYPE,
    UnknownSourceKind,
    check_source_kinds,
    import_studies,
)


class Command(BaseCommand):
    help = "Import studies from CSL-JSON (.json), RIS (.ris) or BibTeX (.bib) files."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Library files to import.")
        parser.add_argument(
            "--source-kind",
            action="append",
            default=[],
            metavar="[TYPE=]KIND",
            dest="source_kinds",
            help=(
                "Kind of source (peer_reviewed_article, official_statistics, "
                "consumer_health_page, news_or_explainer, marketing) of the records of CSL "
                "type TYPE (e.g. webpage=consumer_health_page), or without TYPE of every "
                "record whose type does not tell it. May be repeated."
            ),
        )

        parser.add_argument(
            "--on-conflict",
            choices=ON_CONFLICT,
            default="keep",
            help=(
                "Where a record and the study it updates both have a value and differ: keep "
                "the library's (default) or replace it with the file's. Each conflict is "
                "listed either way; curated studies keep their values."
            ),
        )

    def handle(self, *args, paths, source_kinds=(), on_conflict="keep", **options):
        kinds = {}
        for given in source_kinds:
            work_type, _, kind = given.rpartition("=")
            kinds[work_type.strip() or ANY_OTHER_TYPE] = kind.strip()
        try:
            check_source_kinds(kinds)
        except ValueError as e:
            raise CommandError(f"--source-kind: {e}") from None
        failures = []
        for path in paths:
            try:
                self.import_file(
                    Path(path),
                    show_progress=options["verbosity"] > 0,
                    source_kinds=kinds,
                    on_conflict=on_conflict,
                )
            except CommandError as e:
                failures.append(str(e))
                self.stderr.write(str(e))
        if failures:
            raise CommandError(
                f"{len(failures)} of {len(paths)} file(s) not imported; nothing was saved from them."
            )

    def import_file(self, path, *, show_progress, source_kinds, on_conflict):
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
            result = import_studies(
                records=records,
                progress=progress,
                source_kinds=source_kinds,
                on_conflict=on_conflict,
            )
        except UnknownSourceKind as e:
            raise CommandError(
                f"{path}: {e}; give it with --source-kind {e.work_type}=KIND "
                "(or --source-kind KIND for every type that does not tell it)"
            ) from None
        except formats.RecordError as e:
            raise CommandError(f"{path}: {e}") from None
        except DatabaseError as e:
            # The last line of defence: the transaction is rolled back, and the file is named.
            raise CommandError(
                f"{path}: the database refused the file, so nothing from it was saved: {e}"
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{path}: {len(records)} record(s): {len(result.created)} created, "
                f"{len(result.updated)} updated, {len(result.unchanged)} unchanged."
            )
        )
        if result.conflicts:
            replaced = sum(c.replaced for c in result.conflicts)
            studies = len({c.study_id for c in result.conflicts})
            advice = "" if on_conflict == "replace" else " (--on-conflict replace takes the file's)"
            self.stdout.write(
                self.style.WARNING(
                    f"{path}: {len(result.conflicts)} conflict(s) in {studies} study(ies): "
                    f"{replaced} replaced by the file's value, "
                    f"{len(result.conflicts) - replaced} kept{advice}:"
                )
            )
            for conflict in result.conflicts:
                self.stdout.write(f"  {conflict.describe()}")
