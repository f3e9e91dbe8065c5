"""Copy the published records into a SQLite file that Datasette serves: the same rows, flat, with full-text search."""

import os
import sqlite3
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
django.setup()

from biomarkers.models import MicroRNA  # noqa: E402
from kb.core.querysets import PUBLIC  # noqa: E402
from mechanisms.models import Mechanism  # noqa: E402
from trials.models import Compound, Trial  # noqa: E402

TABLES = {
    "mirnas": (MicroRNA, ["id", "slug", "name", "name_as_printed", "direction", "fold_change", "locator", "quote"]),
    "compounds": (Compound, ["id", "slug", "name", "drug_class", "chembl_id", "description", "locator"]),
    "mechanisms": (Mechanism, ["id", "slug", "name", "category", "therapy_context", "description", "locator"]),
    "trials": (Trial, ["id", "nct_id", "name", "phase", "recruitment_status", "locator"]),
}


def export(path: str) -> None:
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    for table, (model, columns) in TABLES.items():
        db.execute(
            f"CREATE TABLE {table} ({', '.join(c + (' INTEGER PRIMARY KEY' if c == 'id' else '') for c in columns)})"
        )
        rows = model.objects.visible_to(PUBLIC).order_by("pk").values_list(*columns)
        db.executemany(
            f"INSERT INTO {table} VALUES ({', '.join('?' for _ in columns)})",
            ([float(v) if hasattr(v, "as_tuple") else v for v in row] for row in rows.iterator()),
        )
        for column in columns[1:5]:
            db.execute(f"CREATE INDEX {table}_{column} ON {table} ({column})")
        db.execute(f"CREATE VIRTUAL TABLE {table}_fts USING fts5(name, content={table}, content_rowid=id)")
        db.execute(f"INSERT INTO {table}_fts (rowid, name) SELECT id, name FROM {table}")
    db.commit()
    db.close()


if __name__ == "__main__":
    export(sys.argv[1])
