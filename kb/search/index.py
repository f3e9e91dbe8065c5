"""The search index: every record's terms by weight, written by the services on every write (kb.curation.services)
and by ``load_kb`` (``rebuild_index``)."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.db import connection

from kb.core import kinds

from .models import SearchEntry
from .scoring import SEPARATOR, WEIGHTS


def record_terms(record) -> dict[str, str]:
    terms = record.search_terms()
    return {
        weight.lower(): SEPARATOR.join(dict.fromkeys(t.replace("\u00a0", " ") for t in values if t))
        for weight, values in terms.items()
    }


def index_record(record) -> None:
    """Write (or rewrite) the record's search entry."""
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
        SearchEntry.objects.filter(pk=entry.pk).update(vector=search_vector())


def remove_record(record) -> None:
    """Take a deleted record out of search."""
    SearchEntry.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk).delete()


def rebuild_index() -> int:
    """Rewrite every record's entry and drop the entries of records that are gone."""
    kept = set()
    for kind in kinds.records():
        model = kind.model
        for record in model.objects.prefetch_related(*model.search_prefetch):
            index_record(record)
            kept.add((ContentType.objects.get_for_model(model).pk, record.pk))
    stale = [
        entry.pk
        for entry in SearchEntry.objects.only("content_type_id", "object_id")
        if (entry.content_type_id, entry.object_id) not in kept
    ]
    SearchEntry.objects.filter(pk__in=stale).delete()
    return len(kept)


def search_vector():
    vectors = [SearchVector(f"terms_{weight}", weight=weight.upper(), config="simple") for weight in WEIGHTS]
    return vectors[0] + vectors[1] + vectors[2] + vectors[3]
