"""manage.py load_corpus [PATH]: load the seed corpus (default: the project's corpus/ dir)."""

from django.core.management.base import BaseCommand, CommandError

from claims.corpus import CorpusError
from claims.services.corpus import KINDS, default_corpus_dir, load_corpus


class Command(BaseCommand):
    help = (
        "Load the curated corpus (studies, outcomes, articles, citations, claims, links) "
        "in one transaction. Loading the same files twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            default=None,
            help=f"Corpus directory (default: {default_corpus_dir()}).",
        )

    def handle(self, *args, path=None, **options):
        try:
            counts = load_corpus(path=path)
        except CorpusError as exc:
            raise CommandError(f"Corpus refused, nothing written: {exc}") from None
        for kind in KINDS:
            row = counts[kind]
            self.stdout.write(
                f"{kind:<10} {row['created']:>4} created  {row['updated']:>4} updated  "
                f"{row['deleted']:>4} deleted  {row['unchanged']:>4} unchanged"
            )
        self.stdout.write(self.style.SUCCESS("Corpus loaded."))
