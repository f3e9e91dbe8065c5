"""Faults: the database going away and coming back under a running server, and a load interrupted midway."""

import contextlib
import io
import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_save

from kb.models import DataVersion
from kb.settings import BASE_DIR
from tests.helpers import KINDS, free_port

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL): CI's second pass runs it"
)


class Outage:
    """A TCP relay between the server and PostgreSQL or Redis that can be cut (every connection dropped, new ones
    refused), silenced (connections accepted, nothing forwarded either way: a partition, a hung server) and
    restored, as when the server stops, hangs and starts again."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.port = target, free_port()
        self.listener, self.pairs, self.held, self.lock = None, [], [], threading.Lock()
        self.silent = threading.Event()

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(64)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def silence(self):
        self.silent.set()

    def restore(self):
        """After a silence: what is held is dropped (its clients gave up long ago), and relaying resumes."""
        with self.lock:
            for end in self.held:
                end.close()
            self.held.clear()
        self.silent.clear()

    def stop(self):
        self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread: no connection gets through
        self.listener.close()
        with self.lock:
            for pair in self.pairs:
                for end in pair:
                    try:
                        end.shutdown(socket.SHUT_RDWR)  # at once, even while the relay's thread waits on it
                    except OSError:
                        pass
                    end.close()
            self.pairs.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if self.silent.is_set():  # accepted, and never answered
                with self.lock:
                    self.held.append(client)
                continue
            server = socket.create_connection(self.target)
            with self.lock:
                self.pairs.append((client, server))
            threading.Thread(target=self._pipe, args=(client, server), daemon=True).start()

    def _pipe(self, a, b):
        selector = selectors.DefaultSelector()
        selector.register(a, selectors.EVENT_READ, b)
        selector.register(b, selectors.EVENT_READ, a)
        try:
            while True:
                if self.silent.is_set():
                    time.sleep(0.05)  # what either end sends waits, unread
                    continue
                for key, _ in selector.select(timeout=0.1):
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except (OSError, ValueError):
            return
        finally:
            a.close()
            b.close()


def fetch(url: str, timeout: float = 10) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def timed(url: str) -> tuple[float, int, dict, str]:
    started = time.monotonic()
    status, headers, body = fetch(url)
    return time.monotonic() - started, status, headers, body


PAGES = ["/", "/mechanisms/", "/search/?q=HER2", "/api/v1/mechanisms/", "/api/v1/mechanisms/dna-repair/"]


@contextlib.contextmanager
def serving(tmp_path, **settings_env):
    """gunicorn serving the test database (through the relay the caller names in DATABASE_URL, if any), as
    production runs it; yields its address and, once stopped, leaves what it printed in ``output``."""
    settings_dict = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KB_", "CACHE_URL"))},
        "DATABASE_URL": f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CONN_MAX_AGE": "60",
        "KB_CACHE_SECONDS": "0",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        **settings_env,
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=BASE_DIR, check=True
    )
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable))
    server = subprocess.Popen(
        [gunicorn, "kb.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2", "--timeout", "30"],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    run = {"base": base, "output": ""}
    try:
        for _ in range(100):
            try:
                if fetch(base + "/api/v1/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        yield run
        assert server.poll() is None, "the server kept running through the outage"
    finally:
        server.send_signal(signal.SIGTERM)
        run["output"] = server.communicate(timeout=30)[0].decode()


def postgresql() -> tuple[str, int]:
    return connection.settings_dict["HOST"] or "127.0.0.1", int(connection.settings_dict["PORT"] or 5432)


def relayed_database_url(outage: Outage) -> str:
    settings_dict = connection.settings_dict
    return f"postgres://{settings_dict['USER']}@127.0.0.1:{outage.port}/{settings_dict['NAME']}"


@contextlib.contextmanager
def relayed_postgresql(tmp_path):
    """gunicorn reaching PostgreSQL through a relay, every page answering; yields the relay and the address. The
    server must print no traceback whatever the relay did."""
    outage = Outage(postgresql())
    outage.start()
    with serving(tmp_path, DATABASE_URL=relayed_database_url(outage)) as server:
        for path in PAGES:
            assert fetch(server["base"] + path)[0] == 200, path
        yield outage, server["base"]
        outage.stop()
    assert "Traceback" not in server["output"], server["output"][-3000:]


@on_postgresql
@pytest.mark.django_db
def test_pages_and_api_answer_503_while_postgresql_is_away_and_recover_by_themselves(tmp_path):
    with relayed_postgresql(tmp_path) as (outage, base):
        outage.stop()
        for path in PAGES:
            status, headers, body = fetch(base + path)
            assert status == 503, (path, status, body[:300])
            assert "The database is unavailable" in body and "Traceback" not in body, path
            assert headers["Retry-After"] == "30"
            if path.startswith("/api/"):
                assert headers["Content-Type"] == "application/json"
        assert fetch(base + "/api/v1/status/")[0] == 503  # what a load balancer asks

        outage.start()
        assert_recovered(base)


def assert_recovered(base: str) -> None:
    deadline = time.monotonic() + 15
    statuses = {}
    while time.monotonic() < deadline:
        statuses = {path: fetch(base + path)[0] for path in PAGES}
        if set(statuses.values()) == {200}:
            break
        time.sleep(0.2)
    assert set(statuses.values()) == {200}, statuses  # back, without restarting anything


@on_postgresql
@pytest.mark.django_db
def test_a_silent_postgresql_answers_503_within_5_seconds_static_files_at_once_and_recovers(tmp_path):
    with relayed_postgresql(tmp_path) as (outage, base):
        static = next(path for path in (tmp_path / "static").rglob("*.css") if "admin" not in str(path))
        static_url = f"{base}/static/{static.relative_to(tmp_path / 'static').as_posix()}"

        outage.silence()
        waiting = {}
        first = threading.Thread(target=lambda: waiting.update(result=timed(base + PAGES[1])))
        first.start()  # a request waits on the database in one thread ...
        time.sleep(0.3)
        seconds, status, _, _ = timed(static_url)  # ... while a static file is served by the other
        assert status == 200 and seconds < 0.5, seconds
        first.join()
        for seconds, status, headers, body in [waiting["result"]] + [timed(base + path) for path in PAGES]:
            assert status == 503 and seconds < 5, (status, seconds, body[:300])
            assert headers["Retry-After"] == "30" and "The database is unavailable" in body

        outage.restore()
        assert_recovered(base)


STATEMENT_PROBE = """
import time
from django.db import connection
from django.db.utils import OperationalError
{setup}
with connection.cursor() as cursor:
    cursor.execute("SHOW statement_timeout")
    print(cursor.fetchone()[0])
    cursor.execute("SHOW application_name")
    print(cursor.fetchone()[0])
    started = time.monotonic()
    try:
        cursor.execute("SELECT pg_sleep(3)")
        print("finished")
    except OperationalError as error:
        print("cancelled", type(error.__cause__).__name__, "before the wait bound:", time.monotonic() - started < 2)
