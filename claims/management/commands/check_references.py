"""manage.py check_references PATH|- [--json]: check raw references, saving nothing."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.services.reference_check import ReferenceCheckError, check_references


class Command(BaseCommand):
    help = (
        "Check raw references, one per line, against the study library and print each one's "
        "status, matched study, discrepancies and reason, in input order. Blank lines are "
        "skipped. Nothing is saved."
    )
    # Tests (and callers) may pass a stream to read instead of the process's stdin.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("path", help="A text file with one reference per line, or - for stdin.")
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Print one JSON object per line (JSON Lines) instead of a table.",
        )

    def handle(self, *args, path, as_json=False, **options):
        text = self._read(path, options.get("stdin") or sys.stdin)
        references = [line.strip() for line in text.splitlines() if line.strip()]
        try:
            results = check_references(references=references)
        except ReferenceCheckError as exc:
            raise CommandError(str(exc)) from None
        for result in results:
            if as_json:
                self.stdout.write(json.dumps(result, ensure_ascii=False))
            else:
                study = result["study"]
                found = f"study {study['id']}" if study else "no study"
                self.stdout.write(
                    f"{result['status']:<20} {result['confidence']:.2f}  {found:<12} "
                    f"{result['input'][:80]}"
                )
                self.stdout.write(f"    {result['reason']}")

    def _read(self, path, stdin):
        if path == "-":
            return stdin.read()
        file = Path(path)
        if not file.exists():
            raise CommandError(f"No such file: {path}")
        if not file.is_file():
            raise CommandError(f"Not a file: {path}")
        try:
            return file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})."
            ) from None
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
