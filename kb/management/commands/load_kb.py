from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kb.pipeline.loading import LoadError, kb_load


class Command(BaseCommand):
    help = "Load the knowledge base's fixtures into the configured database, in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", type=Path, default=None, help="The fixtures folder (default: the project's).")

    def handle(self, *args, fixtures=None, **options):
        fixtures = fixtures or Path(settings.KB_FIXTURES_DIR)
        try:
            report = kb_load(fixtures_dir=fixtures)
        except LoadError as exc:
            raise CommandError(f"Nothing was loaded: {exc}") from exc
        for label, counts in report.counts.items():
            total = sum(counts.values())
            detail = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
            self.stdout.write(f"{label}: {total} ({detail})")
        for message in report.kept:
            self.stdout.write(self.style.WARNING(message))
        self.stdout.write(f"search index: {report.indexed} records")
        verdict = f"{report.changed} records created or updated." if report.changed else "Already up to date."
        self.stdout.write(self.style.SUCCESS(f"Knowledge base loaded from {fixtures}. {verdict}"))
