from django.apps import AppConfig

from kb.core import kinds


class TrialsConfig(AppConfig):
    name = "trials"
    verbose_name = "Compounds and trials"

    def ready(self):
        from .kinds import KINDS

        kinds.register(*KINDS)
