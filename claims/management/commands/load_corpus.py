"""manage.py load_corpus [PATH]: load the seed corpus (default: the project's corpus/ dir)."""

from django.core.management.base import BaseCommand, CommandError

from claims.models import SourceArticle
from claims.seed_corpus.loader import KINDS, default_corpus_dir, load_corpus
from claims.seed_corpus.reader import CorpusError


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
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=(
                "Load only into a database that holds no article yet, so that starting the "
                "app again never overwrites what editors changed since."
            ),
        )

    def handle(self, *args, path=None, if_empty=False, **options):
        if if_empty and SourceArticle.objects.exists():
            self.stdout.write("The database already holds articles; the corpus was not loaded.")
            return
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
