from django.db import migrations

# The evidence map's largest studies of each design, read in order without a sort
# (studies.selectors._largest_per_cell). PostgreSQL only: SQLite cannot index NULLS LAST,
# and ranks its small library in memory instead.
CREATE = (
    "CREATE INDEX IF NOT EXISTS study_map_order ON studies_study "
    "(design_code, n DESC NULLS LAST, year ASC NULLS LAST, id)"
)
DROP = "DROP INDEX IF EXISTS study_map_order"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("studies", "0010_evidence_map_counts"),
    ]

    operations = [migrations.RunPython(create, drop)]
