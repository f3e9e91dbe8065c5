import django_filters

from kb.core.choices import TherapyContext
from kb.filtersets import CuratedFilterSet, link_filter
from kb.models import Gene

from .choices import MechanismCategory, ModelSystemKind, StrategyKind
from .models import CellLine, CellLineSubgroup, Mechanism, ModelSystem, Strategy


class MechanismFilterSet(CuratedFilterSet):
    category = django_filters.MultipleChoiceFilter(choices=MechanismCategory.choices)
    therapy_context = django_filters.MultipleChoiceFilter(choices=TherapyContext.choices)
    parent = link_filter(Mechanism, "parent", label="Part of")
    gene = link_filter(Gene, "genes", to_field="name")

    class Meta:
        model = Mechanism
        fields = ["category", "therapy_context", "parent", "gene", "status"]


class StrategyFilterSet(CuratedFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=StrategyKind.choices)
    therapy_context = django_filters.MultipleChoiceFilter(choices=TherapyContext.choices)
    mechanism = link_filter(Mechanism, "mechanisms")

    class Meta:
        model = Strategy
        fields = ["kind", "therapy_context", "mechanism", "status"]


class CellLineFilterSet(CuratedFilterSet):
    class Meta:
        model = CellLine
        fields = ["status"]


class CellLineSubgroupFilterSet(CuratedFilterSet):
    class Meta:
        model = CellLineSubgroup
        fields = ["status"]


class ModelSystemFilterSet(CuratedFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=ModelSystemKind.choices)

    class Meta:
        model = ModelSystem
        fields = ["kind", "status"]
