"""kb's own kinds: the sources, the errata register and the genes (registered by ``KbConfig.ready``)."""

from kb.api.statements import StatementViewSet
from kb.api.views import ErratumViewSet, GeneViewSet, SourceViewSet
from kb.core.kinds import Kind
from kb.core.models import Erratum, Gene, GeneSynonym, Source, SourcePart
from kb.core.statements import Statement, StatementRelation

KINDS = (
    Kind(Source, "kb.json", api="sources", viewset=SourceViewSet, order=110),
    Kind(SourcePart, "kb.json"),
    Kind(Erratum, "kb.json", api="errata", viewset=ErratumViewSet, order=120),
    Kind(Gene, "kb.json", api="genes", viewset=GeneViewSet, curation="gene", graph=(), order=70),
    Kind(GeneSynonym, "kb.json", owner="gene", key="name"),
    # Statements name their records by kind and slug, so they load before the records they link.
    Kind(Statement, "statements.json", api="statements", viewset=StatementViewSet, curation="statement", order=105),
    Kind(StatementRelation, "statements.json", owner="statement", key="other"),
)
