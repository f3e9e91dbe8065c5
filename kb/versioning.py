"""The data version: bumped by every write, read (cheaply) by conditional GETs and the response cache."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import F
from django.utils import timezone

from .models import DataVersion


def bump() -> None:
    """Record that the data changed (inside the writer's transaction: a rollback undoes it)."""
    if not DataVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now()):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1})


# The version a read-only request started from, read once per request (kb.middleware.conditional_cache).
_read = ContextVar("kb_data_version", default=None)


def current() -> tuple[int, object]:
    """The data version and when it last changed (one indexed read, or none inside a read-only request)."""
    remembered = _read.get()
    if remembered is not None:
        return remembered
    row = DataVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    return row if row else (0, None)


@contextmanager
def read_once():
    """Within a request that writes nothing: every ``current()`` answers what the first read found."""
    token = _read.set(current())
    try:
        yield _read.get()
    finally:
        _read.reset(token)
