"""The admin site, with the curation queue on its first page (kb.curation.admin registers kb's models on it)."""

from django.contrib import admin

from .selectors import curation_queue


class KBAdminSite(admin.AdminSite):
    """The curators' workbench: the curation queue is the first thing an editor sees."""

    site_header = "Breast cancer drug resistance: curation"
    site_title = "BCDR curation"
    index_template = "admin/kb_index.html"

    def index(self, request, extra_context=None):
        return super().index(request, {**(extra_context or {}), "queue": curation_queue()})
