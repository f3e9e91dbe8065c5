from kb.querysets import CuratedQuerySet


class BiomarkerQuerySet(CuratedQuerySet):
    display_links = ("genes", "mechanisms", "mirnas", "compounds", "trials")

    def for_list(self):
        """Biomarkers with their genes and mechanisms, for lists."""
        return self.prefetch_related("genes", "mechanisms")


class MicroRNAQuerySet(CuratedQuerySet):
    display_links = ("mechanisms", "biomarkers")

    def for_list(self):
        """MicroRNAs with their mechanisms and biomarkers, for lists."""
        return self.prefetch_related("mechanisms", "biomarkers")
