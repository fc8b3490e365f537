"""Migration operations for what only PostgreSQL has (triggers, tsvector, GIN indexes)."""

from django.db import migrations


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """RunSQL that does nothing on any other database.

    The SQLite default has no PL/pgSQL, no tsvector and no GIN: there the columns these
    statements would fill stay empty, and the code that reads them takes its SQLite path
    (see studies.selectors.search_studies). The SQL changes no model state, so
    `makemigrations` has nothing to say about it.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "Raw SQL operation (PostgreSQL only)"
