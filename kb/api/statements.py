"""The API of statements: ``/api/v1/statements/``, every link between records with its source, quote and basis."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kb.core.links import api_path
from kb.core.models import SourcePart
from kb.core.statements import Statement, StatementRelation, attach_ends
from kb.filtersets import StatementFilterSet

from .base import CuratedModelViewSet, CuratedSerializer
from .fields import ProvenanceSerializer, absolute

END_SCHEMA = {
    "type": "object",
    "nullable": True,
    "properties": {
        "kind": {"type": "string"},
        "slug": {"type": "string"},
        "name": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
    },
}


@extend_schema_field(END_SCHEMA)
class EndField(serializers.Field):
    """One end of a statement: its kind, slug, name and address (null for a record the reader may not see)."""

    def __init__(self, end: str, **kwargs):
        self.end = end
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, statement):
        link = getattr(statement, f"{self.end}_link", None)
        if link is None:
            return None
        return {
            "kind": link.model._meta.model_name,
            "slug": link.slug,
            "name": str(link.name),
            "url": absolute(api_path(link.model, link.key), self.context),
        }


class StatementRelationSerializer(serializers.ModelSerializer):
    other = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = StatementRelation
        fields = ["kind", "other", "reason"]


class RelatedFromSerializer(serializers.ModelSerializer):
    statement = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = StatementRelation
        fields = ["statement", "kind", "reason"]


class PartField(serializers.SlugRelatedField):
    """A part of a source by its slug; where two sources have a part of that slug, the one of the given source."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", queryset=SourcePart.objects.all(), **kwargs)

    def to_internal_value(self, data):
        parts = list(SourcePart.objects.filter(slug=str(data))[:2])
        if len(parts) > 1:
            provenance = (getattr(self.root, "initial_data", None) or {}).get("provenance") or {}
            parts = list(SourcePart.objects.filter(slug=str(data), source__slug=str(provenance.get("source", "")))[:2])
        if len(parts) != 1:
            raise serializers.ValidationError(f"No part {str(data)[:60]!r} of the statement's source.")
        return parts[0]


class StatementProvenanceSerializer(ProvenanceSerializer):
    part = PartField(allow_null=True, required=False)


class StatementSerializer(CuratedSerializer):
    name = serializers.CharField(read_only=True)
    subject = EndField("subject")
    object = EndField("object")
    provenance = StatementProvenanceSerializer(source="*", required=False)
    relations = StatementRelationSerializer(many=True, read_only=True)
    related_from = RelatedFromSerializer(many=True, read_only=True)
    has_conflict = serializers.BooleanField(read_only=True, default=False)
    level_note = serializers.CharField(read_only=True)
    errata = None

    class Meta:
        model = Statement
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "subject",
            "subject_kind",
            "subject_slug",
            "relation",
            "predicate",
            "object",
            "object_kind",
            "object_slug",
            "basis",
            "reason",
            "cited_as",
            "level",
            "level_note",
            "direction",
            "has_conflict",
            "relations",
            "related_from",
            "status",
            "provenance",
            "curated_fields",
            "curator_note",
            "created_at",
            "created_by",
            "updated_at",
            "updated_by",
        ]
        read_only_fields = CuratedSerializer.common_read_only


class StatementViewSet(CuratedModelViewSet):
    queryset = Statement.objects.all()
    serializer_class = StatementSerializer
    filterset_class = StatementFilterSet
    suggest = None  # a statement is corrected by another statement (a relation), not by a suggestion

    def get_queryset(self):
        return Statement.objects.for_detail(self.request.user)

    @staticmethod
    def prepare(records: list, user) -> list:
        """A page of statements with both their ends named, read in one query."""
        return attach_ends(records)

    def get_object(self):
        return attach_ends([super().get_object()])[0]

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self._as_read(serializer.instance)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.instance = self._as_read(serializer.instance)

    def _as_read(self, statement):
        """The saved statement as a read answers it: both ends named, and whether contested."""
        return attach_ends([Statement.objects.for_detail(self.request.user).get(pk=statement.pk)])[0]
