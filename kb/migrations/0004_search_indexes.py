"""On PostgreSQL: pg_trgm, a GIN index on the search vector and a trigram index on the names."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from ._postgresql import postgresql_only

CREATE = [
    "CREATE INDEX IF NOT EXISTS kb_searchentry_vector_gin ON kb_searchentry USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS kb_searchentry_terms_a_trgm ON kb_searchentry USING gin (terms_a gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS kb_searchentry_vector_gin", "DROP INDEX IF EXISTS kb_searchentry_terms_a_trgm"]


class Migration(migrations.Migration):
    dependencies = [("kb", "0003_search_entry")]
    operations = [
        TrigramExtension(),
        postgresql_only(CREATE, DROP),
    ]
