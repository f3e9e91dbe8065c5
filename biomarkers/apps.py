from django.apps import AppConfig

from kb.core import kinds


class BiomarkersConfig(AppConfig):
    name = "biomarkers"
    verbose_name = "Biomarkers and microRNAs"

    def ready(self):
        from .kinds import KINDS

        kinds.register(*KINDS)
