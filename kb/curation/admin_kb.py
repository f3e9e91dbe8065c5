"""The admin of kb's own models: sources and their parts, errata (and suggestions), genes and statements."""

from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from kb.core.models import Erratum, Gene, GeneSynonym, Source, SourcePart
from kb.core.statements import Statement, StatementRelation

from .admin import PROVENANCE_FIELDS, CuratedAdmin, CuratedRecordAdmin
from .selectors import record_keys
from .services import source_delete, source_save
from .suggestions import suggestion_accept, suggestion_reject


class GeneSynonymInline(admin.TabularInline):
    model = GeneSynonym
    extra = 0


class SourceWrites:
    """Sources and their parts are saved and deleted through the curation services too."""

    def save_model(self, request, obj, form, change):
        source_save(source=obj, user=request.user, reason="Edited in the admin" if change else "Created in the admin")

    def delete_model(self, request, obj):
        source_delete(source=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for source in queryset:
                source_delete(source=source, user=request.user)


@admin.register(Source)
class SourceAdmin(SourceWrites, SimpleHistoryAdmin):
    list_display = ("title", "slug", "kind")
    list_filter = ("kind",)
    search_fields = ("title", "citation")


@admin.register(SourcePart)
class SourcePartAdmin(SourceWrites, admin.ModelAdmin):
    list_display = ("locator", "kind", "number", "line", "in_scope")
    list_filter = ("kind", "in_scope", "source")
    search_fields = ("locator", "title_as_printed")
    list_select_related = ("source",)


@admin.register(Erratum)
class ErratumAdmin(CuratedAdmin):
    list_display = ("slug", "kind", "locator", "line", "as_printed", "correction", "status", "resolution")
    list_filter = ("kind", "status", "resolution", "source")
    search_fields = ("slug", "locator", "as_printed", "correction", "curator_note")
    readonly_fields = CuratedAdmin.readonly_fields + ("suggested_by", "resolution", "current_value")
    readonly_fields += ("suggester_name", "suggester_email")

    def get_fields(self, request, obj=None):
        """Who suggested a correction without an account is for editors' eyes only."""
        fields = super().get_fields(request, obj)
        hidden = () if self.has_publish_permission(request) else ("suggester_name", "suggester_email")
        return [name for name in fields if name not in hidden]

    actions = (*CuratedAdmin.actions, "accept_suggestions", "reject_suggestions")

    @admin.action(description="Accept the suggested corrections (applies them)", permissions=["publish"])
    def accept_suggestions(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda erratum, reason: suggestion_accept(erratum=erratum, user=request.user, reason=reason),
            "accepted: their records changed, in review",
        )

    @admin.action(description="Reject the suggested corrections (with the reason)", permissions=["publish"])
    def reject_suggestions(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda erratum, reason: suggestion_reject(erratum=erratum, user=request.user, reason=reason),
            "rejected",
        )


@admin.register(Gene)
class GeneAdmin(CuratedRecordAdmin):
    list_display = ("name", "full_name", "hgnc_id", "status", "locator", "updated_at")
    search_fields = ("name", "full_name", "hgnc_id", "synonyms__name", "name_as_printed")
    inlines = (GeneSynonymInline,)


class StatementRelationInline(admin.TabularInline):
    model = StatementRelation
    fk_name = "statement"
    extra = 0
    autocomplete_fields = ("other",)


@admin.register(Statement)
class StatementAdmin(CuratedAdmin):
    list_display = ("slug", "subject_slug", "predicate", "object_slug", "basis", "level", "direction", "status")
    list_filter = ("basis", "predicate", "level", "direction", "status", "source")
    search_fields = ("slug", "subject_slug", "object_slug", "quote", "reason")
    inlines = (StatementRelationInline,)
    fields_order = ("slug", "subject_kind", "subject_slug", "relation", "predicate", "object_kind", "object_slug")

    def get_form(self, request, obj=None, **kwargs):
        """Subject and object are typed with the records' own keys offered as the user types (a datalist)."""
        form = super().get_form(request, obj, **kwargs)
        for name in ("subject_slug", "object_slug"):
            if name in form.base_fields:
                form.base_fields[name].widget.attrs["list"] = "kb-record-keys"
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        context = {**(extra_context or {}), "record_keys": record_keys()}
        return super().changeform_view(request, object_id, form_url, context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        fieldsets[1] = (
            "Provenance: where the source states it",
            {**fieldsets[1][1], "fields": ("part", *PROVENANCE_FIELDS)},
        )
        fieldsets[0][1]["fields"] = [name for name in fieldsets[0][1]["fields"] if name != "part"]
        return fieldsets
