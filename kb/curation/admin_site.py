"""The admin site, with the curator's queues and inbox on its first page (kb.curation.admin registers kb's models)."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_POST

from . import notices
from .selectors import curation_queue


class KBAdminSite(admin.AdminSite):
    """The curators' workbench: what waits for the user is the first thing they see."""

    site_header = "Breast cancer drug resistance: curation"
    site_title = "BCDR curation"
    index_template = "admin/kb_index.html"

    def index(self, request, extra_context=None):
        context = {"queue": curation_queue(request.user), "inbox": notices.inbox(request.user)}
        return super().index(request, {**(extra_context or {}), **context})

    def get_urls(self):
        return [
            path("inbox/read/", self.admin_view(require_POST(self.inbox_read)), name="inbox_read"),
            *super().get_urls(),
        ]

    def inbox_read(self, request):
        """Mark the inbox's notices read (all of them, or those the form names)."""
        ids = [int(value) for value in request.POST.getlist("notice") if value.isdigit()] or None
        count = notices.mark_read(user=request.user, ids=ids)
        messages.success(request, f"{count} notice{'s' if count != 1 else ''} marked read.")
        return redirect("admin:index")
