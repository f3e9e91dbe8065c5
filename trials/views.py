from kb.web.generic import RecordDetailView, RecordListView

from .filtersets import CompoundFilterSet, TrialFilterSet
from .models import Compound, Trial


class CompoundListView(RecordListView):
    model = Compound
    filterset_class = CompoundFilterSet
    template_name = "trials/compound_list.html"
    api_list = "compound-list"
    intro = "Compounds effective against drug-resistant breast tumours (Table 1) and those the trials test (Table 7)."
    columns = (("Drug class", "drug_class"), ("Targets", "target_genes"), ("ChEMBL", "chembl_id"))


class CompoundDetailView(RecordDetailView):
    model = Compound
    template_name = "trials/compound_detail.html"
    facts = (("Drug class", "drug_class", "drug_class_as_printed"),)
    links = (
        ("Also called", "synonyms"),
        ("Mechanisms it counters", "mechanisms"),
        ("Biomarkers", "biomarkers"),
        ("Strategies", "strategies"),
        ("Trials", "trials"),
    )
    identifiers = (("ChEMBL", "chembl_id", "chembl_url"),)

    def get_context_data(self, **kwargs):
        """Each target with the statements that the compound acts on it."""
        targets = [(link, self.object.evidence("targets", link.gene)) for link in self.object.target_links.all()]
        return super().get_context_data(targets=targets, **kwargs)


class TrialListView(RecordListView):
    model = Trial
    filterset_class = TrialFilterSet
    template_name = "trials/trial_list.html"
    api_list = "trial-list"
    intro = "Past and current clinical trials (Table 7): what the review printed, beside what the registry says."
    columns = (
        ("NCT number", "nct_id"),
        ("Phase as printed", "phase_as_printed"),
        ("Status as printed", "status_as_printed"),
        ("Compounds", "compounds"),
    )


class TrialDetailView(RecordDetailView):
    model = Trial
    template_name = "trials/trial_detail.html"
    slug_field = slug_url_kwarg = "nct_id"
    facts = (
        ("Intervention", "intervention_as_printed", ""),
        ("Subtype", "subtype", "subtype_as_printed"),
        ("Phase", "get_phase_display", "phase_as_printed"),
        ("Type", "get_trial_type_display", "trial_type_as_printed"),
        ("Status", "get_recruitment_status_display", "status_as_printed"),
        ("Phase in the registry", "get_registry_phase_display", ""),
        ("Status in the registry", "get_registry_status_display", ""),
        ("Registry record", "registry_source", ""),
        ("Registry record dated", "registry_as_of", ""),
        ("Registry record read on", "registry_checked_on", ""),
    )
    links = (("Compounds", "compounds"), ("Biomarkers", "biomarkers"))
    identifiers = (("ClinicalTrials.gov", "nct_id", "registry_url"),)
