"""The kinds of this app, for the registry (kb.core.kinds): registered by ``MechanismsConfig.ready``."""

from kb.core.kinds import EdgeKind, Kind

from .api.views import CellLineSubgroupViewSet, CellLineViewSet, MechanismViewSet, ModelSystemViewSet, StrategyViewSet
from .models import CellLine, CellLineSubgroup, Mechanism, ModelSystem, ModelSystemFeature, Strategy

FIXTURE = "mechanisms.json"
KINDS = (
    Kind(
        Mechanism,
        FIXTURE,
        api="mechanisms",
        viewset=MechanismViewSet,
        curation="mechanism",
        graph=(EdgeKind("part_of", "parent"), EdgeKind("gene", "genes")),
        order=10,
    ),
    Kind(
        Strategy,
        FIXTURE,
        api="strategies",
        viewset=StrategyViewSet,
        curation="strategy",
        graph=(EdgeKind("addresses", "mechanisms"),),
        order=20,
    ),
    Kind(CellLine, FIXTURE, api="cell-lines", viewset=CellLineViewSet, curation="cell-line", graph=(), order=80),
    Kind(
        CellLineSubgroup,
        FIXTURE,
        api="cell-line-subgroups",
        viewset=CellLineSubgroupViewSet,
        curation="subgroup",
        graph=(),
        order=90,
    ),
    Kind(
        ModelSystem,
        FIXTURE,
        api="model-systems",
        viewset=ModelSystemViewSet,
        curation="model-system",
        graph=(),
        order=100,
    ),
    Kind(ModelSystemFeature, FIXTURE, owner="model_system", key="position"),
)
