import os
from getpass import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kb.curation.roles import CURATORS, EDITORS, account_save


class Command(BaseCommand):
    help = "Create (or update) a curator's or an editor's account; the password is prompted or read from KB_PASSWORD."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=["curator", "editor"], required=True)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--display-name",
            default="",
            help="The name shown publicly beside changes (none if empty: never the login).",
        )

    def handle(self, *args, username, role, email, display_name, **options):
        password = os.environ.get("KB_PASSWORD") or self._prompt()
        group = EDITORS if role == "editor" else CURATORS
        try:
            _, created = account_save(
                username=username, role=group, password=password, email=email, display_name=display_name
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} {username}, in the {group} group."))

    def _prompt(self) -> str:
        password = getpass("Password: ")
        if password != getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return password
