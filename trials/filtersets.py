import django_filters

from biomarkers.models import Biomarker
from kb.filtersets import SORT_LABELS, CuratedFilterSet, link_filter
from kb.models import Gene
from mechanisms.models import Mechanism, Strategy

from .choices import TrialPhase, TrialStatus
from .models import Compound, Trial


def drug_classes():
    return [
        (value, value)
        for value in Compound.objects.order_by("drug_class").values_list("drug_class", flat=True).distinct()
        if value
    ]


class CompoundFilterSet(CuratedFilterSet):
    drug_class = django_filters.MultipleChoiceFilter(choices=drug_classes)
    target = link_filter(Gene, "targets", to_field="name", label="Target gene")
    mechanism = link_filter(Mechanism, "mechanisms", label="Mechanism it counters")
    biomarker = link_filter(Biomarker, "biomarkers")
    strategy = link_filter(Strategy, "strategies")

    class Meta:
        model = Compound
        fields = ["drug_class", "target", "mechanism", "biomarker", "strategy", "status"]


class TrialFilterSet(CuratedFilterSet):
    phase = django_filters.MultipleChoiceFilter(choices=TrialPhase.choices)
    registry_phase = django_filters.MultipleChoiceFilter(choices=TrialPhase.choices)
    recruitment_status = django_filters.MultipleChoiceFilter(choices=TrialStatus.choices)
    registry_status = django_filters.MultipleChoiceFilter(choices=TrialStatus.choices)
    compound = link_filter(Compound, "compounds")
    biomarker = link_filter(Biomarker, "biomarkers")
    subtype = django_filters.CharFilter(field_name="subtype", lookup_expr="icontains")
    ordering = django_filters.OrderingFilter(
        fields=("nct_id", ("name_sort", "name"), "phase", "created_at", "updated_at"),
        field_labels=SORT_LABELS,
        label="Sort by",
    )

    class Meta:
        model = Trial
        fields = [
            "phase",
            "registry_phase",
            "recruitment_status",
            "registry_status",
            "compound",
            "biomarker",
            "subtype",
            "status",
        ]
