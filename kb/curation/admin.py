"""The curators' workbench: a shared base for every curated model, and the admin of kb's own models.

Every save, delete, workflow step, revert and suggestion decision goes through the curation services.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from kb.core import kinds
from kb.core.choices import CurationStatus

from .forms import ProvenanceForm, VersionedForm
from .services import (
    DONE,
    PROVENANCE,
    StaleRecord,
    provenance_correct,
    record_delete,
    record_related_saved,
    record_revert,
    record_save,
    record_transition,
)
from .workbench import WorkbenchAdmin, problem

PROVENANCE_FIELDS = ("source", "locator", "line", "quote", "curated_fields")  # the form's group
CURATION_FIELDS = ("status", "curator_note")
STAMP_FIELDS = ("created_at", "created_by", "updated_at", "updated_by")


class ReasonActionForm(helpers.ActionForm):
    """The change list's action bar asks why, as every workflow step does."""

    reason = forms.CharField(required=False, max_length=1000, label="Reason", help_text="Kept in the history.")


class CuratedAdmin(WorkbenchAdmin, SimpleHistoryAdmin):
    """Provenance grouped, read-only stamps, saves through the curation service, the workflow on the form and in
    the list's actions (each with a reason), following, history."""

    form = VersionedForm
    action_form = ReasonActionForm
    readonly_fields = ("status",) + STAMP_FIELDS + ("version",)  # the status moves by the workflow's actions only
    list_filter = ("status", "source")
    list_select_related = ("source", "updated_by")
    list_per_page = 50
    actions = ("submit_for_review", "publish", "retire", "back_to_draft")

    def get_fieldsets(self, request, obj=None):
        fields = [
            name
            for name in self.get_fields(request, obj)
            if name not in PROVENANCE_FIELDS + CURATION_FIELDS + STAMP_FIELDS + ("errata", "version", "change_reason")
        ]
        errata = ("errata",) if "errata" in {f.name for f in self.model._meta.get_fields()} else ()
        return [
            (None, {"fields": fields}),
            ("Provenance: where the review printed it", {"fields": PROVENANCE_FIELDS, **self._provenance_note(obj)}),
            ("Curation", {"fields": CURATION_FIELDS + errata}),
            ("Changes", {"fields": STAMP_FIELDS + ("version",), "classes": ("collapse",)}),
            *([("Reason for this change", {"fields": ("change_reason",)})] if obj is not None else []),
        ]

    def get_readonly_fields(self, request, obj=None):
        """Links to other records are drawn by statements (kb.core.statements), not edited on either record."""
        links = tuple(
            field.name
            for field in self.model._meta.get_fields()
            if (field.many_to_many or field.many_to_one)
            and not field.auto_created
            and field.name != "errata"
            and kinds.is_record_model(field.related_model)
        )
        # Where the source printed a record is corrected by an editor's "Correct provenance", never by an edit.
        provenance = ()
        if obj is not None and obj.source_id is not None:
            provenance = tuple(name for name in PROVENANCE if any(f.name == name for f in self.model._meta.fields))
        return (*super().get_readonly_fields(request, obj), *links, *provenance)

    def _provenance_note(self, obj) -> dict:
        if obj is None or obj.source_id is None:
            return {}
        info = self.opts.app_label, self.opts.model_name
        url = reverse(f"admin:{info[0]}_{info[1]}_provenance", args=[obj.pk])
        return {
            "description": format_html(
                'Loaded from the source, so not edited here: an editor corrects it with <a href="{}">Correct '
                "provenance</a>, giving the reason.",
                url,
            )
        }

    def provenance_view(self, request, object_id):
        """An editor's correction of where the source printed the record, with the reason (in the history)."""
        record = self.get_object(request, unquote(object_id))
        if record is None or not self.has_publish_permission(request):
            raise PermissionDenied
        names = [name for name in PROVENANCE if any(f.name == name for f in self.model._meta.fields)]
        form_class = forms.modelform_factory(self.model, fields=names, form=ProvenanceForm)
        form = form_class(request.POST or None, instance=record)
        if request.method == "POST" and form.is_valid():
            try:
                provenance_correct(
                    record=record,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data.get("expected_version"),
                )
            except (StaleRecord, ValidationError, PermissionDenied) as exc:
                self.message_user(request, " ".join(getattr(exc, "messages", [str(exc)])), messages.ERROR)
            else:
                self.message_user(request, "Provenance corrected; the reason is in the history.", messages.SUCCESS)
                info = self.opts.app_label, self.opts.model_name
                return redirect(f"admin:{info[0]}_{info[1]}_change", record.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "record": record,
            "form": form,
            "title": f"Correct the provenance of {record}",
        }
        return TemplateResponse(request, "admin/kb/provenance.html", context, status=400 if form.errors else 200)

    def save_model(self, request, obj, form, change):
        was_published = change and obj.status == CurationStatus.PUBLISHED  # read-only in the form: as stored
        reason = (form.cleaned_data.get("change_reason") or "").strip()
        saved = record_save(
            record=obj,
            user=request.user,
            expected_version=form.cleaned_data.get("expected_version"),
            reason=reason or ("Edited in the admin" if change else "Created in the admin"),
        )
        if was_published and saved.status != CurationStatus.PUBLISHED:
            self.message_user(
                request,
                f"“{saved}” left the public site: it waits in review until another editor publishes it.",
                messages.WARNING,
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record_related_saved(record=form.instance)  # its links and inline rows (synonyms, targets) are searched too

    def delete_model(self, request, obj):
        record_delete(record=obj, user=request.user, reason="Deleted in the admin")

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for record in queryset:
                record_delete(record=record, user=request.user, reason="Deleted in the admin")

    def _each(self, request, queryset, service, done: str):
        """Call a curation service on each selected record, with the action bar's reason; say which it did and why
        it refused the others."""
        reason = request.POST.get("reason", "").strip()
        if not reason:
            self.message_user(request, "Give a reason for the action: it is kept in the history.", messages.ERROR)
            return
        did, refused = [], []
        for record in queryset:
            try:
                service(record, reason)
                did.append(f"“{record}”")
            except (PermissionDenied, ValidationError) as exc:
                refused.append(f"“{record}”: {problem(exc)}")
        if did:
            self.message_user(
                request, f"{', '.join(did)} {'was' if len(did) == 1 else 'were'} {done}.", messages.SUCCESS
            )
        for message in refused:
            self.message_user(request, f"Not done: {message}", messages.ERROR)

    def _transition(self, request, queryset, action):
        self._each(
            request,
            queryset,
            lambda record, reason: record_transition(record=record, action=action, user=request.user, reason=reason),
            DONE[action],
        )

    @admin.action(description="Send to review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._transition(request, queryset, "submit")

    @admin.action(description="Publish (editors; not your own change)", permissions=["publish"])
    def publish(self, request, queryset):
        self._transition(request, queryset, "publish")

    @admin.action(description="Retire (editors)", permissions=["publish"])
    def retire(self, request, queryset):
        self._transition(request, queryset, "retire")

    @admin.action(description="Return to draft", permissions=["change"])
    def back_to_draft(self, request, queryset):
        self._transition(request, queryset, "draft")

    def has_publish_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")

    def render_change_form(self, request, context, *args, **kwargs):
        """A form sent back with errors is a 400, the errors shown as Django's admin shows them."""
        response = super().render_change_form(request, context, *args, **kwargs)
        if request.method == "POST" and context.get("errors"):
            response.status_code = 400
        return response

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/diff/",
                self.admin_site.admin_view(self.diff_view),
                name=f"{info[0]}_{info[1]}_diff",
            ),
            path(
                "<path:object_id>/provenance/",
                self.admin_site.admin_view(self.provenance_view),
                name=f"{info[0]}_{info[1]}_provenance",
            ),
            *self.workbench_urls(),
            *super().get_urls(),
        ]

    def diff_view(self, request, object_id):
        """Two versions side by side, field by field, and a revert to the older one (itself a recorded change)."""
        record = self.get_object(request, unquote(object_id))
        if record is None or not self.has_view_or_change_permission(request, record):
            raise PermissionDenied
        rows = list(record.history.select_related("history_user").order_by("-history_date", "-history_id"))
        by_id = {row.history_id: row for row in rows}
        new = by_id.get(_version_id(request.GET, "new"), rows[0])
        old = by_id.get(_version_id(request.GET, "old"), rows[1] if len(rows) > 1 else rows[0])
        if request.method == "POST":
            if not self.has_change_permission(request, record):
                raise PermissionDenied
            try:
                record_revert(
                    record=record,
                    history_id=_version_id(request.POST, "revert_to"),
                    user=request.user,
                    expected_version=_version_id(request.POST, "expected_version", required=True),
                )
            except (StaleRecord, ValidationError) as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, "Reverted: the revert is in the history as a change of its own.")
            return redirect(request.path)
        delta = new.diff_against(old) if new is not old else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "record": record,
            "rows": rows,
            "old": old,
            "new": new,
            "changes": _labelled(self.model, delta.changes if delta else []),
            "title": f"Changes to {record}",
        }
        return TemplateResponse(request, "admin/kb/diff.html", context)


class CuratedRecordAdmin(CuratedAdmin):
    list_display = ("name", "slug", "status", "locator", "updated_at")
    search_fields = ("name", "name_as_printed", "slug", "description", "quote")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("errata",)


def _labelled(model, changes) -> list[dict]:
    """Each changed field by its label, with the whole of both values (the page folds long ones)."""
    labels = {f.name: str(f.verbose_name) for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
    return [
        {"field": capfirst(labels.get(change.field, change.field)), "old": change.old, "new": change.new}
        for change in changes
    ]


def _version_id(params, name: str, *, required: bool = False) -> int:
    """A version's number from the query or the form: a whole number, or a 400 that says which one is wrong."""
    if required and not params.get(name):
        raise BadRequest(f"{name} is missing: send the form from the page that shows the versions.")
    value = params.get(name, "") or "0"
    if not value.isdigit():
        raise BadRequest(f"{name} must be the number of a version in the history, not {value[:40]!r}.")
    return int(value)


from . import admin_kb  # noqa: E402, F401 - kb's own models are registered with the bases above
