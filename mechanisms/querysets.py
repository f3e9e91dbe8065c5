from kb.querysets import CuratedQuerySet, OwnedQuerySet


class MechanismQuerySet(CuratedQuerySet):
    display_links = ("parent", "children", "genes", "biomarkers", "mirnas", "compounds", "strategies")


class StrategyQuerySet(CuratedQuerySet):
    display_links = ("mechanisms", "compounds")


class ModelSystemQuerySet(CuratedQuerySet):
    display_links = ("features",)


class ModelSystemFeatureQuerySet(OwnedQuerySet):
    owner_field, key_field = "model_system", "position"
