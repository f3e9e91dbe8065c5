"""Search over every kind of record: names, synonyms, printed forms, identifiers, descriptions and quotes.

Each record has a ``SearchEntry`` (kb.search.index). A query is scored by the same rules on every
database (kb.search.scoring), so the same record comes first. On PostgreSQL the candidates come from
indexes, each kind of match bounded and taken best first; on SQLite every entry is a candidate. Ties
go by kind and name on both. Hits are what the user may see (``visible_to``).
"""

from dataclasses import dataclass
from difflib import get_close_matches
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordDistance, TrigramWordSimilarity
from django.db import connection
from django.db.models import F, Func, Q, Subquery, TextField, Value
from django.db.models.functions import Cast, Length, Upper

from kb.core.links import Link
from kb.core.querysets import sees_drafts

from .models import SearchEntry
from .scoring import SEPARATOR, compacted, score, snippet

GOOD_ENOUGH = 0.5  # below this best score, the page offers "did you mean"
CANDIDATES = 100  # on PostgreSQL, the candidates of each kind of match that are scored
MATCHES = 1000  # on PostgreSQL, the matches of each kind that are ordered at most


@dataclass
class Hit:
    entry: SearchEntry
    score: float
    query: str

    @cached_property
    def snippet(self) -> str:
        """Worked out for the hits that are shown, not for every candidate."""
        return snippet(self.query, self.entry)

    @property
    def kind(self) -> str:
        return self.entry.kind

    @property
    def name(self) -> str:
        return self.entry.name


def search(query: str, *, user, models=None, limit: int | None = None) -> list[Hit]:
    """The records that answer the query, best first, of the given models only if any, as ``user`` may see them."""
    query = (query or "").strip()[:200]
    if not compacted(query):
        return []
    entries = SearchEntry.objects.visible_to(user)
    if models:
        entries = entries.filter(kind__in=[model._meta.verbose_name for model in models])
    if connection.vendor == "postgresql":
        entries = _candidates(entries, query)
    hits = []
    for entry in entries:
        value = score(query, entry)
        if value > 0:
            hits.append(Hit(entry, value, query))
    if not sees_drafts(user):
        hits = _visible(hits, user)
    hits.sort(key=lambda hit: (-hit.score, hit.entry.kind, hit.entry.name))
    return hits[:limit] if limit else hits


def _candidates(entries, query: str) -> list[SearchEntry]:
    """The entries worth scoring, on PostgreSQL: each test served by an index and bounded before it is ordered.

    - names, other names and identifiers equal to the query, letters and digits only (MDA-MB231 is MDA-MB-231;
      trigram GIN indexes on the terms so compacted), however many others contain it;
    - names and other names that contain the query, compared the same way: of the first MATCHES, the
      CANDIDATES shortest;
    - full-text matches (GIN on the weighted vector): of the first MATCHES, the CANDIDATES best by ts_rank,
      so that a common word does not rank the whole table;
    - names near the query, for misspellings (pg_trgm's word similarity, nearest first from a GiST index),
      looked for only when no name, other name or identifier equals the query and no text has its words:
      a query that is a word of the records is not a misspelling.
    """
    entries = entries.order_by().defer("vector")
    compact = compacted(query)

    def bounded(matching):
        return SearchEntry.objects.defer("vector").filter(id__in=Subquery(matching.values("id")[:MATCHES]))

    found, wanted = {}, compact.upper()
    folded = entries.alias(  # filtered on, not selected
        **{f"compact_{weight}": _compacted_column(f"terms_{weight}") for weight in "ab"},
        **{f"name_terms_{weight}": _compacted_terms_column(f"terms_{weight}") for weight in "ab"},
    )
    # A whole name, synonym or identifier equal to the query, however many others contain its letters.
    exact = Q(name_terms_a__contains=[wanted]) | Q(name_terms_b__contains=[wanted])
    exactly = list(folded.filter(exact)[:MATCHES])  # few; a limit the planner takes for all of them (no early stop)
    found.update((entry.pk, entry) for entry in exactly)
    contains = Q(compact_a__contains=wanted) | Q(compact_b__contains=wanted)
    contained = bounded(folded.filter(contains))
    found.update((entry.pk, entry) for entry in contained.order_by(Length("terms_a"), "id")[:CANDIDATES])
    tsquery = SearchQuery(query, config="simple", search_type="websearch")
    by_text = bounded(entries.filter(vector=tsquery)).annotate(
        rank=SearchRank(F("vector"), tsquery, weights=[0.1, 0.2, 0.4, 1.0])
    )
    mentioned = list(by_text.order_by("-rank", "id")[:CANDIDATES])
    if not mentioned and not exactly:
        _trigram_threshold()
        near = entries.filter(terms_a__trigram_word_similar=query).order_by(TrigramWordDistance(query, "terms_a"))
        found.update((entry.pk, entry) for entry in near[:CANDIDATES])
    found.update((entry.pk, entry) for entry in mentioned)
    return list(found.values())


