"""The transcription itself: one row per printed row, in the review's order, nothing left empty by mistake."""

from pathlib import Path

from django.conf import settings

from kb.pipeline.transcription import read_transcription

TABLES = Path(settings.KB_FIXTURES_DIR) / "tables"


def test_every_table_of_the_review_is_transcribed():
    parts = read_transcription(TABLES).parts
    assert sorted(p.number for p in parts.values() if p.kind == "table") == list(range(1, 9))
    for slug in (
        "text-hormonal-mechanisms",
        "text-pathways",
        "text-nanoparticle-strategies",
        "text-cell-lines",
        "text-prediction-biomarkers",
        "text-hormonal-strategies",
        "text-emerging-strategies",
        "text-models",
    ):
        assert slug in parts


def test_rows_are_numbered_from_one_and_follow_the_printed_order():
    for part in read_transcription(TABLES).parts.values():
        assert sorted(part.rows) == list(range(1, len(part.rows) + 1)), part.file
        if part.kind == "table":
            lines = [part.rows[n].line for n in sorted(part.rows)]
            assert lines == sorted(lines) and lines[0] > part.line, part.file


def test_printed_row_counts():
    parts = read_transcription(TABLES).parts
    counts = {slug: len(part.rows) for slug, part in parts.items() if part.kind == "table"}
    assert counts == {
        "table-1": 5,
        "table-2": 8,
        "table-3": 4,
        "table-4": 22,
        "table-5": 14,
        "table-6": 3,
        "table-7": 4,
        "table-8": 5,
    }
    assert len(parts["text-hormonal-mechanisms"].rows) == 6
    assert len(parts["text-nanoparticle-strategies"].rows) == 7


def test_cells_keep_the_printed_text():
    parts = read_transcription(TABLES).parts
    assert parts["table-4"].row(13).cells == {
        "microrna": "Has-mir-1233-1-5p",
        "expression": "downregulated",
        "fold_change": "unregulated",
    }
    assert parts["table-1"].row(4).cells["compound"] == "T-dM1\n(rrastuzumab,\nemtansine)"
    assert parts["table-7"].row(2).cells["trial_id"] == "nCT02520063"
