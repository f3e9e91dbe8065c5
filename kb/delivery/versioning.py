"""The data version: bumped by every write (the services, kb.curation.services; load_kb; export_kb), read
(cheaply) by conditional GETs and the response cache.

The database holds it; the shared cache keeps a copy for ``KB_VERSION_SECONDS`` so that a request
answered from the cache touches no database at all. A write drops the copy twice: at once, and
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
    drop_shared_copy()
    if connection.in_atomic_block:  # others see the new number only once the transaction commits
        _uncommitted.set(DataVersion.objects.values_list("version", flat=True).get(pk=1))
    transaction.on_commit(_committed)


def drop_shared_copy() -> None:
    """Drop the shared copy of the version: the next reader takes it from the database."""
    cache.delete(CACHE_KEY)


def _committed() -> None:
    _uncommitted.set(None)
    drop_shared_copy()


# The version this thread's open transaction bumped the data to, which others cannot see before it commits.
# After a rollback the number is stale: the database holds an older one, until another write anywhere reaches the
# same number, when one copy is not made that could have been (a cache miss, never a wrong version).
_uncommitted = ContextVar("kb_data_version_uncommitted", default=None)


CACHE_KEY = "kb:data-version"

# The version a read-only request started from, read once per request (kb.delivery.middleware.conditional_cache).
_read = ContextVar("kb_data_version", default=None)


def current() -> tuple[int, object]:
    """The data version and when it last changed: remembered by a read-only request, else the shared copy,
    else one indexed read."""
    remembered = _read.get()
    if remembered is not None:
        return remembered
    known = cache.get(CACHE_KEY) if shares_copy() else None
    if known is not None:
        return known
    found = from_database()
    if shares_copy() and not _bumped_here(found[0]):
        cache.add(CACHE_KEY, found, settings.KB_VERSION_SECONDS)  # only where no copy is: a writer may have dropped it
    return found


def shares_copy() -> bool:
    """Whether the shared cache keeps a copy of the version (it does while it keeps responses)."""
    return bool(settings.KB_CACHE_SECONDS and settings.KB_VERSION_SECONDS)


def _bumped_here(version: int) -> bool:
    """Whether ``version`` is this thread's open transaction's own bump: not for others to copy before it commits."""
    return connection.in_atomic_block and _uncommitted.get() == version


def from_database() -> tuple[int, object]:
    """The committed version and when it changed, read from the database (the status endpoint's probe)."""
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
