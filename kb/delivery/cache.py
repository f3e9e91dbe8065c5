"""The shared cache (Redis, through django-redis) as an optimisation the site can lose: a circuit breaker.

django-redis is told to ignore a lost connection (``IGNORE_EXCEPTIONS``: a read finds nothing, a write
is dropped), and every socket operation is bounded (``SOCKET_CONNECT_TIMEOUT``, ``SOCKET_TIMEOUT``,
no retries). That alone would still make every request wait for its own timeouts while Redis is
silent, so each connection of the pool (``CircuitConnection``, redis-py's connection class) reports
its failures to a breaker: after one failure no connection tries again for ``KB_CACHE_RETRY_SECONDS``,
and every cache call in between fails at once; the site is served uncached meanwhile (the response
header ``X-Cache: off`` says so). One warning is logged when the cache is lost and one when it is back;
``breaker.outages`` and ``breaker.refused`` count them, shown at /api/v1/status/.
"""

import logging
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime

from django.conf import settings
from redis.connection import Connection, ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("kb.cache")
FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)


class CircuitOpen(RedisConnectionError):
    """Not tried: the circuit is open (django-redis takes it for a lost connection, as it should)."""


class Breaker:
    """Whether the shared cache is to be tried, for this process: closed (try), open (do not, until ``retry_at``)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.retry_at = 0.0  # monotonic time from which a connection may try again; 0 while the cache answers
        self.down_since = None  # when it was lost (wall clock), None while it answers
        self.outages = 0  # how many times the cache was lost since the process started
        self.refused = 0  # cache calls not even tried because the circuit was open

    def is_open(self) -> bool:
        return self.retry_at > time.monotonic()

    def check(self) -> None:
        """Raise at once while the circuit is open (the caller's cache call then fails like a lost connection)."""
        if self.is_open():
            self.refused += 1
            raise CircuitOpen("The shared cache is not tried for a few seconds after a failure.")

    def failed(self, error: BaseException) -> None:
        with self.lock:
            self.retry_at = time.monotonic() + settings.KB_CACHE_RETRY_SECONDS
            if self.down_since is None:
                self.down_since, self.outages = time.time(), self.outages + 1
                logger.warning(
                    "The shared cache is unreachable (%s): serving uncached, trying again every %s s",
                    error,
                    settings.KB_CACHE_RETRY_SECONDS,
                )

    def answered(self) -> None:
        if self.down_since is not None:
            with self.lock:
                if self.down_since is not None:
                    logger.warning("The shared cache answers again after %.0f s", time.time() - self.down_since)
                    self.down_since, self.retry_at = None, 0.0

    def state(self) -> dict:
        """The breaker's counters, as the status endpoint (/api/v1/status/) shows them."""
        down = self.down_since
        return {
            "reachable": down is None,
            "down_since": None if down is None else datetime.fromtimestamp(down, UTC).isoformat(),
            "outages": self.outages,
            "calls_not_tried": self.refused,
        }


breaker = Breaker()


@contextmanager
def _reported():
    """Report a failure of the connection inside to the breaker (not a call the open circuit refused)."""
    try:
        yield
    except CircuitOpen:
        raise
    except FAILURES as error:
        breaker.failed(error)
        raise


class CircuitConnection(Connection):
    """redis-py's connection, which reports failures to the breaker and makes no attempt while it is open."""

    def connect_check_health(self, *args, **kwargs):
        breaker.check()
        with _reported():
            return super().connect_check_health(*args, **kwargs)

    def send_packed_command(self, *args, **kwargs):
        with _reported():
            return super().send_packed_command(*args, **kwargs)

    def read_response(self, *args, **kwargs):
        with _reported():
            response = super().read_response(*args, **kwargs)
        breaker.answered()
        return response


class CircuitPool(ConnectionPool):
    """redis-py's pool of ``CircuitConnection``s (django-redis's ``CONNECTION_POOL_CLASS``)."""

    def __init__(self, connection_class=CircuitConnection, **kwargs):
        super().__init__(connection_class=connection_class, **kwargs)


def shared_cache_ok() -> bool:
    """Whether the shared cache is believed to answer (always, for a cache in this process)."""
    return not breaker.is_open()
