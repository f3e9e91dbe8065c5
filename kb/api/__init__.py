"""The REST API's shared pieces (``base``, ``fields``, ``errors``) and kb's own serializers and viewsets."""

from .base import CuratedModelViewSet, CuratedSerializer
from .fields import LinkField, ProvenanceSerializer, RecordUrlField

__all__ = ["CuratedModelViewSet", "CuratedSerializer", "LinkField", "ProvenanceSerializer", "RecordUrlField"]