"""


@on_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("process", "setup", "expected"),
    [
        ("web server", "import kb.wsgi", ["1500ms", "probe", "cancelled QueryCanceled before the wait bound: True"]),
        ("management command", "import django; django.setup()", ["0", "probe", "finished"]),
    ],
)
def test_the_server_cancels_a_long_statement_of_the_web_server_only(process, setup, expected):
    """In the web server PostgreSQL itself stops a statement after KB_DB_STATEMENT_SECONDS, before the wait bound
    gives up on it (else it would go on working for no one); a load or an index build is not cut short."""
    settings_dict = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KB_"))},
        "DJANGO_SETTINGS_MODULE": "kb.settings",
        "DATABASE_URL": f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}?options=-c%20application_name%3Dprobe",
    }
    done = subprocess.run(
        [sys.executable, "-c", STATEMENT_PROBE.format(setup=setup)],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # the bound, DATABASE_URL's own options kept, and what the statement met
    assert done.stdout.split("\n")[:3] == expected, (process, done.stdout, done.stderr[-2000:])


REDIS = ("127.0.0.1", 6379)
REDIS_DB = 13  # the fault tests' own database of the shared Redis, emptied before and after


def redis_flush() -> None:
    import redis

    redis.Redis(*REDIS, db=REDIS_DB).flushdb()


def cached_twice(base: str, path: str) -> str:
    fetch(base + path)
    return fetch(base + path)[1].get("X-Cache", "")


@on_postgresql
@pytest.mark.django_db
def test_pages_and_api_answer_from_the_database_while_redis_is_refused_or_silent_and_recover(tmp_path):
    redis_flush()
    outage = Outage(REDIS)
    outage.start()
    with serving(
        tmp_path,
        CACHE_URL=f"redis://127.0.0.1:{outage.port}/{REDIS_DB}",
        KB_CACHE_SECONDS="300",
        KB_CACHE_RETRY_SECONDS="2",
    ) as server:
        base = server["base"]
        usual = {}
        for path in PAGES:
            usual[path] = timed(base + path)[0]  # made by the view (a miss)
            assert fetch(base + path)[1]["X-Cache"] == "hit", path  # the cache works, to begin with

        for fault in (outage.silence, outage.stop):
            fault()
            for path in PAGES * 2:
                seconds, status, headers, body = timed(base + path)
                assert status == 200, (fault.__name__, path, status, body[:300])
                assert seconds < usual[path] + 1, (fault.__name__, path, seconds)
            assert headers["X-Cache"] == "off"  # served from the database, uncached, said so
            status, _, body = fetch(base + "/api/v1/status/")
            assert status == 200 and json.loads(body)["status"] == "degraded", body
            if fault == outage.silence:
                outage.restore()
            else:
                outage.start()
            deadline = time.monotonic() + 10
            while cached_twice(base, PAGES[3]) != "hit" and time.monotonic() < deadline:
                time.sleep(0.3)
            assert cached_twice(base, PAGES[3]) == "hit", "the cache is used again, without a restart"
        outage.stop()
    redis_flush()
    output = server["output"]
    assert "Traceback" not in output, output[-3000:]
    assert output.count("The shared cache is unreachable") == 2, output[-3000:]  # a line per outage, not per request
    assert output.count("The shared cache answers again") == 2, output[-3000:]


def snapshot() -> dict:
    """Every curated record's kind, key and version, the data version, and the history's length."""
    state = {"data version": tuple(DataVersion.objects.values_list("version", flat=True))}
    for label in KINDS:
        model = apps.get_model(label)
        state[label] = sorted(
            model.objects.values_list("pk", "slug", "version", "status", "curator_note", "updated_at")
        )
        state[f"{label} history"] = model.history.count()
    return state


@pytest.mark.django_db(transaction=True)
def test_a_load_interrupted_midway_leaves_the_database_as_it_was():
    call_command("load_kb", stdout=io.StringIO())
    trials = apps.get_model("trials.Trial")
    mechanisms = apps.get_model("mechanisms.Mechanism")
    trials.objects.all().delete()  # a load would create them again ...
    mechanisms.objects.filter(slug="dna-repair").update(description="Out of date.")  # ... and bring this back
    before = snapshot()

    saves = []

    def interrupt(sender, **kwargs):
        saves.append(sender)
        if len(saves) == 3:
            raise KeyboardInterrupt  # Ctrl-C, or the process stopped, midway through the load

    post_save.connect(interrupt, weak=False, dispatch_uid="interrupt-load")
    try:
        with pytest.raises(KeyboardInterrupt):
            call_command("load_kb", stdout=io.StringIO())
    finally:
        post_save.disconnect(dispatch_uid="interrupt-load")
    assert len(saves) == 3, "the load was stopped after it had written"
    assert snapshot() == before

    call_command("load_kb", stdout=io.StringIO())  # the same load, uninterrupted, does change things
    assert trials.objects.count() == 4 and mechanisms.objects.get(slug="dna-repair").description != "Out of date."
