from kb.querysets import CuratedQuerySet, OwnedQuerySet


class CompoundQuerySet(CuratedQuerySet):
    def for_list(self):
        """Compounds with their synonyms, targets and links, for lists."""
        return self.prefetch_related("synonyms", "targets", "mechanisms", "biomarkers", "strategies")


class TrialQuerySet(CuratedQuerySet):
    def for_list(self):
        """Trials with their compounds and biomarkers, for lists."""
        return self.prefetch_related("compounds", "biomarkers")


class CompoundSynonymQuerySet(OwnedQuerySet):
    owner_field, key_field = "compound", "name"


class CompoundTargetQuerySet(OwnedQuerySet):
    owner_field, key_field = "compound", "gene__slug"
