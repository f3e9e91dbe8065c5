"""Search over every kind of record: names, synonyms, printed forms, identifiers, descriptions and quotes.

Each record has a ``SearchEntry`` with its terms by weight (A names and identifiers, B other names
and printed forms, C descriptions, D quotes), rewritten on every write (``index_record``) and by
``load_kb`` (``rebuild_index``). A query is scored by the same rules on every database, so the same
record comes first: a name or identifier equal to the query outranks one that contains it, which
outranks a mention in a description or a quote; a misspelled name still matches when it is close.
On PostgreSQL the candidates come from the weighted full-text vector (GIN index) and trigram
similarity (pg_trgm); on SQLite every entry is a candidate. Ties go by kind and name on both.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher, get_close_matches
from functools import cached_property

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordDistance,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import F, Func, Q, Subquery, TextField, Value
from django.db.models.functions import Cast, Length, Upper
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import versioning
from .links import Link
from .models import SearchEntry
from .selectors import RECORD_MODELS

KIND_MODELS = RECORD_MODELS  # every kind of record is searched
WEIGHTS = {"a": 1.0, "b": 0.8, "c": 0.3, "d": 0.15}
SEPARATOR = " | "
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


#
# Indexing
#


def record_terms(record) -> dict[str, str]:
    terms = record.search_terms()
    return {
        weight.lower(): SEPARATOR.join(dict.fromkeys(t.replace("\u00a0", " ") for t in values if t))
        for weight, values in terms.items()
    }


def index_record(record) -> None:
    """Write (or rewrite) the record's search entry. Every write of a record calls it, so it bumps the data version."""
    versioning.bump()
    terms = record_terms(record)
    content_type = ContentType.objects.get_for_model(record)
    entry, _ = SearchEntry.objects.update_or_create(
        content_type=content_type,
        object_id=record.pk,
        defaults={
            "kind": record._meta.verbose_name,
            "name": str(record.name)[:300],
            "status": record.status,
            **{f"terms_{weight}": terms.get(weight, "") for weight in WEIGHTS},
        },
    )
    if connection.vendor == "postgresql":
        SearchEntry.objects.filter(pk=entry.pk).update(vector=_vector())


def remove_record(record) -> None:
    """Take a deleted record out of search."""
    versioning.bump()
    SearchEntry.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk).delete()


def rebuild_index() -> int:
    """Rewrite every record's entry and drop the entries of records that are gone."""
    kept = []
    for label in KIND_MODELS:
        model = apps.get_model(label)
        for record in model.objects.prefetch_related(*index_prefetch(model)):
            index_record(record)
            kept.append((ContentType.objects.get_for_model(model).pk, record.pk))
    stale = [
        entry.pk
        for entry in SearchEntry.objects.only("content_type_id", "object_id")
        if (entry.content_type_id, entry.object_id) not in set(kept)
    ]
    SearchEntry.objects.filter(pk__in=stale).delete()
    return len(kept)


def index_prefetch(model) -> list[str]:
    names = {f.name for f in model._meta.get_fields()}
    return [name for name in ("synonyms", "target_links__gene") if name.split("__")[0] in names]


def _vector():
    vectors = [SearchVector(f"terms_{weight}", weight=weight.upper(), config="simple") for weight in WEIGHTS]
    return vectors[0] + vectors[1] + vectors[2] + vectors[3]


#
# Querying
#


def _fold(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").lower().split())


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"[^a-z0-9]+", text.lower()) if word]


def score(query: str, entry: SearchEntry) -> float:
    """How well the entry answers the query; the same on every database."""
    folded, compact, words = _fold(query), _compact(query), _words(query)
    if not compact:
        return 0.0
    total = 0.0
    for weight, factor in WEIGHTS.items():
        text = getattr(entry, f"terms_{weight}")
        if not text:
            continue
        terms = text.split(SEPARATOR)
        folded_text, text_words = _fold(text), set(_words(text))
        if any(_compact(term) == compact for term in terms):
            total += 3.0 * factor  # the query is a name, synonym or identifier of the record
        elif folded in folded_text or (len(compact) > 3 and compact in _compact(text)):
            total += 1.5 * factor
        elif words and all(word in text_words for word in words):
            total += 1.0 * factor
        else:
            found = sum(1 for word in words if word in text_words)
            total += 0.5 * factor * found / max(len(words), 1)
        if weight in "ab" and len(compact) > 4:
            closest = max((_similarity(compact, _compact(term)) for term in terms), default=0)
            if closest >= 0.8:
                total += 1.2 * factor * closest  # a misspelling of a name
    if len(words) > 1:
        everywhere = set(_words(" ".join(getattr(entry, f"terms_{weight}") for weight in WEIGHTS)))
        if all(word in everywhere for word in words):
            total += 0.5  # every word of the query is somewhere in the record
    return round(total, 4)


