from django.contrib import admin

from kb.admin import CuratedRecordAdmin

from .models import Biomarker, MicroRNA


@admin.register(Biomarker)
class BiomarkerAdmin(CuratedRecordAdmin):
    list_display = ("name", "kind", "therapy_context", "status", "locator")
    list_filter = ("kind", "therapy_context", "status", "source")
    autocomplete_fields = ("genes", "mechanisms", "errata")


@admin.register(MicroRNA)
class MicroRNAAdmin(CuratedRecordAdmin):
    list_display = ("name", "name_as_printed", "direction", "fold_change", "fold_change_as_printed", "status")
    list_filter = ("direction", "status", "source")
    autocomplete_fields = ("mechanisms", "biomarkers", "errata")
