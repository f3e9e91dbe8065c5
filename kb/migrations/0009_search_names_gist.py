"""On PostgreSQL: a GiST trigram index on the names, which gives the names nearest a misspelled query first.

It replaces the GIN trigram index on the names: GiST serves the same similarity filter (``<%``) and
also orders by distance (``<<->``), so the nearest names are read without ranking every similar one.
"""

from django.db import migrations

from ._postgresql import postgresql_only

CREATE = [
    "CREATE INDEX IF NOT EXISTS kb_searchentry_terms_a_gist ON kb_searchentry USING gist (terms_a gist_trgm_ops)",
    "DROP INDEX IF EXISTS kb_searchentry_terms_a_trgm",
]
DROP = [
    "CREATE INDEX IF NOT EXISTS kb_searchentry_terms_a_trgm ON kb_searchentry USING gin (terms_a gin_trgm_ops)",
    "DROP INDEX IF EXISTS kb_searchentry_terms_a_gist",
]


class Migration(migrations.Migration):
    dependencies = [("kb", "0008_search_upper_trigram")]
    operations = [postgresql_only(CREATE, DROP)]
