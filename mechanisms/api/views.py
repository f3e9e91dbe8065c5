from kb.api import CuratedModelViewSet
from mechanisms.filtersets import (
    CellLineFilterSet,
    CellLineSubgroupFilterSet,
    MechanismFilterSet,
    ModelSystemFilterSet,
    StrategyFilterSet,
)
from mechanisms.models import CellLine, CellLineSubgroup, Mechanism, ModelSystem, Strategy

from .serializers import (
    CellLineSerializer,
    CellLineSubgroupSerializer,
    MechanismSerializer,
    ModelSystemSerializer,
    StrategySerializer,
)


class MechanismViewSet(CuratedModelViewSet):
    queryset = Mechanism.objects.all()
    serializer_class = MechanismSerializer
    filterset_class = MechanismFilterSet


class StrategyViewSet(CuratedModelViewSet):
    queryset = Strategy.objects.all()
    serializer_class = StrategySerializer
    filterset_class = StrategyFilterSet


class CellLineViewSet(CuratedModelViewSet):
    queryset = CellLine.objects.all()
    serializer_class = CellLineSerializer
    filterset_class = CellLineFilterSet


class CellLineSubgroupViewSet(CuratedModelViewSet):
    queryset = CellLineSubgroup.objects.all()
    serializer_class = CellLineSubgroupSerializer
    filterset_class = CellLineSubgroupFilterSet


class ModelSystemViewSet(CuratedModelViewSet):
    queryset = ModelSystem.objects.all()
    serializer_class = ModelSystemSerializer
    filterset_class = ModelSystemFilterSet
