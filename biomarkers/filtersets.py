import django_filters

from kb.core.choices import TherapyContext
from kb.filtersets import SORT_LABELS, CuratedFilterSet, boolean_filter, link_filter
from kb.models import Gene
from mechanisms.models import Mechanism

from .choices import BiomarkerKind, Direction
from .models import Biomarker, MicroRNA


class BiomarkerFilterSet(CuratedFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=BiomarkerKind.choices)
    therapy_context = django_filters.MultipleChoiceFilter(choices=TherapyContext.choices)
    gene = link_filter(Gene, "genes", to_field="name")
    mechanism = link_filter(Mechanism, "mechanisms")

    class Meta:
        model = Biomarker
        fields = ["kind", "therapy_context", "gene", "mechanism", "status"]


class MicroRNAFilterSet(CuratedFilterSet):
    direction = django_filters.ChoiceFilter(choices=Direction.choices)
    fold_change_min = django_filters.NumberFilter(
        field_name="fold_change", lookup_expr="gte", min_value=0, label="Fold change at least"
    )
    fold_change_max = django_filters.NumberFilter(
        field_name="fold_change", lookup_expr="lte", min_value=0, label="Fold change at most"
    )
    has_fold_change = boolean_filter(
        field_name="fold_change", lookup_expr="isnull", exclude=True, label="Fold change reported"
    )
    mechanism = link_filter(Mechanism, "mechanisms")
    biomarker = link_filter(Biomarker, "biomarkers")
    ordering = django_filters.OrderingFilter(
        fields=(("name_sort", "name"), "slug", "fold_change", "direction", "created_at", "updated_at"),
        field_labels=SORT_LABELS,
        label="Sort by",
    )

    class Meta:
        model = MicroRNA
        fields = ["direction", "mechanism", "biomarker", "status"]
