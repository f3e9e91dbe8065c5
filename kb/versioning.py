"""The data version: bumped by every write, read (cheaply) by conditional GETs and the response cache.

The database holds it; the shared cache keeps a copy for ``KB_VERSION_SECONDS`` so that a request
answered from the cache touches no database at all. A write forgets the copy twice: at once, and
again when its transaction commits (a reader may have copied the old version meanwhile), so the next
request anywhere reads the new version. A read that races a commit can copy the old version back at
most for ``KB_VERSION_SECONDS``.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import DataVersion


def bump() -> None:
    """Record that the data changed (inside the writer's transaction: a rollback undoes it)."""
    if not DataVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now()):
        DataVersion.objects.get_or_create(pk=1, defaults={"version": 1})
    forget()
    transaction.on_commit(forget)


def forget() -> None:
    """Drop the shared copy of the version: the next reader takes it from the database."""
    cache.delete(CACHE_KEY)


CACHE_KEY = "kb:data-version"

# The version a read-only request started from, read once per request (kb.middleware.conditional_cache).
_read = ContextVar("kb_data_version", default=None)


def current() -> tuple[int, object]:
    """The data version and when it last changed: remembered by a read-only request, else the shared copy,
    else one indexed read."""
    remembered = _read.get()
    if remembered is not None:
        return remembered
    known = cache.get(CACHE_KEY) if copied() else None
    if known is not None:
        return known
    found = _from_database()
    if copied() and not _bumped_here():
        cache.add(CACHE_KEY, found, settings.KB_VERSION_SECONDS)  # only where no copy is: a writer may have dropped it
    return found


def copied() -> bool:
    """Whether the shared cache keeps a copy of the version (it does while it keeps responses)."""
    return bool(settings.KB_CACHE_SECONDS and settings.KB_VERSION_SECONDS)


def _bumped_here() -> bool:
    """Whether this connection's open transaction has bumped the version: others cannot see it yet, so it is
    not theirs to copy (its ``forget`` waits for the commit)."""
    return connection.in_atomic_block and any(func is forget for _, func, _ in connection.run_on_commit)


def _from_database() -> tuple[int, object]:
    row = DataVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    return row if row else (0, None)


@contextmanager
def read_once(copy=None):
    """Within a request that writes nothing: every ``current()`` answers what the first read found.

    ``copy`` is the shared copy of the version if the caller has already read it from the cache.
    """
    token = _read.set(copy if copy is not None else current())
    try:
        yield _read.get()
    finally:
        _read.reset(token)
