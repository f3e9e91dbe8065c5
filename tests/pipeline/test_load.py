"""load_kb: one transaction, idempotent, and a bad fixture refused with file, record and field."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from kb.core.kinds import fixture_files
from kb.models import Gene, Source
from tests.helpers import empty_kb
from trials.models import Trial

from . import expected

pytestmark = pytest.mark.django_db
APPS = ("kb", "mechanisms", "biomarkers", "trials")


def snapshot() -> dict:
    """Every row of every table of the knowledge base's apps, history and link tables included."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in APPS
    }


def load(fixtures: Path | None = None) -> str:
    out = io.StringIO()
    args = ["--fixtures", str(fixtures)] if fixtures else []
    call_command("load_kb", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def fixtures(tmp_path) -> Path:
    """A copy of the committed fixtures to spoil."""
    for name in fixture_files():
        shutil.copy(Path(settings.KB_FIXTURES_DIR) / name, tmp_path / name)
    return tmp_path


def edit(fixtures: Path, name: str, change) -> None:
    path = fixtures / name
    objects = json.loads(path.read_text(encoding="utf-8"))
    change(objects)
    path.write_text(json.dumps(objects), encoding="utf-8")


def find(objects, model, slug):
    return next(obj for obj in objects if obj["model"] == model and obj["fields"].get("slug") == slug)


def test_load_twice_leaves_the_same_rows():
    before = snapshot()
    output = load()
    assert "Already up to date." in output
    assert "microRNAs: 22 (22 unchanged)" in output
    assert snapshot() == before


def test_load_into_an_empty_database_creates_everything_with_history():
    empty_kb()
    assert not Trial.objects.exists() and not Source.objects.exists()

    output = load()

    assert "trials: 4 (4 created)" in output and "microRNAs: 22 (22 created)" in output
    for label, count in expected.COUNTS.items():
        assert apps.get_model(label).objects.count() == count
    history = Trial.history.filter(nct_id="NCT00494234").latest("history_date")
    assert history.history_type == "+" and "load_kb" in history.history_change_reason
    assert {c.name for c in Trial.objects.get(nct_id="NCT02520063").compounds.all()} == {
        "Letrozole",
        "Everolimus",
        "TRC105",
    }


def test_load_updates_a_changed_record_and_records_it_in_history(fixtures):
    edit(fixtures, "kb.json", lambda objs: find(objs, "kb.gene", "erbb2")["fields"].update(full_name="changed"))
    output = load(fixtures)
    assert "genes: 20 (19 unchanged, 1 updated)" in output
    assert Gene.objects.get(slug="erbb2").full_name == "changed"
    assert Gene.history.filter(slug="erbb2", history_type="~").exists()


def test_a_record_a_curator_edited_is_kept(fixtures, superuser):
    Gene.objects.filter(slug="erbb2").update(full_name="curator's name", updated_by=superuser)
    edit(fixtures, "kb.json", lambda objs: find(objs, "kb.gene", "erbb2")["fields"].update(full_name="fixture's name"))
    output = load(fixtures)
    assert "kept as edited by a curator" in output
    assert Gene.objects.get(slug="erbb2").full_name == "curator's name"


def spoil_earlier_record(fixtures):
    """A change that a successful load would save, so that a refusal must roll it back."""
    edit(fixtures, "kb.json", lambda objs: find(objs, "kb.gene", "erbb2")["fields"].update(full_name="must not stay"))


def bad_json(fixtures):
    (fixtures / "biomarkers.json").write_text('[{"model": "biomarkers.biomarker", "fields": {', encoding="utf-8")


def unknown_field(fixtures):
    edit(
        fixtures, "trials.json", lambda objs: find(objs, "trials.compound", "lapatinib")["fields"].update(colour="red")
    )


def broken_reference(fixtures):
    edit(
        fixtures,
        "trials.json",
        lambda objs: find(objs, "trials.compound", "olaparib")["fields"].update(mechanisms=[["no-such-mechanism"]]),
    )


def invalid_identifier(fixtures):
    edit(
        fixtures,
        "mechanisms.json",
        lambda objs: find(objs, "mechanisms.cellline", "bt-474")["fields"].update(cellosaurus_accession="CVCL-0179"),
    )


def duplicate_natural_key(fixtures):
    def change(objs):
        copy = json.loads(json.dumps(find(objs, "biomarkers.microrna", "hsa-mir-107")))
        copy["fields"]["fold_change"] = "9.99"
        objs.append(copy)

    edit(fixtures, "biomarkers.json", change)


def unknown_model(fixtures):
    edit(fixtures, "trials.json", lambda objs: objs.append({"model": "trials.drug", "fields": {"slug": "x"}}))


BAD = [
    (bad_json, ["biomarkers.json", "not valid JSON", "line 1"]),
    (unknown_field, ["trials.json", "trials.compound 'lapatinib'", "field 'colour'", "no such field"]),
    (broken_reference, ["trials.json", "trials.compound 'olaparib'", "field 'mechanisms'", "no-such-mechanism"]),
    (
        invalid_identifier,
        ["mechanisms.json", "mechanisms.cellline 'bt-474'", "field 'cellosaurus_accession'", "CVCL_0179"],
    ),
    (
        duplicate_natural_key,
        ["biomarkers.json", "biomarkers.microrna 'hsa-mir-107'", "field 'slug'", "duplicate natural key"],
    ),
    (unknown_model, ["trials.json", "field 'model'", "trials.drug"]),
]


@pytest.mark.parametrize(("spoil", "message"), BAD, ids=[spoil.__name__ for spoil, _ in BAD])
def test_a_bad_fixture_is_refused_and_the_database_is_left_as_it_was(fixtures, spoil, message):
    spoil_earlier_record(fixtures)
    spoil(fixtures)
    before = snapshot()
    with pytest.raises(CommandError) as info:
        load(fixtures)
    text = str(info.value)
    assert text.startswith("Nothing was loaded: ")
    for piece in message:
        assert piece in text
    assert snapshot() == before
    assert Gene.objects.get(slug="erbb2").full_name != "must not stay"


def test_a_missing_fixture_file_is_refused(fixtures):
    (fixtures / "trials.json").unlink()
    with pytest.raises(CommandError, match="trials.json: cannot be read"):
        load(fixtures)
