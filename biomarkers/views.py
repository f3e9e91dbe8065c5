from kb.web.generic import RecordDetailView, RecordListView

from .filtersets import BiomarkerFilterSet, MicroRNAFilterSet
from .models import Biomarker, MicroRNA


class BiomarkerListView(RecordListView):
    model = Biomarker
    filterset_class = BiomarkerFilterSet
    template_name = "biomarkers/biomarker_list.html"
    api_list = "biomarker-list"
    intro = "Biomarkers of chemotherapy resistance (Table 2) and biomarkers for predicting resistance."
    columns = (
        ("Kind", "get_kind_display"),
        ("Therapy", "get_therapy_context_display"),
        ("Genes", "genes"),
        ("Mechanisms", "mechanisms"),
    )


class BiomarkerDetailView(RecordDetailView):
    model = Biomarker
    template_name = "biomarkers/biomarker_detail.html"
    facts = (("Kind", "get_kind_display", ""), ("Therapy context", "get_therapy_context_display", ""))
    links = (
        ("Genes", "genes"),
        ("Mechanisms it signals", "mechanisms"),
        ("MicroRNAs", "mirnas"),
        ("Compounds", "compounds"),
        ("Trials", "trials"),
    )


class MicroRNAListView(RecordListView):
    model = MicroRNA
    filterset_class = MicroRNAFilterSet
    template_name = "biomarkers/microrna_list.html"
    api_list = "microrna-list"
    paginate_by = 100
    intro = "The dysregulated microRNAs of chemoresistant breast cancer (Table 4), by their miRBase names."
    columns = (
        ("As printed", "name_as_printed"),
        ("Expression", "get_direction_display"),
        ("Fold change", "fold_change"),
        ("Fold change as printed", "fold_change_as_printed"),
    )


class MicroRNADetailView(RecordDetailView):
    model = MicroRNA
    template_name = "biomarkers/microrna_detail.html"
    facts = (
        ("Expression", "get_direction_display", "direction_as_printed"),
        ("Fold change", "fold_change", "fold_change_as_printed"),
    )
    links = (("Mechanisms", "mechanisms"), ("Biomarkers", "biomarkers"))
    identifiers = (("miRBase", "name", "mirbase_url"), ("miRBase accession", "mirbase_accession", "mirbase_url"))
