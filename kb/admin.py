"""The curators' workbench: a shared base for every curated model, and the admin of kb's own models."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Erratum, Gene, GeneSynonym, Source, SourcePart

PROVENANCE_FIELDS = ("source", "locator", "line", "quote", "curated_fields")
CURATION_FIELDS = ("status", "curator_note")
STAMP_FIELDS = ("created_at", "created_by", "updated_at", "updated_by")


class CuratedAdmin(SimpleHistoryAdmin):
    """Provenance grouped and read-only stamps, the users stamped on save, and history with revert."""

    readonly_fields = STAMP_FIELDS
    list_filter = ("status", "source")
    list_select_related = ("source", "updated_by")
    list_per_page = 50

    def get_fieldsets(self, request, obj=None):
        fields = [
            name
            for name in self.get_fields(request, obj)
            if name not in PROVENANCE_FIELDS + CURATION_FIELDS + STAMP_FIELDS + ("errata",)
        ]
        errata = ("errata",) if "errata" in {f.name for f in self.model._meta.get_fields()} else ()
        return [
            (None, {"fields": fields}),
            ("Provenance: where the review printed it", {"fields": PROVENANCE_FIELDS}),
            ("Curation", {"fields": CURATION_FIELDS + errata}),
            ("Changes", {"fields": STAMP_FIELDS, "classes": ("collapse",)}),
        ]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class CuratedRecordAdmin(CuratedAdmin):
    list_display = ("name", "slug", "status", "locator", "updated_at")
    search_fields = ("name", "name_as_printed", "slug", "description", "quote")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("errata",)


class GeneSynonymInline(admin.TabularInline):
    model = GeneSynonym
    extra = 0


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ("title", "slug", "kind")
    list_filter = ("kind",)
    search_fields = ("title", "citation")


@admin.register(SourcePart)
class SourcePartAdmin(admin.ModelAdmin):
    list_display = ("locator", "kind", "number", "line", "in_scope")
    list_filter = ("kind", "in_scope", "source")
    search_fields = ("locator", "title_as_printed")
    list_select_related = ("source",)


@admin.register(Erratum)
class ErratumAdmin(CuratedAdmin):
    list_display = ("slug", "kind", "locator", "line", "as_printed", "correction", "status")
    list_filter = ("kind", "status", "source")
    search_fields = ("slug", "locator", "as_printed", "correction", "curator_note")


@admin.register(Gene)
class GeneAdmin(CuratedRecordAdmin):
    list_display = ("name", "full_name", "hgnc_id", "status", "locator", "updated_at")
    search_fields = ("name", "full_name", "hgnc_id", "synonyms__name", "name_as_printed")
    inlines = (GeneSynonymInline,)
