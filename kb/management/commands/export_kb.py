from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kb.releases import release_diff, release_write


class Command(BaseCommand):
    help = "Write a data release (published records as fixtures, CSV, graph, manifest) and compare it with another."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=None, help="The releases folder (default: KB_RELEASES_DIR).")
        parser.add_argument("--base-url", default=None, help="The site's public address (default: KB_PUBLIC_URL).")
        parser.add_argument("--since", default=None, help="An earlier release to list the changes since.")

    def handle(self, *args, out=None, base_url=None, since=None, **options):
        verbosity = options.get("verbosity", 1)
        out = out or Path(settings.KB_RELEASES_DIR)
        if since and not (out / since / "manifest.json").exists():
            raise CommandError(f"No release {since!r} in {out}.")
        manifest = release_write(
            out_dir=out,
            base_url=base_url or settings.KB_PUBLIC_URL,
            progress=lambda path: self.stdout.write(f"  wrote {path}") if verbosity else None,
        )
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Release {manifest['release']} in {out / manifest['release']}"))
            for kind, count in manifest["counts"].items():
                self.stdout.write(f"  {kind}: {count}")
        if since:
            diff = release_diff(out / since, out / manifest["release"])
            self.stdout.write(f"Since {since}:")
            for change, records in diff.items():
                self.stdout.write(f"  {change}: {len(records)}")
                for model, key in records:
                    self.stdout.write(f"    {model} {key}")
