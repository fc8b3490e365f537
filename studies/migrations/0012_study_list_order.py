from django.db import migrations

from core.postgres import RunSQLOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [
        ("studies", "0011_study_map_order"),
    ]

    operations = [
        # The library's own order, newest first with unknown years last, then title and id
        # (studies.selectors.STUDY_ORDER): the studies API's deep pages walk it instead of
        # sorting every study (core.api.IdsFirstPaginator). SQLite cannot index NULLS LAST.
        RunSQLOnPostgreSQL(
            "CREATE INDEX IF NOT EXISTS study_list_order ON studies_study "
            "(year DESC NULLS LAST, title, id)",
            "DROP INDEX IF EXISTS study_list_order",
        ),
    ]
