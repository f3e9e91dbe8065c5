"""On PostgreSQL: trigram indexes on the upper-cased terms, which case-insensitive containment (ILIKE) uses."""

from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS kb_searchentry_upper_a_trgm ON kb_searchentry USING gin (UPPER(terms_a::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS kb_searchentry_upper_b_trgm ON kb_searchentry USING gin (UPPER(terms_b::text) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS kb_searchentry_upper_a_trgm", "DROP INDEX IF EXISTS kb_searchentry_upper_b_trgm"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("kb", "0007_search_trigram_b")]
    operations = [migrations.RunPython(run(CREATE), run(DROP))]
