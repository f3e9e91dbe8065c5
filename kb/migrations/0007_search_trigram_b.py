"""On PostgreSQL: a trigram index on the other names too, for identifiers searched with other punctuation."""

from django.db import migrations

from ._postgresql import postgresql_only


class Migration(migrations.Migration):
    dependencies = [("kb", "0006_list_indexes")]
    operations = [
        postgresql_only(
            ["CREATE INDEX IF NOT EXISTS kb_searchentry_terms_b_trgm ON kb_searchentry USING gin (terms_b gin_trgm_ops)"],
            ["DROP INDEX IF EXISTS kb_searchentry_terms_b_trgm"],
        ),
    ]
