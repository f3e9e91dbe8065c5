from kb.core.querysets import CuratedQuerySet


class BiomarkerQuerySet(CuratedQuerySet):
    display_links = ("genes", "mechanisms", "mirnas", "compounds", "trials")


class MicroRNAQuerySet(CuratedQuerySet):
    display_links = ("mechanisms", "biomarkers")
