from django.apps import AppConfig


class BiomarkersConfig(AppConfig):
    name = "biomarkers"
    verbose_name = "Biomarkers and microRNAs"
