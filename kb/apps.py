from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps

from .core import kinds


class KbConfig(AppConfig):
    default = True
    name = "kb"
    verbose_name = "Knowledge base"

    def ready(self):
        from .kinds import KINDS

        kinds.register(*KINDS)


class KBAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "kb.curation.admin_site.KBAdminSite"
