from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kb.pipeline.build import BuildError, build, render


class Command(BaseCommand):
    help = "Build the Django fixtures in fixtures/ from the transcribed tables and the curation files."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures", type=Path, default=None, help="The fixtures folder (default: the project's).")
        parser.add_argument("--output", type=Path, default=None, help="Write the fixtures here instead.")
        parser.add_argument(
            "--check", action="store_true", help="Write nothing; fail if the committed fixtures differ."
        )

    def handle(self, *args, fixtures=None, output=None, check=False, **options):
        fixtures = fixtures or Path(settings.KB_FIXTURES_DIR)
        output = output or fixtures
        try:
            built = build(fixtures)
        except BuildError as exc:
            raise CommandError(str(exc)) from exc
        stale = []
        for name, objects in built.items():
            path, text = output / name, render(objects)
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if check:
                if current != text:
                    stale.append(name)
                continue
            if current != text:
                output.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            self.stdout.write(f"{path}: {len(objects)} objects")
        if stale:
            raise CommandError(
                f"The committed fixtures differ from a fresh build: {', '.join(stale)}. "
                "Run `python manage.py build_fixtures` and commit the result."
            )
        self.stdout.write(self.style.SUCCESS("Fixtures are up to date." if check else "Fixtures built."))
