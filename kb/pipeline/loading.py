"""Load the fixtures into the configured database: all or nothing, idempotent, and explicit about errors.

``kb_load`` reads each fixture file in dependency order and, for every object, checks what
``loaddata`` would not say clearly: the model and every field exist, every reference resolves,
no natural key is given twice, and the record passes ``full_clean`` (identifier formats among
it). The first problem stops the load with a message that names the file, the record and the
field, and the transaction leaves the database exactly as it was. A record that is already there
with the same values is left alone, so a second load changes nothing; a record a curator has
edited since (``updated_by`` set) is kept as the curator left it, and reported.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.db import transaction

from kb.core import kinds
from kb.delivery import versioning
from kb.search import rebuild_index
from kb.search.models import SearchEntry

CHANGE_REASON = "Loaded from the review's fixtures (load_kb)"


class LoadError(Exception):
    """A fixture that cannot be loaded, with the file, record and field concerned."""


@dataclass
class LoadReport:
    counts: dict[str, Counter] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    indexed: int = 0

    def add(self, label: str, outcome: str):
        self.counts.setdefault(label, Counter())[outcome] += 1

    @property
    def changed(self) -> int:
        return sum(c["created"] + c["updated"] for c in self.counts.values())


@transaction.atomic
def kb_load(*, fixtures_dir: Path, files: list[str] | None = None) -> LoadReport:
    """Load the fixture files (every kind's, in dependency order, unless named) into the database in one
    transaction; raise ``LoadError`` on the first problem."""
    report = LoadReport()
    seen: dict[tuple[str, tuple], str] = {}
    for name in files or kinds.fixture_files():
        path = fixtures_dir / name
        for index, obj in enumerate(_read(path), 1):
            _load_object(path.name, index, obj, seen, report)
    if report.changed or not SearchEntry.objects.exists():
        report.indexed = rebuild_index()
        versioning.bump()  # caches and ETags move on
    else:
        report.indexed = SearchEntry.objects.count()
    return report


def _read(path: Path) -> list[dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LoadError(f"{path.name}: cannot be read: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise LoadError(f"{path.name}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
    if not isinstance(data, list) or not all(isinstance(obj, dict) for obj in data):
        raise LoadError(f"{path.name}: a fixture file holds a list of objects")
    return data


def _load_object(file: str, index: int, obj: dict, seen: dict, report: LoadReport):
    fields = obj.get("fields")
    key = (fields or {}).get("slug") or (fields or {}).get("name") or ""
    where = f"{file}, record {index} ({obj.get('model', '?')} {key!r})".replace(" ''", "")
    try:
        model = apps.get_model(obj.get("model") or "")
    except (LookupError, ValueError):
        raise LoadError(f"{where}, field 'model': unknown model {obj.get('model')!r}") from None
    if not isinstance(fields, dict):
        raise LoadError(f"{where}, field 'fields': missing, or not an object")
    for name, value in fields.items():
        _check_field(where, model, name, value)
    try:
        (deserialized,) = serializers.deserialize("python", [obj], ignorenonexistent=False)
    except (DeserializationError, ObjectDoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise LoadError(f"{where}: {exc}") from None
    instance = deserialized.object
    existing = model._default_manager.filter(pk=instance.pk).first() if instance.pk is not None else None
    instance._state.adding = existing is None  # so that full_clean's unique checks exclude the row itself
    natural_key = (model._meta.label_lower, tuple(map(str, instance.natural_key())))
    if natural_key in seen:
        raise LoadError(
            f"{where}, field '{_key_field(model)}': duplicate natural key {list(natural_key[1])}, "
            f"already given by {seen[natural_key]}"
        )
    seen[natural_key] = where
    try:
        instance.full_clean()
    except ValidationError as exc:
        problems = "; ".join(f"field '{name}': {' '.join(messages)}" for name, messages in exc.message_dict.items())
        raise LoadError(f"{where}, {problems}") from None
    _save(model, deserialized, existing, where, report)


def _check_field(where: str, model, name: str, value):
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        raise LoadError(f"{where}, field {name!r}: {model._meta.label} has no such field") from None
    if not model_field.is_relation or value is None:
        return
    related = model_field.related_model
    keys = value if model_field.many_to_many else [value]
    if not isinstance(keys, list):
        raise LoadError(f"{where}, field {name!r}: give a list of natural keys")
    for natural_key in keys:
        if not isinstance(natural_key, list):
            raise LoadError(f'{where}, field {name!r}: {natural_key!r} is not a natural key (a list such as ["slug"])')
        try:
            related._default_manager.get_by_natural_key(*natural_key)
        except (related.DoesNotExist, TypeError, ValueError):
            raise LoadError(f"{where}, field {name!r}: no {related._meta.label_lower} {natural_key!r}") from None


def _key_field(model) -> str:
    try:
        model._meta.get_field("slug")
        return "slug"
    except FieldDoesNotExist:
        return "name"


def _save(model, deserialized, existing, where: str, report: LoadReport):
    instance, label = deserialized.object, model._meta.verbose_name_plural
    if existing is not None:
        if getattr(existing, "updated_by_id", None) is not None:
            report.add(label, "kept")
            report.kept.append(f"{where}: kept as edited by a curator")
            return
        if _same(existing, instance, deserialized.m2m_data):
            report.add(label, "unchanged")
            return
    if existing is not None and hasattr(existing, "version"):
        instance.version = existing.version + 1  # an update is a new version, as any other write
    deserialized.save()
    if hasattr(model, "history"):
        model.history.bulk_history_create([instance], update=existing is not None, default_change_reason=CHANGE_REASON)
    report.add(label, "updated" if existing is not None else "created")


def _same(existing, instance, m2m_data: dict) -> bool:
    for model_field in existing._meta.concrete_fields:
        if model_field.name in ("version", "name_sort"):  # a new version anyway; the name's sorting form, derived
            continue
        if getattr(existing, model_field.attname) != model_field.to_python(getattr(instance, model_field.attname)):
            return False
    for name, pks in (m2m_data or {}).items():
        current = set(getattr(existing, name).values_list("pk", flat=True))
        if current != set(pks):
            return False
    return True
