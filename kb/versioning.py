"""The data version: bumped by every write, read (cheaply) by conditional GETs and the response cache."""

from django.db.models import F
from django.utils import timezone

from .models import DataVersion


def bump() -> None:
    """Record that the data changed (inside the writer's transaction: a rollback undoes it)."""
    if not DataVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now()):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def current() -> tuple[int, object]:
    """The data version and when it last changed (one indexed read)."""
    row = DataVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    return row if row else (0, None)
