"""The README's commands exist and parse: a broken Makefile would only show on a fresh machine."""

import shutil
import subprocess

import pytest
from django.conf import settings


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(
    "target", ["run", "test", "bench", "soak", "fuzz", "fixtures", "check-fixtures", "lint", "clean"]
)
def test_make_target_parses(target):
    result = subprocess.run(["make", "-n", target], cwd=settings.BASE_DIR, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(("port", "address"), [(None, "127.0.0.1:8000"), ("8123", "127.0.0.1:8123")])
def test_make_run_serves_on_the_port_it_is_given(port, address):
    command = ["make", "-n", "run"] + ([f"PORT={port}"] if port else [])
    result = subprocess.run(command, cwd=settings.BASE_DIR, capture_output=True, text=True)
    served = [line for line in result.stdout.splitlines() if "runserver" in line]
    assert served and served[-1].endswith(f"runserver {address}"), result.stdout
