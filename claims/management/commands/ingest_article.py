"""manage.py ingest_article FILE|- [--title T] [--publisher P] [--url U] [--dry-run] [--json]

Takes in a page (text, Markdown or HTML; `-` reads standard input) and proposes its claims,
references and markers. With --dry-run nothing is saved; with --json the proposal is printed
as one JSON object, offsets into its "text". Without --dry-run every proposal is accepted
and saved as one article, through the editor services, and verified.
"""

import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims.editing.intake import accept_intake, details_not_applied, not_applied_sentence
from claims.intake.capture import MAX_BYTES, CaptureError, capture_bytes, check_size
from claims.selectors import intake_proposal


class Command(BaseCommand):
    help = (
        "Take in an article's page (a .txt, .md or .html file, or - for standard input): "
        "propose its claims, references and in-text markers, and save them as one article "
        "(or, with --dry-run, only show them)."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("path", help="The page: a .txt, .md or .html file, or - for stdin.")
        parser.add_argument("--title", default="", help="The article's title (else the page's).")
        parser.add_argument("--publisher", default="", help="Publisher or site.")
        parser.add_argument("--url", default="", help="Where the page was published.")
        parser.add_argument("--encoding", default=None, help="The file's encoding, if not UTF-8.")
        parser.add_argument("--dry-run", action="store_true", help="Save nothing.")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print one JSON object."
        )

    def handle(self, *args, path, as_json=False, dry_run=False, **options):
        data, name = self._read(path, options.get("stdin") or sys.stdin)
        try:
            captured = capture_bytes(
                data, filename=name, encoding=options["encoding"], url=options["url"]
            )
        except CaptureError as error:
            # Only this command can be told the encoding: the admin and the API take UTF-8.
            hint = " (Or name its encoding with --encoding.)" if error.undecodable and not options["encoding"] else ""
            raise CommandError(f"{name or 'standard input'}: {error}{hint} Nothing was saved.") from None
        proposal = intake_proposal(captured=captured)
        if dry_run:
            self._print(proposal, as_json=as_json, saved=None)
            return
        try:
            article = accept_intake(
                user=None,
                note="ingested with manage.py ingest_article",
                captured=captured,
                citations=proposal["citations"],
                claims=proposal["claims"],
                saved_citations=proposal["saved_citations"],
                saved_claims=proposal["saved_claims"],
                title=options["title"],
                publisher=options["publisher"],
                url=options["url"],
            )
        except ValidationError as error:
            raise CommandError(f"Nothing was saved: {'; '.join(error.messages)}") from None
        # A page taken in before keeps its details: say which given were not applied,
        # rather than drop them without a word.
        given = {name: options.get(name) or "" for name in ("title", "publisher", "url")}
        not_applied = details_not_applied(article, given) if proposal["article"] else {}
        self._print(proposal, as_json=as_json, saved=article, not_applied=not_applied)

    def _read(self, path: str, stdin) -> tuple[bytes, str]:
        if path == "-":
            stream = getattr(stdin, "buffer", None)
            data = stream.read(MAX_BYTES + 1) if stream else stdin.read(MAX_BYTES + 1).encode()
            return data, ""
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            check_size(file.stat().st_size)  # before the file is read
        except CaptureError as error:
            raise CommandError(f"{path}: {error} Nothing was saved.") from None
        return file.read_bytes(), file.name

    def _print(self, proposal: dict, *, as_json: bool, saved, not_applied=None) -> None:
        if as_json:
            if saved is not None:
                proposal = {
                    **proposal,
                    "article": {"id": saved.pk, "key": saved.key},
                    "not_applied": not_applied or {},
                }
            self.stdout.write(json.dumps(proposal, ensure_ascii=False))
            return
        if not_applied:
            self.stdout.write(
                f"This page was already taken in as article {saved.key} (id {saved.pk}). "
                + not_applied_sentence([f"--{name}" for name in not_applied])
            )
        done = "Saved" if saved is not None else "Proposed (nothing saved)"
        self.stdout.write(
            f"{done}: {len(proposal['claims'])} claim(s), {len(proposal['citations'])} "
            f"citation(s), {len(proposal['markers'])} marker(s) and mention(s)"
            + (f" as article {saved.key} (id {saved.pk})." if saved is not None else ".")
        )
        skipped = proposal["already_saved"]
        if skipped["claims"] or skipped["citations"]:
            self.stdout.write(
                f"Already saved, not proposed again: {skipped['claims']} claim(s), "
                f"{skipped['citations']} citation(s)."
            )
        for citation in proposal["citations"]:
            suggestion = citation.get("suggestion") or {}
            study = suggestion.get("study") or {}
            match = f" -> {study.get('title', '')[:50]}" if study else ""
            self.stdout.write(
                f"  [{citation['key']}] {citation['location']}: {citation['raw'][:70]}"
                f"{' (' + suggestion['status'] + ')' if suggestion else ''}{match}"
            )
        for claim in proposal["claims"]:
            cites = ", ".join(claim["citations"])
            self.stdout.write(
                f"  {claim['start']:>6} {claim['claim_type']:<13} {claim['quote'][:80]}"
                + (f"  <- {cites}" if cites else "")
            )
