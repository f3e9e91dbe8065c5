"""The code's layout: small modules, kb/ by job, no private Django API, and a README that says where things are."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPLICATION = ("kb", "mechanisms", "biomarkers", "trials")
# Private attributes of Django and of libraries that application code once used; each breaks silently on upgrades.
PRIVATE = (
    "_fetch_all",
    "_result_cache",
    "_iterable_class",
    "_prefetched_objects_cache",
    "_prefetch_related_lookups",
    "fields_cache",
    "_get_connection_pool",
    "_client",
    "run_on_commit",
)


def application_modules():
    for package in APPLICATION:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


@pytest.mark.parametrize("path", list(application_modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_of_application_code_is_over_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


def test_kb_has_at_most_ten_modules_at_its_top_the_rest_in_a_folder_per_job():
    top = sorted(path.name for path in (ROOT / "kb").glob("*.py"))
    assert len(top) <= 10, top
    jobs = {path.name for path in (ROOT / "kb").iterdir() if (path / "__init__.py").exists()}
    assert {"core", "pipeline", "search", "delivery", "curation", "releases", "web", "api"} <= jobs


def test_application_code_uses_no_private_attribute_of_django_or_a_library():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {name}"
        for path in application_modules()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for name in PRIVATE
        if name in line
    ]
    assert not found, found


def test_the_readme_layout_names_every_folder_of_kb_and_of_the_tests():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = text[text.index("## Layout") :]
    for folder in sorted(p for p in (ROOT / "kb").iterdir() if (p / "__init__.py").exists()):
        assert re.search(rf"\b{folder.name}/", layout), f"kb/{folder.name}/ is not in the README's layout"
    for folder in sorted(p for p in (ROOT / "tests").iterdir() if (p / "__init__.py").exists()):
        assert re.search(rf"\b{folder.name}/", layout), f"tests/{folder.name}/ is not in the README's layout"
