"""On PostgreSQL: trigram indexes on the upper-cased terms, which case-insensitive containment (ILIKE) uses."""

from django.db import migrations

from ._postgresql import postgresql_only

CREATE = [
    "CREATE INDEX IF NOT EXISTS kb_searchentry_upper_a_trgm ON kb_searchentry USING gin (UPPER(terms_a::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS kb_searchentry_upper_b_trgm ON kb_searchentry USING gin (UPPER(terms_b::text) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS kb_searchentry_upper_a_trgm", "DROP INDEX IF EXISTS kb_searchentry_upper_b_trgm"]


class Migration(migrations.Migration):
    dependencies = [("kb", "0007_search_trigram_b")]
    operations = [postgresql_only(CREATE, DROP)]
