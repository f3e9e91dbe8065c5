from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kb.pipeline.transcription import TranscriptionError, read_transcription, verify_against


class Command(BaseCommand):
    help = "Check every transcribed cell in fixtures/tables/ against the review's extracted text."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="The review's text as extracted from its PDF.")

    def handle(self, *args, source, **options):
        try:
            lines = source.read_text(encoding="utf-8").split("\n")
            transcription = read_transcription(Path(settings.KB_FIXTURES_DIR) / "tables")
        except (OSError, TranscriptionError) as exc:
            raise CommandError(str(exc)) from exc
        problems = verify_against(transcription, lines)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} transcribed cells are not printed where they say.")
        rows = sum(len(part.rows) for part in transcription.parts.values())
        self.stdout.write(self.style.SUCCESS(f"{len(transcription.parts)} parts, {rows} rows: every cell as printed."))