def _similarity(compact: str, term: str, floor: float = 0.8) -> float:
    """difflib's ratio of the two, or 0 when its cheap upper bounds already put it below ``floor``."""
    matcher = SequenceMatcher(None, compact, term)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()


def search(query: str, *, public: bool, kinds=None, limit: int | None = None) -> list[Hit]:
    """The records that answer the query, best first."""
    query = (query or "").strip()[:200]
    if not _compact(query):
        return []
    entries = SearchEntry.objects.all()
    if public:
        entries = entries.filter(status="published")
    if kinds:
        entries = entries.filter(kind__in=[apps.get_model(k)._meta.verbose_name for k in kinds])
    if connection.vendor == "postgresql":
        entries = _candidates(entries, query)
    hits = []
    for entry in entries:
        value = score(query, entry)
        if value > 0:
            hits.append(Hit(entry, value, query))
    if public:
        hits = _still_published(hits)
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
    compact = _compact(query)

    def bounded(matching):
        return SearchEntry.objects.defer("vector").filter(id__in=Subquery(matching.values("id")[:MATCHES]))

    found, wanted = {}, compact.upper()
    folded = entries.alias(  # filtered on, not selected
        **{f"compact_{weight}": _compacted(f"terms_{weight}") for weight in "ab"},
        **{f"name_terms_{weight}": _compacted_terms(f"terms_{weight}") for weight in "ab"},
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


def _compacted(field: str) -> Func:
    """The terms upper-cased with letters and digits only, kept apart by ``|`` (migration 0010 indexes it)."""
    return Func(
        Upper(field), Value("[^A-Z0-9|]+"), Value(""), Value("g"), function="regexp_replace", output_field=TextField()
    )


def _compacted_terms(field: str) -> Func:
    """The compacted terms as an array, one item a term (migration 0011 indexes it, for equality)."""
    return Func(_compacted(field), Value("|"), function="string_to_array", output_field=ArrayField(TextField()))


def _trigram_threshold() -> None:
    """Let pg_trgm's <% operator accept names as far from the query as the scorer forgives (0.3, not 0.6)."""
    with connection.cursor() as cursor:
        cursor.execute("SET pg_trgm.word_similarity_threshold = 0.3")


def _still_published(hits: list[Hit]) -> list[Hit]:
    """Drop hits whose record is no longer published, however its status was changed (one UNION ALL query)."""
    by_type = {}
    for hit in hits:
        by_type.setdefault(hit.entry.content_type_id, set()).add(hit.entry.object_id)
    branches = [
        ContentType.objects.get_for_id(type_id)
        .model_class()
        .objects.published()
        .filter(pk__in=ids)
        .order_by()
        .annotate(type_index=Value(type_id), record_pk=F("pk"))
        .values_list("type_index", "record_pk")
        for type_id, ids in by_type.items()
    ]
    if not branches:
        return []
    published = set(branches[0].union(*branches[1:], all=True))
    return [hit for hit in hits if (hit.entry.content_type_id, hit.entry.object_id) in published]


def did_you_mean(query: str, *, public: bool) -> str:
    """The closest name or synonym to a query that matched nothing well."""
    entries = SearchEntry.objects.filter(status="published") if public else SearchEntry.objects.all()
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
                    by_compact[_compact(term)] = term
    close = get_close_matches(_compact(query), list(by_compact), n=1, cutoff=0.6)
    return by_compact[close[0]] if close else ""


def snippet(query: str, entry: SearchEntry, width: int = 80) -> str:
    """A piece of the entry around the first word of the query it contains, the match marked."""
    words = [re.escape(query.strip())] + [re.escape(word) for word in _words(query) if len(word) > 1]
    pattern = re.compile("|".join(words), re.IGNORECASE)
    for weight in ("a", "b", "c", "d"):
        text = " ".join(getattr(entry, f"terms_{weight}").replace(SEPARATOR, " · ").split())
        match = pattern.search(text)
        if match:
            start = max(match.start() - width, 0)
            piece = text[start : match.end() + width]
            marked = pattern.sub(lambda m: f"\x00{m.group(0)}\x01", piece)
            html = escape(marked).replace("\x00", "<mark>").replace("\x01", "</mark>")
            return mark_safe(("…" if start else "") + html + ("…" if match.end() + width < len(text) else ""))
    return escape(entry.name)


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
