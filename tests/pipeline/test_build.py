"""build_fixtures: the committed fixtures are a fresh build, and the build refuses inconsistent curation."""

import csv
import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from kb.core.kinds import fixture_files
from kb.pipeline.build import BuildError, build, render

FIXTURES = Path(settings.KB_FIXTURES_DIR)


def test_the_committed_fixtures_equal_a_fresh_build():
    built = build(FIXTURES)
    assert set(built) == set(fixture_files())
    for name, objects in built.items():
        assert (FIXTURES / name).read_text(encoding="utf-8") == render(objects), f"{name} differs from a fresh build"


def test_build_fixtures_check_passes_and_writes_nothing(tmp_path):
    out = io.StringIO()
    call_command("build_fixtures", "--check", stdout=out)
    assert "up to date" in out.getvalue()
    call_command("build_fixtures", "--output", str(tmp_path), stdout=io.StringIO())
    for name in fixture_files():
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes()


def test_the_build_is_deterministic():
    assert {n: render(o) for n, o in build(FIXTURES).items()} == {n: render(o) for n, o in build(FIXTURES).items()}


@pytest.fixture
def source(tmp_path) -> Path:
    """A copy of the transcription and curation files to spoil."""
    shutil.copytree(FIXTURES / "tables", tmp_path / "tables")
    shutil.copytree(FIXTURES / "curation", tmp_path / "curation")
    return tmp_path


def rewrite(path: Path, change):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fieldnames = list(rows[0])
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def by_slug(rows, slug):
    return next(row for row in rows if row["slug"] == slug)


def test_a_compound_table_1_does_not_name_is_refused(source):
    rewrite(source / "curation/compounds.csv", lambda rows: rows.pop(rows.index(by_slug(rows, "ribociclib"))))
    with pytest.raises(BuildError, match=r"Table 1, row 2 names \['Palbociclib', 'ribociclib', 'abemaciclib'\]"):
        build(source)


def test_an_erratum_whose_text_is_not_printed_is_refused(source):
    rewrite(
        source / "curation/errata.csv", lambda rows: by_slug(rows, "table-7-letozole").update(as_printed="letrozol")
    )
    with pytest.raises(BuildError, match="table-7-letozole"):
        build(source)


def test_a_link_to_a_missing_record_is_refused(source):
    rewrite(source / "curation/biomarkers.csv", lambda rows: by_slug(rows, "ki-67").update(genes="mki68"))
    with pytest.raises(BuildError, match=r"curation/biomarkers.csv, line \d+ \(ki-67\), genes: no gene 'mki68'"):
        build(source)


def test_a_value_as_printed_that_the_row_does_not_print_is_refused(source):
    rewrite(
        source / "curation/compounds.csv",
        lambda rows: by_slug(rows, "lapatinib").update(drug_class_as_printed="kinase blocker"),
    )
    with pytest.raises(BuildError, match="drug_class_as_printed: 'kinase blocker' is not printed in that row"):
        build(source)


def test_an_unknown_printed_phase_is_refused(source):
    rewrite(source / "tables/table-7.csv", lambda rows: rows[0].update(phase="phase ix"))
    with pytest.raises(BuildError, match=r"tables/table-7.csv, row 1: not a trial phase: 'phase ix'"):
        build(source)


def test_build_fixtures_reports_a_build_error(source, tmp_path):
    rewrite(source / "curation/trials.csv", lambda rows: by_slug(rows, "nct00494234").update(slug="nct00000000"))
    with pytest.raises(CommandError, match="prints NCT00494234"):
        call_command("build_fixtures", "--fixtures", str(source), "--output", str(tmp_path / "out"))
