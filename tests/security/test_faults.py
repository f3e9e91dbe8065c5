"""Faults: the database going away and coming back under a running server, and a load interrupted midway."""

import io
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
    """A TCP relay between the server and PostgreSQL that can be cut (every connection dropped, new ones refused)
    and restored, as when the database server stops and starts again."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.port = target, free_port()
        self.listener, self.pairs, self.lock = None, [], threading.Lock()

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(64)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

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
            server = socket.create_connection(self.target)
            with self.lock:
                self.pairs.append((client, server))
            threading.Thread(target=self._pipe, args=(client, server), daemon=True).start()

    @staticmethod
    def _pipe(a, b):
        selector = selectors.DefaultSelector()
        selector.register(a, selectors.EVENT_READ, b)
        selector.register(b, selectors.EVENT_READ, a)
        try:
            while True:
                for key, _ in selector.select():
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except (OSError, ValueError):
            return
        finally:
            a.close()
            b.close()


def fetch(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


PAGES = ["/", "/mechanisms/", "/search/?q=HER2", "/api/v1/mechanisms/", "/api/v1/mechanisms/dna-repair/"]


@on_postgresql
@pytest.mark.django_db
def test_pages_and_api_answer_503_while_postgresql_is_away_and_recover_by_themselves(tmp_path):
    settings_dict = connection.settings_dict
    outage = Outage((settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432)))
    outage.start()
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KB_", "CACHE_URL"))},
        "DATABASE_URL": f"postgres://{settings_dict['USER']}@127.0.0.1:{outage.port}/{settings_dict['NAME']}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CONN_MAX_AGE": "60",
        "KB_CACHE_SECONDS": "0",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=BASE_DIR, check=True
    )
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable))
    server = subprocess.Popen(
        [gunicorn, "kb.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2", "--timeout", "30"],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if fetch(base + "/api/v1/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        for path in PAGES:
            assert fetch(base + path)[0] == 200, path

        outage.stop()
        for path in PAGES:
            status, headers, body = fetch(base + path)
            assert status == 503, (path, status, body[:300])
            assert "The database is unavailable" in body and "Traceback" not in body, path
            assert headers["Retry-After"] == "30"
            if path.startswith("/api/"):
                assert headers["Content-Type"] == "application/json"

        outage.start()
        deadline = time.monotonic() + 15
        statuses = {}
        while time.monotonic() < deadline:
            statuses = {path: fetch(base + path)[0] for path in PAGES}
            if set(statuses.values()) == {200}:
                break
            time.sleep(0.2)
        assert set(statuses.values()) == {200}, statuses  # back, without restarting anything
        assert server.poll() is None, "the server kept running through the outage"
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode()
        outage.stop()
    assert "Traceback" not in output, output[-3000:]


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
