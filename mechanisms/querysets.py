from kb.querysets import CuratedQuerySet, OwnedQuerySet


class MechanismQuerySet(CuratedQuerySet):
    display_links = ("parent", "children", "genes", "biomarkers", "mirnas", "compounds", "strategies")

    def for_list(self):
        """Mechanisms with their parent and genes, for lists."""
        return self.select_related("parent").prefetch_related("genes")


class StrategyQuerySet(CuratedQuerySet):
    display_links = ("mechanisms", "compounds")

    def for_list(self):
        """Strategies with the mechanisms they address, for lists."""
        return self.prefetch_related("mechanisms")


class ModelSystemQuerySet(CuratedQuerySet):
    display_links = ("features",)

    def for_list(self):
        """Model systems with their features, for lists."""
        return self.prefetch_related("features")


class ModelSystemFeatureQuerySet(OwnedQuerySet):
    owner_field, key_field = "model_system", "position"
