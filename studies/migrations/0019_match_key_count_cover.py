from django.db import migrations

from core.postgres import RunSQLOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [
        ("studies", "0018_study_trial_names"),
    ]

    operations = [
        # Checking a batch of references looks up how many studies each of a few thousand
        # title words leads to: with the count in the index, each lookup reads the index only,
        # not the table too (`studies.library.match_index.read_counts`).
        RunSQLOnPostgreSQL(
            "CREATE INDEX IF NOT EXISTS match_key_count_cover ON studies_studymatchkeycount (key) INCLUDE (studies)",
            "DROP INDEX IF EXISTS match_key_count_cover",
        ),
    ]
