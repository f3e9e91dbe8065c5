"""The soak: this knowledge base under gunicorn on PostgreSQL (production settings, loopback), read on every
endpoint and page while curators write, for a bounded time; then every write is counted in the database.

Readers walk every API list, detail, CSV, search, graph, schema and docs page and every kind of HTML page.
Curators create records (each under a name of their own) and edit records with If-Match: some records
each curator's own, one record that all of them contend for (the losers get 412 and try again). After the
run the database must hold exactly the writes that were answered as done: none lost, none twice. The
memory of each worker is sampled throughout and must not keep growing after the warm-up.

With ``--redis-outage`` (``make soak`` sets it) the soak runs its own Redis (``redis-server`` on a free port,
with ``maxmemory`` and an eviction policy, as the README's production section sets it), stops it for the middle
third of the run and starts it again: the site must answer throughout, from the database meanwhile.

    make soak                      # the full run (README figures): 180 seconds
    python bench/soak.py --seconds 15

Exit status 0 when there were no errors, no lost or duplicated writes and memory was stable.
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY, GUNICORN = ROOT / ".venv/bin/python", ROOT / ".venv/bin/gunicorn"
PORT = int(os.environ.get("KB_SOAK_PORT", "8183"))
BASE = f"http://127.0.0.1:{PORT}"
PAGES = [
    "/",
    "/mechanisms/",
    "/mechanisms/dna-repair/",
    "/strategies/",
    "/biomarkers/",
    "/mirnas/",
    "/compounds/",
    "/trials/",
    "/trials/NCT02520063/",
    "/genes/",
    "/genes/ERBB2/",
    "/cell-lines/",
    "/model-systems/",
    "/errata/",
    "/sources/review/",
    "/search/?q=HER2",
    "/search/?q=lapatanib",
    "/downloads/",
    "/api/v1/",
    "/api/v1/schema/",
    "/api/v1/docs/",
    "/api/v1/docs/redoc/",
    "/api/v1/search/?q=P-gp",
    "/api/v1/graph/",
    "/api/v1/graph/?record=mechanism:dna-repair&depth=2",
    "/api/v1/compounds/?format=csv",
    "/api/v1/mirnas/?direction=down&ordering=-fold_change",
]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.errors: list[str] = []
        self.latencies: list[float] = []
        self.created: dict[str, list[str]] = {}
        self.edits: Counter = Counter()
        self.conflicts = 0
        self.uncached = 0  # answers made without the shared cache (X-Cache: off): while Redis was away
        self.outage: list[float] = []  # when the soak's Redis was stopped and started again (seconds into the run)

    def seen(self, method, url, status, started, expected=(200,)):
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append((time.perf_counter() - started) * 1000)
            if status not in expected:
                self.errors.append(f"{method} {url}: {status}")


def call(method, path, *, token=None, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method)
    if token:
        request.add_header("Authorization", f"Token {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except OSError as error:  # refused, reset, timed out: an error like any other
        return 0, {}, str(error).encode()


def reader_paths() -> tuple[list[str], list[str]]:
    """What the readers ask: every page of PAGES, every API list (a page, 500 rows, CSV), and every record's
    detail; and one detail of each kind, for the warm-up."""
    from kb.urls import router

    lists = [prefix for prefix, _, _ in router.registry]  # every API list, as the site routes them
    paths = list(PAGES)
    for name in lists:
        paths += [f"/api/v1/{name}/", f"/api/v1/{name}/?page_size=500", f"/api/v1/{name}/?format=csv"]
    details, firsts = [], []
    for name in lists:
        status, _, content = call("GET", f"/api/v1/{name}/?page_size=500")
        if status == 200 and name != "compounds":  # compounds are what the curators edit: drafts, hidden meanwhile
            rows = json.loads(content)["results"]
            # A statement about a compound is hidden with it while it is a draft.
            rows = [row for row in rows if "compound" not in (row.get("subject_kind"), row.get("object_kind"))]
            urls = [row["url"].removeprefix(BASE) for row in rows]
            details += urls
            firsts += urls[:1]
    return paths + details, paths + firsts


def warm_up(paths: list[str], workers: int) -> None:
    """Every kind of request made by every worker once before the clock starts (each path as many times as there
    are workers, whichever takes it, past the shared cache): memory is then measured on warm workers."""
    for _ in range(workers):
        for path in paths:
            call("GET", path, headers={"Cookie": "warm-up=1"})  # a cookie: not shared, so the view runs


def reader(stop, tally, seed, paths):
    rng = random.Random(seed)
    while not stop.is_set():
        path = rng.choice(paths)
        started = time.perf_counter()
        status, headers, _ = call("GET", path)
        tally.seen("GET", path, status, started)
        if headers.get("X-Cache") == "off":
            with tally.lock:
                tally.uncached += 1


def curator(stop, tally, number, token, own, shared):
    """Create compounds named for this curator, and edit its own records and the shared one with If-Match."""
    created = tally.created.setdefault(f"soak-{number}-", [])
    n = 0
    while not stop.is_set():
        n += 1
        slug = f"soak-{number}-{n}"
        body = {"slug": slug, "name": f"Soak {number} {n}"}
        started = time.perf_counter()
        status, _, _ = call("POST", "/api/v1/compounds/", token=token, body=body)
        tally.seen("POST", slug, status, started, expected=(201,))
        if status == 201:
            created.append(slug)
        for slug in (own[n % len(own)], shared):
            edit(tally, token, slug, f"curator {number}, edit {n}")


def edit(tally, token, slug, note):
    """GET for the ETag, then PATCH with If-Match; a 412 (someone saved first) is retried from a fresh GET."""
    for _ in range(20):
        status, headers, _ = call("GET", f"/api/v1/compounds/{slug}/", token=token)
        if status != 200:
            tally.errors.append(f"GET {slug} for its ETag: {status}")
            return
        started = time.perf_counter()
        status, _, _ = call(
            "PATCH",
            f"/api/v1/compounds/{slug}/",
            token=token,
            body={"curator_note": note},
            headers={"If-Match": headers["ETag"]},
        )
        tally.seen("PATCH", slug, status, started, expected=(200, 412))
        if status == 200:
            with tally.lock:
                tally.edits[slug] += 1
            return
        if status != 412:
            return
        with tally.lock:
            tally.conflicts += 1
    tally.errors.append(f"PATCH {slug}: still 412 after 20 tries")


def worker_memory(master_pid) -> dict[int, float]:
    """Resident memory (MiB) of each gunicorn worker."""
    found = {}
    for pid in subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split():
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue
        found[int(pid)] = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024
    return found


def django_setup(env):
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--curators", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-growth", type=float, default=15.0, help="MiB a worker may grow after the warm-up")
    parser.add_argument(
        "--redis-outage", action="store_true", help="stop the soak's own Redis for the middle third of the run"
    )
    args = parser.parse_args()

    database = f"kb_soak_{os.getpid()}"
    redis = Redis() if args.redis_outage else None
    if redis is not None:
        redis.start()
    static = tempfile.mkdtemp(prefix="kb-soak-static-")
    env = {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "soak-" + "s" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": static,
        "CACHE_URL": redis.url if redis else os.environ.get("KB_SOAK_CACHE_URL", "redis://127.0.0.1:6379/10"),
        "KB_API_ANON_RATE": "100000000/minute",
        "KB_API_USER_RATE": "100000000/minute",
    }
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c"]
    subprocess.run([*psql, f"CREATE DATABASE {database}"], check=True)
    server = None
    try:
        print(f"== soak: setting up {database}", flush=True)
        django_setup(env)
        from django.core.cache import cache
        from django.core.management import call_command

        call_command("migrate", "--noinput", verbosity=0)
        call_command("load_kb", verbosity=0, stdout=open(os.devnull, "w"))
        call_command("collectstatic", "--noinput", verbosity=0)
        cache.clear()
        tokens = accounts(args.curators)
        own = owned_records(args.curators)
        from django.db import connections

        connections.close_all()
        command = [str(GUNICORN), "-c", "gunicorn.conf.py", "-w", str(args.workers), "-b", f"127.0.0.1:{PORT}"]
        server = subprocess.Popen([*command, "--log-level", "warning"], cwd=ROOT, env={**os.environ, **env})
        wait_until_up()
        paths, kinds_of_path = reader_paths()
        warm_up(kinds_of_path, args.workers)
        before = versions()
        tally, stop = Tally(), threading.Event()
        threads = [threading.Thread(target=reader, args=(stop, tally, i, paths)) for i in range(args.readers)]
        threads += [
            threading.Thread(target=curator, args=(stop, tally, i, tokens[i], own[i], "olaparib"))
            for i in range(args.curators)
        ]
        print(f"== soak: {args.readers} readers, {args.curators} curators, {args.seconds} s", flush=True)
        started = time.time()
        for thread in threads:
            thread.start()
        samples, outage = [], []
        while time.time() - started < args.seconds:
            time.sleep(min(2.0, max(0.1, args.seconds / 20)))
            now = time.time() - started
            if redis is not None and not outage and now >= args.seconds / 3:
                redis.stop()
                outage.append(now)
            elif redis is not None and len(outage) == 1 and now >= 2 * args.seconds / 3:
                redis.start()
                outage.append(now)
            samples.append((now, worker_memory(server.pid)))
        tally.outage = outage
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        elapsed = time.time() - started
        return report(args, tally, elapsed, samples, before)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        subprocess.run([*psql, f"DROP DATABASE IF EXISTS {database}"], check=False)
        if redis is not None:
            redis.stop()


class Redis:
    """The soak's own Redis, on a free port, kept in memory only, bounded as in production (README)."""

    def __init__(self):
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url, self.process = f"redis://127.0.0.1:{self.port}/0", None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                import socket

                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("the soak's Redis did not start")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()  # as a crash would: no goodbye to the clients
            self.process.wait(timeout=10)


