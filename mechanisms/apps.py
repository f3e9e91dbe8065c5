from django.apps import AppConfig

from kb.core import kinds


class MechanismsConfig(AppConfig):
    name = "mechanisms"
    verbose_name = "Mechanisms, strategies and models"

    def ready(self):
        from .kinds import KINDS

        kinds.register(*KINDS)
