"""On PostgreSQL: a trigram index on the other names too, for identifiers searched with other punctuation."""

from django.db import migrations


def run(statement):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("kb", "0006_list_indexes")]
    operations = [
        migrations.RunPython(
            run("CREATE INDEX IF NOT EXISTS kb_searchentry_terms_b_trgm ON kb_searchentry USING gin (terms_b gin_trgm_ops)"),
            run("DROP INDEX IF EXISTS kb_searchentry_terms_b_trgm"),
        ),
    ]
