"""The soak (bench/soak.py), run short: readers and curators together, Redis stopped for the middle third and
started again, then every answered write counted."""

import os
import re
import subprocess
import sys

import pytest
from django.db import connection

from kb.settings import BASE_DIR
from tests.helpers import free_port


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL): CI's second pass")
def test_a_short_soak_has_no_error_no_lost_write_and_stable_memory():
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KB_", "CACHE_URL", "DATABASE_URL"))}
    result = subprocess.run(
        [
            sys.executable,
            "bench/soak.py",
            "--seconds",
            os.environ.get("KB_SOAK_SECONDS", "18"),
            "--readers",
            "4",
            "--redis-outage",
        ],
        env={**env, "KB_SOAK_PORT": str(port)},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    print(result.stdout)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "errors: 0" in result.stdout and "OK: no errors, no lost or duplicated writes" in result.stdout
    assert "Redis stopped at" in result.stdout and "started again at" in result.stdout
    uncached = int(re.search(r"(\d+) answers said X-Cache: off", result.stdout).group(1))
    assert uncached > 0, "answers were made from the database while Redis was away"
    created = int(result.stdout.split("writes: ")[1].split(" records created")[0])
    assert created > 0, "the curators wrote during the soak"
