"""On PostgreSQL: trigram indexes on the names with letters and digits only, which search's containment uses.

They replace the indexes on the upper-cased names: a query is compared letters and digits only
(MDA-MB231 finds MDA-MB-231, ki67 finds Ki-67), so the compacted names are what is indexed. The
expression is the one kb.search builds (``_compacted``).
"""

from django.db import migrations

from ._postgresql import postgresql_only

COMPACT = "regexp_replace(upper(terms_{0}), '[^A-Z0-9|]+', '', 'g')"
CREATE = [
    *(
        f"CREATE INDEX IF NOT EXISTS kb_searchentry_compact_{w}_trgm ON kb_searchentry USING gin (({COMPACT.format(w)}) gin_trgm_ops)"
        for w in "ab"
    ),
    "DROP INDEX IF EXISTS kb_searchentry_upper_a_trgm",
    "DROP INDEX IF EXISTS kb_searchentry_upper_b_trgm",
]
DROP = [
    "CREATE INDEX IF NOT EXISTS kb_searchentry_upper_a_trgm ON kb_searchentry USING gin (UPPER(terms_a::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS kb_searchentry_upper_b_trgm ON kb_searchentry USING gin (UPPER(terms_b::text) gin_trgm_ops)",
    "DROP INDEX IF EXISTS kb_searchentry_compact_a_trgm",
    "DROP INDEX IF EXISTS kb_searchentry_compact_b_trgm",
]


class Migration(migrations.Migration):
    dependencies = [("kb", "0009_search_names_gist")]
    operations = [postgresql_only(CREATE, DROP)]
