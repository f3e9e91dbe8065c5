"""The benchmark: this knowledge base under gunicorn on PostgreSQL beside Datasette on a SQLite copy of the same rows.

Both serve on loopback; wrk drives each with the same requests, in alternation, for several rounds;
the table gives requests per second and p50/p99 latency per endpoint, ours over Datasette's, per
round and as the median, and the peak memory of a worker. ``make bench`` runs it on the real
knowledge base and on a synthetic one of 100,000 more records.
"""

import argparse
import os
import re
import runpy
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY, GUNICORN = ROOT / ".venv/bin/python", ROOT / ".venv/bin/gunicorn"
DATASETTE = ROOT / "bench/.venv/bin/datasette"
WORK = ROOT / "bench/work"
OURS, THEIRS = "http://127.0.0.1:8181", "http://127.0.0.1:8182"
SERVER = runpy.run_path(str(ROOT / "gunicorn.conf.py"))  # how gunicorn serves the site: workers, their class


def run(*command, env=None, quiet=True):
    subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL if quiet else None)


def wait(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer")


def wrk(url, seconds, connections):
    out = subprocess.run(
        ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def percentile(p):
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {"rps": rps, "p50": percentile(50), "p99": percentile(99), "errors": int(errors.group(1)) if errors else 0}


def peak_worker_memory(master_pid) -> float:
    peaks = []
    for pid in subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split():
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks, default=0.0)


def endpoints(db_path):
    db = sqlite3.connect(db_path)
    row_id, slug = db.execute("SELECT id, slug FROM mirnas ORDER BY id LIMIT 1").fetchone()
    db.close()
    return [
        ("list (50 rows)", "/api/v1/mirnas/?page_size=50", "/bench/mirnas.json?_size=50"),
        ("filtered list", "/api/v1/mirnas/?direction=down&page_size=50", "/bench/mirnas.json?direction=down&_size=50"),
        ("detail", f"/api/v1/mirnas/{slug}/", f"/bench/mirnas/{row_id}.json"),
        ("list page (HTML)", "/mirnas/", "/bench/mirnas"),
        ("search", "/api/v1/search/?q=lapatinib", "/bench/compounds.json?_search=lapatinib"),
        (
            "CSV",
            "/api/v1/compounds/?format=csv&drug_class=PARP inhibitor".replace(" ", "%20"),
            "/bench/compounds.csv?drug_class=PARP%20inhibitor&_size=max",
        ),
    ]


def workload(name, records, rounds, seconds, connections):
    database = f"kb_bench_{name}"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "DJANGO_DEBUG": "0",
        "CACHE_URL": "redis://127.0.0.1:6379/9",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "KB_API_ANON_RATE": "100000000/minute",
        "KB_API_USER_RATE": "100000000/minute",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
        "PYTHONPATH": str(ROOT),
    }
    for sql in (f"DROP DATABASE IF EXISTS {database}", f"CREATE DATABASE {database}"):
        run("psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql)
    run("redis-cli", "-n", "9", "FLUSHDB")
    print(f"== {name}: setting up", flush=True)
    run(str(PY), "manage.py", "migrate", "--noinput", env=env)
    run(str(PY), "manage.py", "load_kb", env=env)
    if records:
        run(str(PY), "-m", "bench.generate", str(records), env=env)
    run(str(PY), "manage.py", "collectstatic", "--noinput", env=env)
    WORK.mkdir(exist_ok=True)
    db_path = WORK / "bench.db"
    run(str(PY), "-m", "bench.export_sqlite", str(db_path), env=env)
    ours = subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "-b", "127.0.0.1:8181", "--log-level", "warning"], cwd=ROOT, env=env
    )
    theirs = subprocess.Popen(
        [
            str(DATASETTE),
            "serve",
            str(db_path),
            "-h",
            "127.0.0.1",
            "-p",
            "8182",
            "--setting",
            "default_page_size",
            "50",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait(OURS + "/api/v1/")
        wait(THEIRS + "/bench.json")
        results = {label: [] for label, _, _ in endpoints(db_path)}
        for round_number in range(1, rounds + 1):
            for label, our_path, their_path in endpoints(db_path):
                pair = [("ours", OURS + our_path), ("datasette", THEIRS + their_path)]
                if round_number % 2 == 0:
                    pair.reverse()
                measured = {who: wrk(url, seconds, connections) for who, url in pair}
                results[label].append(measured)
                print(
                    f"  round {round_number} {label}: ours {measured['ours']['rps']:.0f}/s, "
                    f"datasette {measured['datasette']['rps']:.0f}/s",
                    flush=True,
                )
        latency = {label: wrk(OURS + path, seconds, 1)["p50"] for label, path, _ in endpoints(db_path)[:2]}
        search_p95 = search_mix(seconds)
        memory = peak_worker_memory(ours.pid)
    finally:
        for process in (ours, theirs):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
        run("psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {database}")
    return results, memory, latency, search_p95


SEARCHES = [
    "lapatinib",
    "P-gp",
    "lapatanib",
    "Synthetic compound 4217",
    "kinase",
    "resistance",
    "hsa-miR-10042-5p",
    "senesence",
    "NCT90000123",
    "tyrosine kinase inhibitor",
    "Has-mir-195a-5p",
    "MDR1",
]


def search_mix(seconds) -> float:
    """p95 latency of a mix of rare, common and misspelled searches, one at a time, each asked once (no cache).

    Each query is first asked once untimed, with its own parameter, so that every worker has run each path
    of the search once (imports, compiled patterns, content types): the timings are of a warm server, and
    every timed request is still new to the cache and to the search.
    """
    for n, query in enumerate(SEARCHES * SERVER["workers"]):  # each path once on each worker, whichever takes it
        urllib.request.urlopen(f"{OURS}/api/v1/search/?q={urllib.parse.quote(query)}&warm={n}", timeout=30).read()
    timings, deadline, n = [], time.time() + seconds, 0
    while time.time() < deadline or n < len(SEARCHES):
        query = SEARCHES[n % len(SEARCHES)]
        url = f"{OURS}/api/v1/search/?q={urllib.parse.quote(query)}&nocache={n}"
        start = time.perf_counter()
        urllib.request.urlopen(url, timeout=30).read()
        timings.append((time.perf_counter() - start) * 1000)
        n += 1
    return statistics.quantiles(timings, n=20)[18]


def table(name, results, memory, latency, search_p95):
    lines = [
        f"### {name}",
        "",
        "| endpoint | ours req/s | Datasette req/s | ratio (median) | ratios per round | ours p50/p99 ms |"
        " Datasette p50/p99 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, rounds in results.items():
        # A round where a server completed nothing within the window counts as no ratio (shown as 0.00).
        ratios = [r["ours"]["rps"] / r["datasette"]["rps"] if r["datasette"]["rps"] else 0.0 for r in rounds]
        ours = statistics.median(r["ours"]["rps"] for r in rounds)
        theirs = statistics.median(r["datasette"]["rps"] for r in rounds)
        o50, o99 = (statistics.median(r["ours"][p] for r in rounds) for p in ("p50", "p99"))
        t50, t99 = (statistics.median(r["datasette"][p] for r in rounds) for p in ("p50", "p99"))
        errors = sum(r["ours"]["errors"] for r in rounds)
        lines.append(
            f"| {label}{f' (errors: {errors})' if errors else ''} | {ours:.0f} | {theirs:.0f} | "
            f"{statistics.median(ratios):.2f} | {' '.join(f'{x:.2f}' for x in ratios)} | "
            f"{o50:.1f} / {o99:.1f} | {t50:.1f} / {t99:.1f} |"
        )
    lines += [
        "",
        f"One connection, p50: list {latency['list (50 rows)']:.2f} ms, filtered list "
        f"{latency['filtered list']:.2f} ms. Search, a mix of rare, common and misspelled queries, each asked "
        f"once (no cache): p95 {search_p95:.1f} ms.",
        "",
        f"Peak memory of a gunicorn worker: {memory:.0f} MiB.",
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000, help="Synthetic records of the large workload.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    for tool in ("wrk", "psql", "redis-cli"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed (make bench installs it)")
    report = [
        f"Machine: {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') // 2**30}"
        f" GiB; gunicorn (gunicorn.conf.py: {SERVER['workers']} {SERVER['worker_class']} workers) on PostgreSQL "
        f"with Redis; wrk -t2 -c{args.connections} "
        f"-d{args.seconds}s; {args.rounds} rounds in alternation.",
        "",
    ]
    for name, records in (("real", 0), (f"synthetic_{args.records}", args.records)):
        measured = workload(name, records, args.rounds, args.seconds, args.connections)
        title = f"{name} ({records} synthetic records)" if records else "the real knowledge base"
        report.append(table(title, *measured))
    text = "\n".join(report)
    print(text)
    (WORK / "report.md").write_text(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
