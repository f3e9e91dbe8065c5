"""For the migrations: statements that only PostgreSQL runs (the search indexes); on SQLite they do nothing.

The loader skips modules whose names start with ``_``, so this is no migration of its own.
"""

from django.db import migrations


def postgresql_only(create: list[str], drop: list[str]) -> migrations.RunPython:
    """An operation that runs ``create`` forwards and ``drop`` backwards, on PostgreSQL only."""

    def run(statements):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(create), run(drop))
