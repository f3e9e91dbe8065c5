from django.db.models import Prefetch

from kb.querysets import CuratedQuerySet, OwnedQuerySet, visible


class CompoundQuerySet(CuratedQuerySet):
    display_links = ("synonyms", "mechanisms", "biomarkers", "strategies", "trials")

    def for_display(self, *, public: bool):
        """Links, errata, and each target with the name the source gives it."""
        gene = self.model._meta.get_field("targets").related_model
        link_model = self.model._meta.get_field("target_links").related_model
        links = link_model.objects.select_related("gene").filter(gene__in=visible(gene, public=public))
        return super().for_display(public=public).prefetch_related(Prefetch("target_links", queryset=links))


class TrialQuerySet(CuratedQuerySet):
    display_links = ("compounds", "biomarkers")


class CompoundSynonymQuerySet(OwnedQuerySet):
    owner_field, key_field = "compound", "name"


class CompoundTargetQuerySet(OwnedQuerySet):
    owner_field, key_field = "compound", "gene__slug"
