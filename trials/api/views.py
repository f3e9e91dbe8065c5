from kb.api import CuratedModelViewSet
from trials.filtersets import CompoundFilterSet, TrialFilterSet
from trials.models import Compound, Trial

from .serializers import CompoundSerializer, TrialSerializer


class CompoundViewSet(CuratedModelViewSet):
    queryset = Compound.objects.all()
    serializer_class = CompoundSerializer
    filterset_class = CompoundFilterSet


class TrialViewSet(CuratedModelViewSet):
    queryset = Trial.objects.all()
    serializer_class = TrialSerializer
    filterset_class = TrialFilterSet
    lookup_field = "nct_id"
