from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class KbConfig(AppConfig):
    default = True
    name = "kb"
    verbose_name = "Knowledge base"


class KBAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "kb.admin_site.KBAdminSite"
