"""The review's tables and text lists as transcribed in ``fixtures/tables/``, read into plain objects.

``parts.toml`` lists the parts in the order the review prints them; each part's CSV has one row
per printed row: ``row``, ``line`` and the cells exactly as printed (a cell's printed lines kept as
lines). ``verify_against`` checks a transcription against the review's text, line by line.
"""

import csv
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


class TranscriptionError(Exception):
    """A transcription file that cannot be read, with the file, row and column it concerns."""


@dataclass(frozen=True)
class Row:
    number: int
    line: int
    cells: dict[str, str]

    def text(self, columns=None) -> str:
        """The row's non-empty cells (or those named), joined as the quote of a record."""
        names = columns or list(self.cells)
        return " | ".join(self.cells[name] for name in names if self.cells[name])


@dataclass
class Part:
    slug: str
    kind: str
    locator: str
    line: int
    title_as_printed: str
    position: int
    file: str
    number: int | None = None
    columns: list[str] = field(default_factory=list)
    quote_columns: list[str] = field(default_factory=list)
    in_scope: bool = True
    scope_note: str = ""
    cell_names: list[str] = field(default_factory=list)
    rows: dict[int, Row] = field(default_factory=dict)

    def row(self, number: int) -> Row:
        try:
            return self.rows[number]
        except KeyError:
            raise TranscriptionError(f"{self.file}: no row {number}") from None

    def row_locator(self, number: int) -> str:
        noun = "row" if self.kind == "table" else "item"
        return f"{self.locator}, {noun} {number}"

    def quote(self, number: int) -> str:
        return self.row(number).text(self.quote_columns or None)


@dataclass
class Transcription:
    source: dict
    parts: dict[str, Part]

    def part(self, slug: str) -> Part:
        try:
            return self.parts[slug]
        except KeyError:
            raise TranscriptionError(f"parts.toml: no part {slug!r}") from None


def read_transcription(tables_dir: Path) -> Transcription:
    """Read ``parts.toml`` and every part's CSV."""
    index = tables_dir / "parts.toml"
    try:
        meta = tomllib.loads(index.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TranscriptionError(f"{index}: {exc}") from exc
    parts = {}
    for position, spec in enumerate(meta.get("parts", []), 1):
        spec = dict(spec)
        part = Part(position=position, file=f"{spec['slug']}.csv", **spec)
        part.rows, part.cell_names = _read_rows(tables_dir / part.file)
        parts[part.slug] = part
    return Transcription(source=meta["source"], parts=parts)


def _read_rows(path: Path) -> tuple[dict[int, Row], list[str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            names = [name for name in reader.fieldnames or [] if name not in ("row", "line")]
            rows = {}
            for index, record in enumerate(reader, 1):
                try:
                    number, line = int(record["row"]), int(record["line"])
                except (KeyError, TypeError, ValueError):
                    raise TranscriptionError(f"{path.name}, record {index}: 'row' and 'line' must be numbers") from None
                if number in rows:
                    raise TranscriptionError(f"{path.name}, row {number}: the row number is used twice")
                rows[number] = Row(number, line, {name: record[name] or "" for name in names})
    except OSError as exc:
        raise TranscriptionError(f"{path}: {exc}") from exc
    return rows, names


def verify_against(transcription: Transcription, source_lines: list[str]) -> list[str]:
    """Check every cell against the source text; return one message per cell not found as printed.

    Each printed line of a cell must occur, in order, in the source's lines near the row's line
    (from 20 lines before it, where a sentence that names the row's item begins, to 60 after), so a
    transcription can neither invent nor reorder text.
    """
    problems = []
    for part in transcription.parts.values():
        problems += _find(f"{part.file}, title", part.title_as_printed, part.line, source_lines)
        for row in part.rows.values():
            for name, cell in row.cells.items():
                problems += _find(f"{part.file}, row {row.number}, {name}", cell, row.line, source_lines)
    return problems


def _find(where: str, cell: str, line: int, source_lines: list[str]) -> list[str]:
    position = max(line - 21, 0)
    for printed in filter(None, (piece.strip() for piece in cell.splitlines())):
        for index in range(position, min(position + 60, len(source_lines))):
            if printed in source_lines[index]:
                position = index
                break
        else:
            return [f"{where}: {printed!r} is not printed near line {line}"]
    return []
