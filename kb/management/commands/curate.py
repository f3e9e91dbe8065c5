from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from kb.curation.services import ACTIONS, record_transition


class Command(BaseCommand):
    help = "Move a record through curation (submit, publish, retire, draft) as a given user."

    def add_arguments(self, parser):
        parser.add_argument("model", help="app_label.Model, e.g. trials.Compound")
        parser.add_argument("key", help="The record's slug (trials: NCT number, genes: symbol).")
        parser.add_argument("action", choices=sorted(ACTIONS))
        parser.add_argument("--user", required=True, help="The username the change is recorded under.")
        parser.add_argument("--reason", default="", help="Why: kept in the record's history with the step.")

    def handle(self, *args, model, key, action, user, reason="", **options):
        try:
            model_class = apps.get_model(model)
            record = model_class.objects.get(**{model_class.url_key: key})
            account = get_user_model().objects.get(username=user)
        except (LookupError, ValueError) as exc:
            raise CommandError(f"Unknown model {model!r}: {exc}") from exc
        except model_class.DoesNotExist:
            raise CommandError(f"No {model_class._meta.verbose_name} {key!r}.") from None
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {user!r}.") from None
        try:
            record = record_transition(record=record, action=action, user=account, reason=reason)
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(
            self.style.SUCCESS(f"{record}: {record.get_status_display().lower()} (version {record.version}).")
        )
