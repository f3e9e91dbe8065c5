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
