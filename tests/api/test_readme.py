"""The README's Python example runs against a live server and walks mechanism -> biomarker -> compound -> trial."""

import contextlib
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.mark.django_db(transaction=True)
def test_the_readme_python_example_runs(live_server):
    call_command("load_kb", stdout=io.StringIO())
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    example = next(block for block in re.findall(r"```python\n(.*?)```", readme, re.S) if "urllib" in block)
    code = example.replace("http://127.0.0.1:8000", live_server.url)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert "DNA repair -> BRCA mutations -> Olaparib -> NCT00494234" in out.getvalue().splitlines()