def accounts(count) -> list[str]:
    """Curators' accounts, made as the README says (create_account), and an API token each."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    keys = []
    for i in range(count):
        os.environ["KB_PASSWORD"] = f"soak-password-{i}-not-real"
        # editors: the shared record is published, and only an editor's change may take it off the public site
        call_command("create_account", f"soak-curator-{i}", role="editor", stdout=open(os.devnull, "w"))
        user = get_user_model().objects.get(username=f"soak-curator-{i}")
        keys.append(Token.objects.create(user=user).key)
    return keys


def owned_records(count) -> list[list[str]]:
    from trials.models import Compound

    slugs = [slug for slug in Compound.objects.order_by("slug").values_list("slug", flat=True) if slug != "olaparib"]
    return [slugs[i::count] for i in range(count)]


def versions() -> dict[str, int]:
    from trials.models import Compound

    return dict(Compound.objects.values_list("slug", "version"))


def wait_until_up():
    deadline = time.time() + 60
    while time.time() < deadline:
        if call("GET", "/api/v1/")[0] == 200:
            return
        time.sleep(0.3)
    raise SystemExit("the server did not start")


def report(args, tally, elapsed, samples, before) -> int:
    from trials.models import Compound

    problems = list(tally.errors[:20])
    if len(tally.errors) > 20:
        problems.append(f"... and {len(tally.errors) - 20} more errors")
    # Every answered write is in the database, once.
    created = {slug for slugs in tally.created.values() for slug in slugs}
    stored = set(Compound.objects.filter(slug__startswith="soak-").values_list("slug", flat=True))
    if stored != created:
        problems.append(f"created: {len(created)} answered 201, {len(stored)} in the database")
    after = versions()
    for slug, count in tally.edits.items():
        history = Compound.objects.get(slug=slug).history.filter(history_change_reason="Edited").count()
        grown = after[slug] - before[slug]
        if grown != count:
            problems.append(f"{slug}: {count} edits answered 200, version went up by {grown}")
        if history < count:
            problems.append(f"{slug}: {count} edits answered 200, {history} in its history")
    # Memory: after the first fifth of the run, no worker may keep growing.
    warm = [s for t, s in samples if t >= elapsed / 5] or [s for _, s in samples]
    growth = {}
    for pid in warm[0]:
        series = [s[pid] for s in warm if pid in s]
        growth[pid] = (series[0], series[-1], max(series))
        if series[-1] - series[0] > args.max_growth:
            problems.append(f"worker {pid} grew from {series[0]:.0f} to {series[-1]:.0f} MiB after the warm-up")
    total = sum(tally.statuses.values())
    lines = [
        f"Soak: {elapsed:.0f} s, {args.readers} readers and {args.curators} curators against gunicorn "
        f"({args.workers} sync workers, gunicorn.conf.py) on PostgreSQL with Redis, production settings, "
        "loopback.",
        f"requests: {total} ({total / elapsed:.0f}/s); p50 {statistics.median(tally.latencies):.1f} ms, "
        f"p99 {statistics.quantiles(tally.latencies, n=100)[98]:.1f} ms",
        f"statuses: {dict(sorted(tally.statuses.items()))}",
        f"writes: {len(created)} records created, {sum(tally.edits.values())} edits "
        f"({tally.conflicts} refused as stale with 412 and retried); in the database: {len(stored)} created, "
        f"every edit counted in versions and history",
        "memory per worker after the warm-up (MiB, first / last / peak): "
        + ", ".join(f"{a:.0f} / {b:.0f} / {c:.0f}" for a, b, c in growth.values()),
        f"errors: {len(tally.errors)}",
    ]
    outage = tally.outage
    if outage:
        lines.insert(
            1,
            f"Redis stopped at {outage[0]:.0f} s"
            + (f" and started again at {outage[1]:.0f} s" if len(outage) > 1 else " (not restarted)")
            + f"; {tally.uncached} answers said X-Cache: off (served from the database while it was away).",
        )
    print("\n".join(lines))
    if problems:
        print("PROBLEMS:\n  " + "\n  ".join(problems))
        return 1
    print("OK: no errors, no lost or duplicated writes, memory stable.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
