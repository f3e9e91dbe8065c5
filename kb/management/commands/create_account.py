import os
from getpass import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kb.curation.roles import CURATORS, EDITORS


class Command(BaseCommand):
    help = "Create (or update) a curator's or an editor's account; the password is prompted or read from KB_PASSWORD."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=["curator", "editor"], required=True)
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, email, **options):
        password = os.environ.get("KB_PASSWORD") or self._prompt()
        user_model = get_user_model()
        try:
            validate_password(password, user_model(username=username, email=email))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        with transaction.atomic():
            user, created = user_model.objects.get_or_create(username=username, defaults={"email": email})
            user.is_staff = True
            user.set_password(password)
            user.save()
            group = Group.objects.get(name=EDITORS if role == "editor" else CURATORS)
            user.groups.add(group)
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} {username}, in the {group.name} group."))

    def _prompt(self) -> str:
        password = getpass("Password: ")
        if password != getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return password
