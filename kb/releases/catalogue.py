"""The releases built so far (``KB_RELEASES_DIR``): their manifests, the current one, and what changed between two."""

import json
from pathlib import Path

from django.conf import settings

from kb.core import kinds
from kb.delivery import versioning


def releases_dir() -> Path:
    return Path(settings.KB_RELEASES_DIR)


def list_releases(out_dir: Path | None = None) -> list[dict]:
    """The releases in the folder, newest first, each its manifest."""
    folder = out_dir or releases_dir()
    manifests = []
    for path in sorted(folder.glob("*/manifest.json")) if folder.exists() else []:
        try:
            manifests.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, json.JSONDecodeError):
            continue
    return sorted(manifests, key=lambda m: (m["date"], m["release"]), reverse=True)


def current_release() -> str:
    """The version of the newest release, or "" if none was built: read once per data version (``export_kb``
    moves the version on), not looked for on every request."""
    global _current
    key = (versioning.current()[0], str(releases_dir()))
    known_key, known = _current  # one read: another thread may replace the pair meanwhile, never half of it
    if known_key != key:
        releases = list_releases()
        known = releases[0]["release"] if releases else ""
        _current = (key, known)
    return known


_current: tuple = (None, "")  # ((data version, releases folder), the newest release's version), as last read


def release_records(folder: Path) -> dict[tuple[str, str], dict]:
    """The records of a release by (model, key), for comparing two releases."""
    records = {}
    for file in kinds.fixture_files():
        for obj in json.loads((folder / "fixtures" / file).read_text(encoding="utf-8")):
            fields, kind = obj["fields"], kinds.kind_of(obj["model"])
            key = fields.get("slug") or fields.get("name") or json.dumps(fields, sort_keys=True)[:80]
            owner = fields[kind.owner][0] if kind.owner else ""
            records[(obj["model"], f"{owner}/{key}" if owner else str(key))] = fields
    return records


def release_diff(old: Path, new: Path) -> dict[str, list[tuple[str, str]]]:
    """What was added, changed and removed (retired or deleted) from one release to the next, record by record."""
    before, after = release_records(old), release_records(new)
    return {
        "added": sorted(key for key in after if key not in before),
        "changed": sorted(key for key in after if key in before and after[key] != before[key]),
        "removed": sorted(key for key in before if key not in after),
    }
