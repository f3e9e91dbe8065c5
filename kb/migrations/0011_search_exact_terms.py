"""On PostgreSQL: GIN indexes on the compacted terms as arrays, so that a term equal to the query is found at once.

However many names contain the query's letters (the gene ENG among thousands of names holding "ENG"),
the record whose name, synonym or identifier equals it is looked up, not searched for. The expression
is the one kb.search builds (``_compacted_terms``).
"""

from django.db import migrations

from ._postgresql import postgresql_only

TERMS = "string_to_array(regexp_replace(upper(terms_{0}), '[^A-Z0-9|]+', '', 'g'), '|')"
CREATE = [
    f"CREATE INDEX IF NOT EXISTS kb_searchentry_terms_{w}_exact ON kb_searchentry USING gin (({TERMS.format(w)}))"
    for w in "ab"
]
DROP = [f"DROP INDEX IF EXISTS kb_searchentry_terms_{w}_exact" for w in "ab"]


class Migration(migrations.Migration):
    dependencies = [("kb", "0010_search_compact_trigram")]
    operations = [postgresql_only(CREATE, DROP)]
