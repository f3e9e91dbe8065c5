from rest_framework import viewsets

from kb.filtersets import ErratumFilterSet, GeneFilterSet, SourceFilterSet
from kb.models import Erratum, Gene, Source
from kb.pagination import KBPagination

from . import CuratedModelViewSet
from .serializers import ErratumSerializer, GeneSerializer, SourceSerializer


class GeneViewSet(CuratedModelViewSet):
    queryset = Gene.objects.all()
    serializer_class = GeneSerializer
    filterset_class = GeneFilterSet
    lookup_field = "name"


class ErratumViewSet(CuratedModelViewSet):
    queryset = Erratum.objects.all()
    serializer_class = ErratumSerializer
    filterset_class = ErratumFilterSet


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Source.objects.prefetch_related("parts")
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
    lookup_field = "slug"
    pagination_class = KBPagination
