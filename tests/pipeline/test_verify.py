"""verify_transcription, on a text made from the transcription itself: the review's text is not in the project."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from kb.pipeline.transcription import read_transcription, verify_against


def text_from_transcription() -> list[str]:
    """A source text in which every cell is printed on the lines its row says."""
    parts = read_transcription(Path(settings.KB_FIXTURES_DIR) / "tables").parts.values()
    lines: dict[int, list[str]] = {}
    for part in parts:
        lines.setdefault(part.line, []).extend(part.title_as_printed.splitlines())
        for row in part.rows.values():
            for cell in row.cells.values():
                lines.setdefault(row.line, []).extend(cell.splitlines())
    out = []
    for number in range(1, max(lines) + 1):
        out.append(" ".join(lines.get(number, [])))
    return out


def test_a_faithful_text_passes(tmp_path):
    path = tmp_path / "review.txt"
    path.write_text("\n".join(text_from_transcription()), encoding="utf-8")
    out = io.StringIO()
    call_command("verify_transcription", str(path), stdout=out)
    assert "every cell as printed" in out.getvalue()


def test_a_cell_not_printed_is_reported(tmp_path):
    lines = text_from_transcription()
    lines = [line.replace("Has-mir-4266", "Has-mir-4267") for line in lines]
    transcription = read_transcription(Path(settings.KB_FIXTURES_DIR) / "tables")
    problems = verify_against(transcription, lines)
    assert problems == ["table-4.csv, row 2, microrna: 'Has-mir-4266' is not printed near line 701"]
    path = tmp_path / "review.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CommandError, match="1 transcribed cells"):
        call_command("verify_transcription", str(path), stdout=io.StringIO(), stderr=io.StringIO())
