from django.contrib import admin

from kb.admin import CuratedRecordAdmin

from .models import CellLine, CellLineSubgroup, Mechanism, ModelSystem, ModelSystemFeature, Strategy


class ModelSystemFeatureInline(admin.TabularInline):
    model = ModelSystemFeature
    extra = 0


@admin.register(Mechanism)
class MechanismAdmin(CuratedRecordAdmin):
    list_display = ("name", "category", "therapy_context", "parent", "status", "locator")
    list_filter = ("category", "therapy_context", "status", "source")
    list_select_related = ("source", "updated_by", "parent")
    autocomplete_fields = ("parent", "genes", "errata")


@admin.register(Strategy)
class StrategyAdmin(CuratedRecordAdmin):
    list_display = ("name", "kind", "therapy_context", "status", "locator")
    list_filter = ("kind", "therapy_context", "status", "source")
    autocomplete_fields = ("mechanisms", "errata")


@admin.register(CellLine)
class CellLineAdmin(CuratedRecordAdmin):
    list_display = ("name", "cellosaurus_accession", "status", "locator")
    search_fields = ("name", "name_as_printed", "cellosaurus_accession", "quote")


@admin.register(CellLineSubgroup)
class CellLineSubgroupAdmin(CuratedRecordAdmin):
    list_display = ("name", "molecular_subtypes", "status", "locator")


@admin.register(ModelSystem)
class ModelSystemAdmin(CuratedRecordAdmin):
    list_display = ("name", "kind", "status", "locator")
    list_filter = ("kind", "status", "source")
    inlines = (ModelSystemFeatureInline,)
