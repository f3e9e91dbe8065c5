from biomarkers.filtersets import BiomarkerFilterSet, MicroRNAFilterSet
from biomarkers.models import Biomarker, MicroRNA
from kb.api import CuratedModelViewSet

from .serializers import BiomarkerSerializer, MicroRNASerializer


class BiomarkerViewSet(CuratedModelViewSet):
    queryset = Biomarker.objects.all()
    serializer_class = BiomarkerSerializer
    filterset_class = BiomarkerFilterSet


class MicroRNAViewSet(CuratedModelViewSet):
    queryset = MicroRNA.objects.all()
    serializer_class = MicroRNASerializer
    filterset_class = MicroRNAFilterSet
