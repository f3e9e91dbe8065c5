"""The kinds of this app, for the registry (kb.core.kinds): registered by ``TrialsConfig.ready``."""

from kb.core.kinds import EdgeKind, Kind

from .api.views import CompoundViewSet, TrialViewSet
from .models import Compound, CompoundSynonym, CompoundTarget, Trial

FIXTURE = "trials.json"
KINDS = (
    Kind(
        Compound,
        FIXTURE,
        api="compounds",
        viewset=CompoundViewSet,
        curation="compound",
        graph=(
            EdgeKind("targets", "targets"),
            EdgeKind("counters", "mechanisms"),
            EdgeKind("biomarker", "biomarkers"),
            EdgeKind("strategy", "strategies"),
        ),
        order=50,
    ),
    Kind(CompoundSynonym, FIXTURE, owner="compound", key="name"),
    Kind(CompoundTarget, FIXTURE, owner="compound", key="gene"),
    Kind(
        Trial,
        FIXTURE,
        api="trials",
        viewset=TrialViewSet,
        curation="trial",
        graph=(EdgeKind("tests", "compounds"), EdgeKind("biomarker", "biomarkers")),
        order=60,
    ),
)
