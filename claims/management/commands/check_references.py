"""manage.py check_references PATH|- [--json]: check raw references, saving nothing.

The command is for long lists: it sends the references to the service
(`claims.checking.batch`) in batches of at most the service's limit and prints
each batch's results as soon as they are ready, in input order, so any number of lines can
be checked. The REST endpoint keeps its own, lower limit per request.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.checking.batch import (
    MAX_REFERENCES,
    ReferenceCheckError,
    check_references,
)
from studies.references.parsing import MAX_CHARS


class Command(BaseCommand):
    help = (
        "Check raw references, one per line, against the study library and print each one's "
        "status, matched study, discrepancies and reason, in input order. Blank lines are "
        "skipped. Any number of lines: they are checked in batches and printed as each batch "
        "is done. Nothing is saved."
    )
    # Tests (and callers) may pass a stream to read instead of the process's stdin.
    stealth_options = ("stdin",)
    # References sent to the service at a time: its own limit.
    batch_size = MAX_REFERENCES

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
        references = []
        for number, line in enumerate(text.splitlines(), start=1):
            reference = line.strip()
            if not reference:
                continue
            if len(reference) > MAX_CHARS:
                # Said before anything is printed, by the line's number in the input.
                raise CommandError(
                    f"Line {number} is {len(reference)} characters long; one reference is at "
                    f"most {MAX_CHARS}. Nothing was checked."
                )
            references.append(reference)
        if not references:
            source = "standard input" if path == "-" else path
            self.stderr.write(f"No references to check: {source} has no non-blank lines.")
            return
        for start in range(0, len(references), self.batch_size):
            batch = references[start : start + self.batch_size]
            try:
                results = check_references(references=batch)
            except ReferenceCheckError as exc:
                raise CommandError(str(exc)) from None
            for result in results:
                self._write(result, as_json)
            self.stdout.flush()

    def _write(self, result, as_json):
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        study = result["study"]
        found = f"study {study['id']}" if study else "no study"
        self.stdout.write(
            f"{result['status']:<20} {result['confidence']:.2f}  {found:<12} {result['input'][:80]}"
        )
        self.stdout.write(f"    {result['reason']}")

    def _read(self, path, stdin):
        if path == "-":
            # Bytes, decoded here as a file is: text the terminal decoded would carry
            # replacement characters for what is not UTF-8 instead of an error.
            raw = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read()
            if isinstance(raw, str):
                return raw
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise CommandError(
                    f"Standard input is not UTF-8 text ({exc.reason} at byte {exc.start})."
                ) from None
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
