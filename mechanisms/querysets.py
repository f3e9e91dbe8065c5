from kb.core.querysets import CuratedQuerySet


class MechanismQuerySet(CuratedQuerySet):
    display_links = ("parent", "children", "genes", "biomarkers", "mirnas", "compounds", "strategies")


class StrategyQuerySet(CuratedQuerySet):
    display_links = ("mechanisms", "compounds")


class ModelSystemQuerySet(CuratedQuerySet):
    display_links = ("features",)
