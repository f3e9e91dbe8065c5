"""Helpers the tests share: more records like the loaded ones, and more links between them."""

import socket

from django.db import connection
from django.test.utils import CaptureQueriesContext

from biomarkers.models import MicroRNA
from kb.core import kinds
from trials.models import Compound, CompoundTarget, Trial

# Every kind of record, as the pages and the API list them (read when the tests are collected, once Django is set up).
KINDS = [kind.label for kind in kinds.records()]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def clone(model, count: int):
    """More records like the loaded ones, with all their links."""
    originals = list(model.objects.all()[:3])
    for index in range(count):
        original = originals[index % len(originals)]
        many = {
            f.name: list(getattr(original, f.name).all())
            for f in model._meta.many_to_many
            if f.remote_field.through._meta.auto_created
        }
        copy = model.objects.get(pk=original.pk)
        copy.pk = None
        copy.slug = f"{original.slug}-copy-{index}"[:100]
        if hasattr(copy, "name") and not isinstance(model.__dict__.get("name"), property):
            copy.name = f"{original.name} copy {index}"
        for field, value in (
            ("nct_id", f"NCT9{index:07d}"),
            ("hgnc_id", ""),
            ("chembl_id", ""),
            ("cellosaurus_accession", ""),
        ):
            if hasattr(copy, field):
                setattr(copy, field, value)
        if model is Trial:
            copy.slug = copy.nct_id.lower()
        if model is MicroRNA:
            copy.name = f"hsa-miR-{9000 + index}"
        copy.save()
        for name, values in many.items():
            getattr(copy, name).set(values)
        if model is Compound:
            for link in original.target_links.all():
                CompoundTarget.objects.create(compound=copy, gene=link.gene, as_printed=link.as_printed)


def add_links(record, limit: int | None = None) -> None:
    """Link the record to every record (or the first ``limit``) of each kind it can link to."""
    for field in record._meta.get_fields():
        if not field.many_to_many or field.name == "errata":
            continue
        related = field.related_model
        through = field.remote_field.through if not field.auto_created else field.through
        if not through._meta.auto_created:
            continue
        manager = getattr(record, field.name if not field.auto_created else field.get_accessor_name())
        others = related.objects.exclude(pk=record.pk) if related is type(record) else related.objects.all()
        manager.add(*others.order_by("pk")[:limit])


def empty_kb() -> None:
    """Delete every record of the knowledge base: every kind, the last registered first (children before parents)."""
    from kb.search.models import SearchEntry

    for kind in reversed(kinds.every_kind()):
        rows = kind.model.objects.all()
        if "parent" in {field.name for field in kind.model._meta.fields}:
            rows.exclude(parent=None).delete()  # a narrower mechanism protects its parent
        rows.delete()
    SearchEntry.objects.all().delete()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def noted(record, note: str = ""):
    """The record with a new curator's note: a change to save (a save of a record as it is records nothing)."""
    from uuid import uuid4

    record.curator_note = note or f"Checked again ({uuid4().hex[:8]})."
    return record
