from kb.core.querysets import CuratedQuerySet


class CompoundQuerySet(CuratedQuerySet):
    display_links = ("synonyms", "target_links", "mechanisms", "biomarkers", "strategies", "trials")

    def link_queryset(self, name: str, user):
        """Each target with the gene it names, and the name the source gives it."""
        queryset = super().link_queryset(name, user)
        return queryset.select_related("gene") if name == "target_links" else queryset


class TrialQuerySet(CuratedQuerySet):
    display_links = ("compounds", "biomarkers")

    def _with_provenance(self, user):
        return super()._with_provenance(user).select_related("registry_source")
