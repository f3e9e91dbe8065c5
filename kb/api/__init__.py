"""The REST API's shared pieces (``base``) and kb's own serializers and viewsets."""

from .base import CuratedModelViewSet, CuratedSerializer, LinkField, ProvenanceSerializer

__all__ = ["CuratedModelViewSet", "CuratedSerializer", "LinkField", "ProvenanceSerializer"]