def _compacted_column(field: str) -> Func:
    """The terms upper-cased with letters and digits only, kept apart by ``|`` (migration 0010 indexes it)."""
    return Func(
        Upper(field), Value("[^A-Z0-9|]+"), Value(""), Value("g"), function="regexp_replace", output_field=TextField()
    )


def _compacted_terms_column(field: str) -> Func:
    """The compacted terms as an array, one item a term (migration 0011 indexes it, for equality)."""
    return Func(_compacted_column(field), Value("|"), function="string_to_array", output_field=ArrayField(TextField()))


def _trigram_threshold() -> None:
    """Let pg_trgm's <% operator accept names as far from the query as the scorer forgives (0.3, not 0.6)."""
    with connection.cursor() as cursor:
        cursor.execute("SET pg_trgm.word_similarity_threshold = 0.3")


def _visible(hits: list[Hit], user) -> list[Hit]:
    """Only hits whose record the user may see, however its status was changed (one UNION ALL query)."""
    by_type = {}
    for hit in hits:
        by_type.setdefault(hit.entry.content_type_id, set()).add(hit.entry.object_id)
    branches = [
        ContentType.objects.get_for_id(type_id)
        .model_class()
        ._default_manager.visible_to(user)
        .filter(pk__in=ids)
        .order_by()
        .annotate(type_index=Value(type_id), record_pk=F("pk"))
        .values_list("type_index", "record_pk")
        for type_id, ids in by_type.items()
    ]
    if not branches:
        return []
    seen = set(branches[0].union(*branches[1:], all=True))
    return [hit for hit in hits if (hit.entry.content_type_id, hit.entry.object_id) in seen]


def did_you_mean(query: str, *, user) -> str:
    """The closest name or synonym to a query that matched nothing well."""
    entries = SearchEntry.objects.visible_to(user)
    if connection.vendor == "postgresql":  # the nearest names by trigrams, not every name
        _trigram_threshold()
        entries = (
            entries.filter(terms_a__trigram_word_similar=query)
            .annotate(similarity=TrigramWordSimilarity(query, "terms_a"))
            .order_by("-similarity")[:50]
        )
    by_compact = {}
    for weight in "ba":  # a record's name wins over another spelling of it
        for entry in entries.only("terms_a", "terms_b"):
            for term in getattr(entry, f"terms_{weight}").split(SEPARATOR):
                if term and len(term) < 60:
                    by_compact[compacted(term)] = term
    close = get_close_matches(compacted(query), list(by_compact), n=1, cutoff=0.6)
    return by_compact[close[0]] if close else ""


def records(hits: list[Hit]) -> list[Link]:
    """The records behind the hits, in the hits' order, as links (name, key, page): one UNION ALL query."""
    by_type = {}
    for hit in hits:
        by_type.setdefault(hit.entry.content_type_id, []).append(hit.entry.object_id)
    models_by_type = {type_id: ContentType.objects.get_for_id(type_id).model_class() for type_id in by_type}
    branches = [
        model._default_manager.filter(pk__in=by_type[type_id])
        .order_by()
        .annotate(
            found_type=Value(type_id),
            found_pk=F("pk"),
            found_name=model.link_name(),
            found_text=model.link_text(),
            found_key=Cast(F(model.url_key), TextField()),
        )
        .values_list("found_type", "found_pk", "found_name", "found_text", "found_key")
        for type_id, model in models_by_type.items()
    ]
    if not branches:
        return []
    found = {}
    for type_id, pk, name, text, key in branches[0].union(*branches[1:], all=True):
        found[type_id, pk] = Link(pk, name, text, key, models_by_type[type_id])
    return [found.get((hit.entry.content_type_id, hit.entry.object_id)) for hit in hits]
