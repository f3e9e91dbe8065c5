"""The benchmark's synthetic workload and its SQLite copy for Datasette (the benchmark itself runs in `make bench`)."""

import runpy
import sqlite3

import pytest

from biomarkers.models import MicroRNA
from kb.core.querysets import PUBLIC
from kb.search import search
from trials.models import Trial

pytestmark = pytest.mark.django_db


def test_the_generator_adds_published_linked_searchable_records_and_the_copy_holds_them(tmp_path):
    from bench.export_sqlite import export
    from bench.generate import generate

    mirnas, trials = MicroRNA.objects.count(), Trial.objects.count()
    generate(400)
    assert MicroRNA.objects.visible_to(PUBLIC).count() == mirnas + 140 and Trial.objects.count() == trials + 40
    assert MicroRNA.objects.filter(slug__startswith="syn-", mechanisms__isnull=False).count() == 140
    assert [hit.name for hit in search("Synthetic compound 7", user=PUBLIC)][:1] == ["Synthetic compound 7"]
    path = tmp_path / "bench.db"
    export(str(path))
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM mirnas").fetchone()[0] == mirnas + 140
    assert db.execute("SELECT name FROM compounds_fts WHERE compounds_fts MATCH 'lapatinib'").fetchone() == (
        "Lapatinib",
    )


def test_the_production_server_runs_several_sync_workers():
    """The benchmark and the soak run gunicorn with the project's gunicorn.conf.py."""
    from gunicorn.config import Config

    from kb.settings import BASE_DIR

    namespace = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    config = Config()
    for name in ("wsgi_app", "workers", "worker_class", "timeout"):
        config.set(name, namespace[name])
    assert config.worker_class_str == "sync" and config.workers >= 2
    assert config.wsgi_app == "kb.wsgi"
