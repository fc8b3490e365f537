from django.db import migrations

# The library's own order, newest first with unknown years last, then title and id
# (studies.selectors.STUDY_ORDER): the studies API's deep pages walk it instead of sorting
# every study (core.api.IdsFirstPaginator). PostgreSQL only: SQLite cannot index NULLS LAST.
CREATE = (
    "CREATE INDEX IF NOT EXISTS study_list_order ON studies_study "
    "(year DESC NULLS LAST, title, id)"
)
DROP = "DROP INDEX IF EXISTS study_list_order"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("studies", "0011_study_map_order"),
    ]

    operations = [migrations.RunPython(create, drop)]
