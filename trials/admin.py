from django.contrib import admin

from kb.admin import CuratedRecordAdmin

from .models import Compound, CompoundSynonym, CompoundTarget, Trial


class CompoundSynonymInline(admin.TabularInline):
    model = CompoundSynonym
    extra = 0


class CompoundTargetInline(admin.TabularInline):
    """A compound's targets, read-only: a target is a link, drawn by a statement (Statements → Add)."""

    model = CompoundTarget
    extra = 0
    readonly_fields = ("gene", "as_printed", "added_in_curation")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("gene", "compound")


@admin.register(Compound)
class CompoundAdmin(CuratedRecordAdmin):
    list_display = ("name", "drug_class", "chembl_id", "status", "locator")
    list_filter = ("drug_class", "status", "source")
    search_fields = ("name", "name_as_printed", "synonyms__name", "chembl_id", "drug_class", "description")
    autocomplete_fields = ("mechanisms", "biomarkers", "strategies", "errata")
    inlines = (CompoundSynonymInline, CompoundTargetInline)


@admin.register(Trial)
class TrialAdmin(CuratedRecordAdmin):
    list_display = ("nct_id", "name", "phase", "phase_as_printed", "recruitment_status", "status_as_printed", "status")
    list_filter = ("phase", "recruitment_status", "registry_status", "status", "source")
    search_fields = ("nct_id", "name", "intervention_as_printed", "subtype")
    prepopulated_fields = {}
    autocomplete_fields = ("compounds", "biomarkers", "errata")
