from django.core.management.base import BaseCommand
from django.db import transaction

from kb.delivery import versioning
from kb.search import rebuild_index


class Command(BaseCommand):
    help = "Rewrite the search entry of every record (load_kb and every save keep it up to date already)."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = rebuild_index()
            versioning.bump()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {count} records."))
