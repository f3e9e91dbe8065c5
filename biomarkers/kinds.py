"""The kinds of this app, for the registry (kb.core.kinds): registered by ``BiomarkersConfig.ready``."""

from kb.core.kinds import EdgeKind, Kind

from .api.views import BiomarkerViewSet, MicroRNAViewSet
from .models import Biomarker, MicroRNA

KINDS = (
    Kind(
        Biomarker,
        "biomarkers.json",
        api="biomarkers",
        viewset=BiomarkerViewSet,
        curation="biomarker",
        graph=(EdgeKind("gene", "genes"), EdgeKind("signals", "mechanisms")),
        order=30,
    ),
    Kind(
        MicroRNA,
        "biomarkers.json",
        api="mirnas",
        viewset=MicroRNAViewSet,
        curation="mirna",
        graph=(EdgeKind("tied_to", "mechanisms"), EdgeKind("measured_by", "biomarkers")),
        order=40,
    ),
)
