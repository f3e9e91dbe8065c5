"""The curation files (``fixtures/curation/*.csv``) as the build reads them, and how it compares printed text.

A row of a curation file says which printed row a record comes from, its vocabulary values, its
links (``;``-separated keys) and the identifiers added in curation. Every row knows where it is
(``_where``: the file, line and slug), so that every error of the build names it.
"""

import csv
import re
from pathlib import Path

from . import normalize


class BuildError(Exception):
    """A transcription or curation file the build cannot use, with the file, row and column concerned."""


def read_curation(curation_dir: Path, name: str) -> list[dict]:
    """The rows of one curation file, each with ``_where``."""
    path = curation_dir / name
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise BuildError(f"{path}: {exc}") from exc
    for number, row in enumerate(rows, 2):
        row["_where"] = f"curation/{name}, line {number}" + (f" ({row['slug']})" if row.get("slug") else "")
    return rows


def plain(text: str) -> str:
    """Text with the extraction's no-break spaces as plain ones, for comparing printed strings."""
    return text.replace("\u00a0", " ")


def names_in(name: str, text: str) -> bool:
    """Whether the text prints the name as a word of its own, whatever its capitals, spaces or hyphens."""
    words = [re.escape(word) for word in re.split(r"[\s-]+", name.lower()) if word]
    pattern = r"(?<![a-z0-9])" + r"[\s-]?".join(words) + r"(?![a-z0-9])"
    return re.search(pattern, normalize.restore_case(normalize.join_lines(text)).lower()) is not None


def split(value: str) -> list[str]:
    """The items of a ``;``-separated cell."""
    return [item.strip() for item in (value or "").split(";") if item.strip()]


def natural_keys(values) -> list[list[str]]:
    """Keys as a fixture refers to records: sorted, each a one-item natural key."""
    return [[value] for value in sorted(values)]
