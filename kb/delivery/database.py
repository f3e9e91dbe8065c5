"""The database as the web server uses it: no request waits on PostgreSQL for longer than a bound.

``connect_timeout`` (libpq, every process) bounds a new connection. In the web server,
``statement_timeout`` (``KB_DB_STATEMENT_SECONDS``) has the server cancel a query that runs too long, so
that it does not go on working for a request that has given up; but neither helps when the server accepts
connections and then never answers (a partition, a saturated host): libpq would wait on the socket for
ever, and a worker with it. The web server therefore also runs psycopg2 with a wait callback (psycopg2's
documented hook for coroutine libraries): every wait on the server, to connect or for a result, gives up
after ``KB_DB_WAIT_SECONDS`` with an ``OperationalError``, which the site answers as 503 with
``Retry-After`` (kb.delivery.errors). Management commands keep libpq's blocking waits and no statement
bound: a long load or index build is not cut short.
"""

import select
import time

from django.conf import settings
from django.db import connections


def wait_with_deadline(conn) -> None:
    """psycopg2's wait callback: poll the connection until it is ready, for at most KB_DB_WAIT_SECONDS."""
    import psycopg2
    from psycopg2.extensions import POLL_OK, POLL_READ, POLL_WRITE

    seconds = settings.KB_DB_WAIT_SECONDS
    deadline = time.monotonic() + seconds
    while True:
        state = conn.poll()
        if state == POLL_OK:
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise psycopg2.OperationalError(f"The database did not answer within {seconds:g} s.")
        if state == POLL_READ:
            select.select([conn.fileno()], [], [], remaining)
        elif state == POLL_WRITE:
            select.select([], [conn.fileno()], [], remaining)
        else:
            raise psycopg2.OperationalError(f"Unexpected state from the database connection: {state}.")


def bound_waits() -> None:
    """Bound every statement and every wait on PostgreSQL in this process (the web server calls it: kb/wsgi.py),
    before it opens a connection."""
    postgresql = [connections[alias] for alias in connections if connections[alias].vendor == "postgresql"]
    if postgresql and settings.KB_DB_STATEMENT_SECONDS:
        bound = f"-c statement_timeout={round(settings.KB_DB_STATEMENT_SECONDS * 1000)}"
        for connection in postgresql:
            options = connection.settings_dict.setdefault("OPTIONS", {})
            kept = options.get("options", "")  # what DATABASE_URL itself sets
            options["options"] = f"{kept} {bound}".strip()
    if postgresql and settings.KB_DB_WAIT_SECONDS:
        from psycopg2.extensions import set_wait_callback

        set_wait_callback(wait_with_deadline)
